import {MEASURES, STATUSES} from '../../../seeds/programme';
import type {JsonValue} from '../plot';
import type {ImportNotice} from './staged-import';

/*
 * Attributes from other tools onto the plot model. Column names are matched loosely (case,
 * spaces, underscores ignored) in English and in the Chinese that survey teams use; status
 * and measure values may be codes or the programme's Chinese or English labels. A value that
 * matches nothing is passed on unchanged, so validation rejects it with its reason.
 */

const FIELD_ALIASES = {
  id: ['id', 'plotid', '编号', '地块编号', '图斑编号'],
  name: ['name', 'title', '名称', '地块名称', '地块名', '图斑名称'],
  zone: ['zone', 'area', '片区', '区域', '乡镇', '沉陷区', '所在区域', '所属区域'],
  measure: ['measure', 'measures', '措施', '治理措施', '治理方式'],
  status: ['status', 'state', '状态', '治理状态', '进度'],
  completed: ['completed', 'completeddate', 'completiondate', 'datecompleted', '完成日期', '完成时间', '竣工日期'],
  team: ['team', 'crew', 'contractor', '班组', '施工单位', '施工队', '责任单位'],
  notes: ['notes', 'note', 'remarks', 'remark', 'description', 'desc', 'comment', '备注', '说明', '描述'],
  updated: ['updated', 'lastupdated', '更新时间'],
} as const;
type Field = keyof typeof FIELD_ALIASES;

const normalise = (key: string) => key.trim().toLowerCase().replace(/[\s_\-.]+/g, '');
const FIELD_OF = new Map<string, Field>(Object.entries(FIELD_ALIASES).flatMap(([field, names]) => names.map((n) => [normalise(n), field as Field] as const)));

const STATUS_WORDS: Record<string, string> = {
  ...Object.fromEntries(STATUSES.flatMap((s) => [[s.code, s.code], [s.zh, s.code], [s.en.toLowerCase(), s.code]])),
  '计划': 'planned', '规划': 'planned', '未开工': 'planned', '待治理': 'planned', 'in progress': 'in_progress', 'in-progress': 'in_progress',
  '施工中': 'in_progress', '在建': 'in_progress', '治理中': 'in_progress', '进行中': 'in_progress',
  '已治理': 'remediated', '已完成': 'remediated', '完工': 'remediated', '已完工': 'remediated', 'done': 'remediated',
  '已验收': 'verified', '验收合格': 'verified', '已核查': 'verified',
};
const MEASURE_WORDS: Record<string, string> = Object.fromEntries(MEASURES.flatMap((m) => [[m.code, m.code], [m.zh, m.code], [m.en.toLowerCase(), m.code]]));

export type MappedAttributes = {
  readonly properties: Record<string, unknown>;
  readonly extra: Record<string, JsonValue>;
  readonly notices: readonly ImportNotice[];
};

const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));
const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** `2024/9/15`, `2024.09.15`, `2024年9月15日`, `20240915` → `2024-09-15`; anything else unchanged. */
export function normaliseDate(value: string): string {
  const v = value.trim();
  const m = /^(\d{4})[/.\-年](\d{1,2})[/.\-月](\d{1,2})日?(?:[T\s].*)?$/.exec(v) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : v;
}

/** Plain-data copy of an attribute for `extra`: a JSON value (JSON.parse makes `__proto__` an own key, never a prototype). */
function extraValue(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  const text = JSON.stringify(v);
  return text === undefined ? String(v) : (JSON.parse(text) as JsonValue);
}

/**
 * Columns this app writes on export that are not data of their own (csv-export.ts,
 * shapefile-export.ts, and the Chinese CSV worded by src/i18n/csv-words.ts): figures from the
 * geometry, and the labels written beside the status and measure codes. Matched loosely.
 */
