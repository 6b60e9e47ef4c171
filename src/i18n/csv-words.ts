import {MEASURES, STATUSES} from '../../seeds/programme';
import type {CsvColumn, PlotCsvWords} from '../geo/export/csv-export';
import type {Lang} from './lang';

/**
 * The plot CSV's Chinese headers. Each is one the importer reads back as the same column
 * (src/geo/import/plot-attributes.ts: its field aliases, the derived and label columns it
 * skips, the `extra` column; csv.ts: the WKT column), so a zh export re-imports unchanged.
 */
const ZH_HEADERS: Readonly<Record<CsvColumn, string>> = {
  id: '编号',
  name: '名称',
  zone: '片区',
  measure: '措施',
  status: '状态',
  completed: '完成日期',
  team: '班组',
  notes: '备注',
  updated: '更新时间',
  area_m2: '面积（平方米）',
  area_mu: '面积（亩）',
  wkt: '几何',
  extra: '其他属性',
};

/** How a plot CSV is worded in `lang`: Chinese headers and labels beside the codes in zh; the codes' own headers in en. */
export function plotCsvWords(lang: Lang): PlotCsvWords | undefined {
  if (lang !== 'zh') return undefined;
  return {
    headers: ZH_HEADERS,
    measureLabel: {header: '措施（中文）', of: (code) => MEASURES.find((m) => m.code === code)?.zh ?? ''},
    statusLabel: {header: '状态（中文）', of: (code) => STATUSES.find((s) => s.code === code)?.zh ?? ''},
  };
}
