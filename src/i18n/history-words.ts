import {MEASURES, STATUSES} from '../../seeds/programme';
import type {Plot, PlotProperties} from '../geo/plot';
import type {Lang} from './lang';
import type {Entry} from './words';
import {word} from './words';

/** What a history entry records, as the UI needs it (state/persistence's HistoryEntry fits). */
export type HistoryFacts = {
  readonly action: 'create' | 'update' | 'delete' | 'undo' | 'photo-add' | 'photo-remove';
  readonly before: Plot | null;
  readonly after: Plot | null;
};

const WORDS = {
  create: {zh: '新建地块', en: 'Plot created'},
  delete: {zh: '删除地块', en: 'Plot deleted'},
  'photo-add': {zh: '添加照片', en: 'Photo added'},
  'photo-remove': {zh: '删除照片', en: 'Photo deleted'},
  undo: {zh: '撤销', en: 'Undone'},
  restored: {zh: '恢复地块', en: 'Plot restored'},
  noChange: {zh: '未改动字段', en: 'No field changed'},
  shape: {zh: '边界形状已修改', en: 'Shape changed'},
  notes: {zh: '备注已修改', en: 'Notes changed'},
  empty: {zh: '（空）', en: '(empty)'},
  name: {zh: '名称', en: 'Name'},
  zone: {zh: '沉陷区', en: 'Zone'},
  measure: {zh: '治理措施', en: 'Measure'},
  status: {zh: '状态', en: 'Status'},
  completed: {zh: '完成日期', en: 'Completed'},
  team: {zh: '施工班组', en: 'Team'},
} as const satisfies Record<string, Entry>;

const w = (key: keyof typeof WORDS, lang: Lang) => word(WORDS[key], lang);

type Field = 'name' | 'zone' | 'measure' | 'status' | 'completed' | 'team';
const FIELDS: readonly Field[] = ['status', 'completed', 'name', 'measure', 'zone', 'team'];

function valueText(field: Field, p: PlotProperties, lang: Lang, zoneName: (id: string) => string): string {
  const v = p[field];
  if (v === null || v === '') return w('empty', lang);
  if (field === 'status') return STATUSES.find((s) => s.code === v)?.[lang] ?? String(v);
  if (field === 'measure') return MEASURES.find((m) => m.code === v)?.[lang] ?? String(v);
  if (field === 'zone') return zoneName(String(v));
  return String(v);
}

/** "状态：施工中 → 已治理（自报）" for each field that differs between two versions of a plot. */
export function plotChanges(before: Plot, after: Plot, lang: Lang, zoneName: (id: string) => string = (id) => id): string[] {
  const colon = lang === 'zh' ? '：' : ': ';
  const changes = FIELDS.filter((f) => before.properties[f] !== after.properties[f]).map(
    (f) => `${w(f, lang)}${colon}${valueText(f, before.properties, lang, zoneName)} → ${valueText(f, after.properties, lang, zoneName)}`,
  );
  if (before.properties.notes !== after.properties.notes) changes.push(w('notes', lang));
  if (JSON.stringify(before.geometry) !== JSON.stringify(after.geometry)) changes.push(w('shape', lang));
  return changes;
}

/**
 * A history entry in words, in `lang`: what was done and what changed, e.g.
 * "状态：施工中 → 已治理（自报）；边界形状已修改" or "Undone: Status: Remediated (claimed) → In progress".
 */
export function historyText(entry: HistoryFacts, lang: Lang, zoneName?: (id: string) => string): string {
  const sep = lang === 'zh' ? '；' : '; ';
  const colon = lang === 'zh' ? '：' : ': ';
  const {action, before, after} = entry;
  if (action === 'create' || action === 'delete' || action === 'photo-add' || action === 'photo-remove') return w(action, lang);
  if (!before || !after) {
    // An undo that brought a deleted plot back, or deleted a created one.
    const what = after ? w('restored', lang) : w('delete', lang);
    return action === 'undo' ? `${w('undo', lang)}${colon}${what}` : what;
  }
  const changes = plotChanges(before, after, lang, zoneName);
  const text = changes.length ? changes.join(sep) : w('noChange', lang);
  return action === 'undo' ? `${w('undo', lang)}${colon}${text}` : text;
}
