import {MEASURES, STATUSES} from '../../seeds/programme';
import type {Lang} from '../i18n/lang';
import type {PlotFilters} from './filters-slice';

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A day for a caption: `2025-06-30` is “2025年6月30日” or “30 June 2025”. */
export function captionDate(isoDay: string, lang: Lang): string {
  const [y, m, d] = isoDay.slice(0, 10).split('-').map(Number) as [number, number, number];
  return lang === 'zh' ? `${y}年${m}月${d}日` : `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

export type CaptionFigures = {readonly asOf: string; readonly remediatedMu: number; readonly percentOfTarget: number};

/** What the filters narrow the figures to, in words; empty when nothing is filtered but the day. */
function filterNote(filters: PlotFilters, lang: Lang): string {
  const parts: string[] = [];
  if (filters.measures.length > 0) parts.push(filters.measures.map((c) => MEASURES.find((m) => m.code === c)?.[lang] ?? c).join(lang === 'zh' ? '、' : ', '));
  if (filters.statuses.length > 0) parts.push(filters.statuses.map((c) => STATUSES.find((s) => s.code === c)?.[lang] ?? c).join(lang === 'zh' ? '、' : ', '));
  if (filters.teams.length > 0) parts.push(filters.teams.join(lang === 'zh' ? '、' : ', '));
  if (filters.from !== null || filters.to !== null) {
    const from = filters.from ? captionDate(filters.from, lang) : '…';
    const to = filters.to ? captionDate(filters.to, lang) : '…';
    parts.push(lang === 'zh' ? `${from}至${to}完成` : `completed ${from} – ${to}`);
  }
  if (parts.length === 0) return '';
  return lang === 'zh' ? `（${parts.join('；')}）` : ` (${parts.join('; ')})`;
}

/**
 * A slide caption written from the figures, e.g.
 * “截至2025年6月30日，大通县采煤沉陷区已完成治理3,280亩，占目标的44.9%” /
 * “As of 30 June 2025, 3,280 mu of Datong's coal-mining subsidence areas had been remediated, 44.9% of the target”.
 * Mu are rounded to whole mu and the share to one decimal, as the figures are read aloud.
 */
export function slideCaption(figures: CaptionFigures, lang: Lang, filters?: PlotFilters): string {
  const mu = new Intl.NumberFormat('en', {maximumFractionDigits: 0}).format(figures.remediatedMu);
  const percent = new Intl.NumberFormat('en', {minimumFractionDigits: 1, maximumFractionDigits: 1}).format(figures.percentOfTarget);
  const note = filters ? filterNote(filters, lang) : '';
  return lang === 'zh'
    ? `截至${captionDate(figures.asOf, 'zh')}，大通县采煤沉陷区${note}已完成治理${mu}亩，占目标的${percent}%`
    : `As of ${captionDate(figures.asOf, 'en')}, ${mu} mu of Datong's coal-mining subsidence areas${note} had been remediated, ${percent}% of the target`;
}
