import {MEASURES, STATUSES} from '../../seeds/programme';
import {escapeCsvText} from '../geo/export/csv-export';
import {UNDATED_MONTH, type Tally} from '../geo/tally';
import {INDICATIVE_ZONES, type ZonesSource} from '../geo/zones-import';
import {squareMetersToHectares, squareMetersToMu} from '../geo/units';
import type {Lang} from '../i18n/lang';
import type {Outlook, TeamFigure} from './dashboard';
import type {PlotFilters} from './filters-slice';

type Cell = string | number | null;

/** A text cell safe for Excel (no formula start, full-width forms too) and quoted per RFC 4180. */
function cell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.round(value * 10_000) / 10_000) : '';
  const safe = escapeCsvText(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

// The last column gives the code behind a worded item (a status, a measure, a zone id), so a
// Chinese export carries its labels next to the codes other tools use.
const HEAD = {zh: ['部分', '项目', '地块数', '面积（亩）', '面积（公顷）', '面积（平方米）', '代码'], en: ['section', 'item', 'plots', 'area_mu', 'area_ha', 'area_m2', 'code']};

/**
 * The dashboard's figures as CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends,
 * one row per figure. The numbers are the tally's, unrounded beyond 4 decimals.
 */
export function summaryToCsv(input: {tally: Tally; outlook: Outlook; teams: readonly TeamFigure[]; filters: PlotFilters; lang: Lang; zonesSource?: ZonesSource}): string {
  const {tally, outlook, teams, filters, lang} = input;
  const zones = input.zonesSource ?? INDICATIVE_ZONES;
  const zh = lang === 'zh';
  const rows: Cell[][] = [HEAD[lang]];
  const area = (section: string, item: string, plots: number | null, m2: number, code: string | null = null) =>
    rows.push([section, item, plots, squareMetersToMu(m2), squareMetersToHectares(m2), m2, ...(code === null ? [] : [code])]);
  const fact = (section: string, item: string, value: Cell) => rows.push([section, item, null, value, null, null]);
  fact(zh ? '条件' : 'conditions', zh ? '截至日期' : 'as of', tally.pace.asOf);
  fact(zh ? '条件' : 'conditions', zh ? '筛选' : 'filters', JSON.stringify({statuses: filters.statuses, measures: filters.measures, teams: filters.teams, from: filters.from, to: filters.to}));
  area(zh ? '总计' : 'total', zh ? '已治理' : 'remediated', tally.byStatus.remediated.plots + tally.byStatus.verified.plots, tally.remediatedSquareMeters);
  fact(zh ? '总计' : 'total', zh ? '目标（亩）' : 'target_mu', tally.targetMu);
  fact(zh ? '总计' : 'total', zh ? '占目标（%）' : 'percent_of_target', tally.percentOfTarget);
  area(zh ? '总计' : 'total', zh ? '剩余' : 'remaining', null, outlook.remainingSquareMeters);
  fact(zh ? '总计' : 'total', zh ? '距截止日天数' : 'days_to_deadline', outlook.daysLeft);
  fact(zh ? '进度' : 'pace', zh ? `近${tally.pace.months}个月（亩/月）` : `last_${tally.pace.months}_months_mu_per_month`, tally.pace.muPerMonth);
  fact(zh ? '进度' : 'pace', zh ? '按期所需（亩/月）' : 'needed_mu_per_month', outlook.neededMuPerMonth);
  fact(zh ? '进度' : 'pace', zh ? '预计完成日期' : 'projected_date', tally.pace.projectedTargetDate);
  for (const s of STATUSES) area(zh ? '按状态' : 'status', s[lang], tally.byStatus[s.code].plots, tally.byStatus[s.code].areaSquareMeters, s.code);
  // Every by-zone figure says which zones it is by: the project's indicative outlines or an official file.
  fact(zh ? '按沉陷区' : 'zone', zh ? '分区依据' : 'zones_source', zones.kind === 'official'
    ? (zh ? `正式边界：${zones.fileName}（${zones.date}）` : `official: ${zones.fileName} (${zones.date})`)
    : (zh ? '示意范围（本项目绘制，非正式边界）' : 'indicative (outlines drawn by this project, not official boundaries)'));
  // The outside row is named by the tally itself (所有沉陷区之外 / Outside every zone), as in the CLI's JSON.
  for (const z of tally.byZone) area(zh ? '按沉陷区' : 'zone', zh ? z.nameZh : z.nameEn, z.plots, z.areaSquareMeters);
  for (const m of MEASURES) {
    const f = tally.byMeasure[m.code];
    if (f) area(zh ? '按治理措施' : 'measure', m[lang], f.plots, f.areaSquareMeters, m.code);
  }
  for (const t of teams) area(zh ? '按队伍' : 'team', t.team, t.plots, t.remediatedSquareMeters);
  for (const m of tally.byMonth) area(zh ? '按完成月份' : 'month', m.month === UNDATED_MONTH ? (zh ? '无完成日期' : 'no completion date') : m.month, m.plots, m.areaSquareMeters);
  if (tally.undatedLeftOut.plots > 0) area(zh ? '截至日期未计入' : 'left_out_as_of', zh ? '无完成日期的已治理地块' : 'undated remediated plots', tally.undatedLeftOut.plots, tally.undatedLeftOut.areaSquareMeters);
  return `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
