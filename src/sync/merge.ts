import type {Plot} from '../geo/plot';

/*
 * Field-level three-way merge of one plot: `base` is the version an edit was opened with,
 * `mine` the edit, `theirs` what was stored meanwhile. Pure, so the conflict dialog here and a
 * later sync server decide the same way.
 *
 * A "field" is what a person edits as one thing: the geometry is one field, `status` and
 * `completed` are one field (a status of remediated means nothing without its date), and every
 * other property is a field of its own (so attributes a later build adds, such as `extra`, merge
 * too). `id` never differs between the two sides and `updated` is a timestamp of the edit, not
 * something anyone edits: neither is a field.
 */

export type FieldKey = string;

/** The keys the merge treats as one field each, besides the plain properties. */
export const GEOMETRY_FIELD = 'geometry';
export const STATUS_FIELD = 'status';
const STATUS_MEMBERS = ['status', 'completed'] as const;
const NOT_FIELDS = new Set(['id', 'updated']);

export type Side = 'mine' | 'theirs';

/**
 * How one field stands: `same` (both sides agree, changed or not), `mine` or `theirs` (only
 * that side changed it from the base), `both` (both changed it differently: a person decides).
 */
export type FieldOutcome = 'same' | 'mine' | 'theirs' | 'both';

export type FieldMerge = {
  readonly field: FieldKey;
  readonly outcome: FieldOutcome;
  /** The side taken when nobody chooses: the side that changed it; for `both`, mine. */
  readonly suggested: Side;
};

export type PlotMerge = {
  readonly fields: readonly FieldMerge[];
  /** Fields both sides changed differently. */
  readonly conflicting: readonly FieldKey[];
  /** The plot made of each field's suggested side. */
  readonly suggested: Plot;
};

/** The value of one field of a plot, comparable with `sameValue`. */
export function fieldValue(plot: Plot, field: FieldKey): unknown {
  if (field === GEOMETRY_FIELD) return plot.geometry;
  const props = plot.properties as unknown as Record<string, unknown>;
  if (field === STATUS_FIELD) return STATUS_MEMBERS.map((k) => props[k] ?? null);
  return props[field];
}

/** Every field either plot has, in a stable order: geometry, then properties as the plot lists them. */
export function plotFields(...plots: readonly (Plot | null)[]): FieldKey[] {
  const keys: FieldKey[] = [GEOMETRY_FIELD];
  for (const plot of plots) {
    if (!plot) continue;
    for (const key of Object.keys(plot.properties)) {
      if (NOT_FIELDS.has(key)) continue;
      const field = (STATUS_MEMBERS as readonly string[]).includes(key) ? STATUS_FIELD : key;
      if (!keys.includes(field)) keys.push(field);
    }
  }
  return keys;
}

/** Structural equality over JSON-like values; object key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameValue(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!sameValue(ao[k], bo[k])) return false;
  return true;
}

/** The fields in which two plots differ (what an import or conflict report lists). */
export function differingFields(a: Plot, b: Plot): FieldKey[] {
  return plotFields(a, b).filter((f) => !sameValue(fieldValue(a, f), fieldValue(b, f)));
}

/**
 * Merges field by field. Without a base (the edit's origin is unknown) every differing field
 * counts as changed on both sides, so nothing is decided silently.
 */
export function mergePlot(base: Plot | null, mine: Plot, theirs: Plot): PlotMerge {
  const fields: FieldMerge[] = plotFields(base, mine, theirs).map((field) => {
    const m = fieldValue(mine, field);
    const t = fieldValue(theirs, field);
    if (sameValue(m, t)) return {field, outcome: 'same', suggested: 'mine'};
    const b = base ? fieldValue(base, field) : undefined;
    const mineChanged = !base || !sameValue(b, m);
    const theirsChanged = !base || !sameValue(b, t);
    if (mineChanged && !theirsChanged) return {field, outcome: 'mine', suggested: 'mine'};
    if (theirsChanged && !mineChanged) return {field, outcome: 'theirs', suggested: 'theirs'};
    return {field, outcome: 'both', suggested: 'mine'};
  });
  const choices = Object.fromEntries(fields.map((f) => [f.field, f.suggested]));
  return {
    fields,
    conflicting: fields.filter((f) => f.outcome === 'both').map((f) => f.field),
    suggested: combinePlot(mine, theirs, choices),
  };
}

/**
 * The plot made of `choices` (field → side; a field not named comes from mine). The result
 * keeps mine's id; `updated` is mine's, and the caller stamps the time it saves.
 */
export function combinePlot(mine: Plot, theirs: Plot, choices: Readonly<Record<FieldKey, Side>>): Plot {
  const pick = (field: FieldKey) => (choices[field] === 'theirs' ? theirs : mine);
  const properties: Record<string, unknown> = {};
  for (const field of plotFields(mine, theirs)) {
    if (field === GEOMETRY_FIELD) continue;
    const from = pick(field).properties as unknown as Record<string, unknown>;
    const keys = field === STATUS_FIELD ? STATUS_MEMBERS : [field];
    for (const k of keys) if (k in from) properties[k] = from[k];
  }
  return {
    ...mine,
    geometry: pick(GEOMETRY_FIELD).geometry,
    properties: {...properties, id: mine.properties.id, updated: mine.properties.updated} as unknown as Plot['properties'],
  };
}