const DERIVED_KEYS = new Set(['area_m2', 'area_mu', '面积（平方米）', '面积（亩）', 'measure_label', 'status_label', '措施（中文）', '状态（中文）'].map((k) => normalise(k)));
/** The column holding the attributes no field takes, as JSON: `extra`, or its Chinese header. */
const EXTRA_KEYS = new Set(['extra', '其他属性'].map((k) => normalise(k)));

const defineKey = (target: Record<string, JsonValue>, key: string, value: JsonValue) =>
  Object.defineProperty(target, key, {value, enumerable: true, writable: true, configurable: true});

/**
 * The `extra` attribute this app writes on export — an object in GeoJSON, JSON text in CSV,
 * KML and shapefile — as the map it was, or null when the value is something else.
 */
function exportedExtra(v: unknown): Record<string, JsonValue> | null {
  let value = v;
  if (typeof v === 'string' && v.trim().startsWith('{')) {
    try {
      value = JSON.parse(v) as unknown;
    } catch {
      return null;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (extraValue(value) as Record<string, JsonValue>) : null;
}

/**
 * Maps one feature's attributes onto PlotProperties. `id` falls back to the feature-level
 * id and then to a new UUID; a missing status becomes `planned` (the programme's first
 * stage); `updated` is the import time unless the file has one. Unmapped attributes go
 * to `extra` (also stored on the plot as `properties.extra`), copied with defineProperty so
 * `__proto__` and `constructor` stay data; an `extra` the app exported earlier is unpacked.
 */
export function mapPlotAttributes(properties: Readonly<Record<string, unknown>>, featureId: unknown, now: string, newId: () => string, where: string): MappedAttributes {
  const found: Partial<Record<Field, unknown>> = {};
  const extra: Record<string, string | number | boolean | null> = {};
  const notices: ImportNotice[] = [];
  for (const key of Object.keys(properties)) {
    const normalised = normalise(key);
    // The area columns this app's CSV and shapefile exports write are recomputed from the geometry.
    if (DERIVED_KEYS.has(normalised)) continue;
    const value = properties[key];
    // The export's own `extra` column left empty: no attributes to keep.
    if (EXTRA_KEYS.has(normalised) && blank(value)) continue;
    const field = FIELD_OF.get(normalised);
    const exported = EXTRA_KEYS.has(normalised) ? exportedExtra(value) : null;
    if (exported) for (const [k, v] of Object.entries(exported)) defineKey(extra, k, v);
    else if (field && (found[field] === undefined || blank(found[field]))) found[field] = value;
    // A second column for the same field (KML's description beside an ExtendedData "notes") with the same value says nothing more.
    else if (!(field && text(found[field]) === text(value))) defineKey(extra, key, extraValue(value));
  }
  let id = blank(found.id) ? (typeof featureId === 'string' || typeof featureId === 'number' ? featureId : null) : found.id;
  if (blank(id)) {
    id = newId();
    notices.push({code: 'id-generated', where});
  }
  let status: unknown = found.status;
  if (blank(status)) {
    status = 'planned';
    notices.push({code: 'status-defaulted', where});
  } else status = STATUS_WORDS[text(status).trim().toLowerCase()] ?? STATUS_WORDS[text(status).trim()] ?? status;
  const measure = blank(found.measure) ? undefined : (MEASURE_WORDS[text(found.measure).trim().toLowerCase()] ?? MEASURE_WORDS[text(found.measure).trim()] ?? found.measure);
  let completed: unknown = blank(found.completed) ? null : found.completed;
  if (typeof completed === 'string') {
    const iso = normaliseDate(completed);
    if (iso !== completed.trim()) notices.push({code: 'date-normalised', where, params: {text: completed, date: iso}});
    completed = iso;
  }
  const properties_: Record<string, unknown> = {
    id: text(id),
    name: text(found.name),
    zone: text(found.zone),
    ...(measure === undefined ? {} : {measure}),
    status,
    completed,
    team: text(found.team),
    notes: text(found.notes),
    updated: blank(found.updated) ? now : text(found.updated),
    ...(Object.keys(extra).length > 0 ? {extra} : {}),
  };
  return {properties: properties_, extra, notices};
}
