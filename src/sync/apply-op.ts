import {validatePlot} from '../geo/validate';
import type {ConflictField, SyncField, SyncOp, SyncPlot} from './protocol';

/*
 * The field-level merge the server applies to each pushed op, pure so the app can run the
 * same rules (issue 13). For each field the op changed: apply it when the server's value
 * equals the op's `from`; do nothing when it already equals `to`; otherwise keep a conflict
 * with base (`from`), mine (`to`) and theirs (the server's value). Unlike last-write-wins
 * (the data loss Mergin Maps and QFieldCloud users report), a clash is never settled
 * silently: the clean fields go in, the clashing ones wait for a planner.
 */

/** What the server holds for a plot: deleted plots stay as tombstones with their last values. */
export type StoredPlot = {readonly plot: SyncPlot; readonly version: number; readonly deleted: boolean};

export const CONFLICT_REASONS = {
  /** Another edit changed a field this op changed too. */
  sameField: 'same-field',
  /** An update to a plot someone deleted. */
  updateVsDelete: 'update-vs-delete',
  /** A delete of a plot someone changed since the deleting device saw it. */
  deleteVsUpdate: 'delete-vs-update',
  /** A create for a plot id the server already holds with other values. */
  createExists: 'create-exists',
  /** The merged plot fails validatePlot; nothing of the op was applied. */
  invalidMerge: 'invalid-merge',
} as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[keyof typeof CONFLICT_REASONS];

export type MergeOutcome =
  /** `changed` is false when the server already held every value the op set. */
  | {readonly kind: 'applied'; readonly plot: SyncPlot; readonly deleted: boolean; readonly changed: boolean}
  /** `next` is the plot with the op's clean fields applied (null: nothing applied). */
  | {readonly kind: 'conflict'; readonly reason: ConflictReason; readonly fields: readonly ConflictField[]; readonly next: SyncPlot | null}
  | {readonly kind: 'rejected'; readonly reason: 'unknown-plot' | 'invalid-plot'; readonly detail: readonly string[]};

/** Fields that merge as one unit: `status` and `completed` change together. */
const UNITS: readonly (readonly SyncField[])[] = [['geometry'], ['name'], ['zone'], ['measure'], ['status', 'completed'], ['team'], ['notes'], ['photos']];

/** A field's value on a plot; a plot without photos has an empty list. */
export function fieldValue(plot: SyncPlot, field: SyncField): unknown {
  if (field === 'geometry') return plot.geometry;
  if (field === 'photos') return plot.properties.photos ?? [];
  return plot.properties[field];
}

function withField(plot: SyncPlot, field: SyncField, value: unknown): SyncPlot {
  if (field === 'geometry') return {...plot, geometry: value as SyncPlot['geometry']};
  return {...plot, properties: {...plot.properties, [field]: value}};
}

/** Structural equality of JSON values (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameValue(v, bb[i]));
  }
  const ak = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const bk = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Whether two plots hold the same values in every synced field. */
export function samePlotFields(a: SyncPlot, b: SyncPlot): boolean {
  return UNITS.flat().every((f) => sameValue(fieldValue(a, f), fieldValue(b, f)));
}

type UnitChange = {readonly fields: readonly SyncField[]; readonly from: readonly unknown[]; readonly to: readonly unknown[]};

/** The units an op touches, with from/to for every field of the unit (unsent ones from the op's plot). */
function unitChanges(op: SyncOp): UnitChange[] {
  const out: UnitChange[] = [];
  for (const fields of UNITS) {
    if (!fields.some((f) => op.changes[f] !== undefined)) continue;
    const fallback = (f: SyncField): unknown => (op.plot ? fieldValue(op.plot as SyncPlot, f) : undefined);
    out.push({
      fields,
      from: fields.map((f) => (op.changes[f] ? op.changes[f].from : fallback(f))),
      to: fields.map((f) => (op.changes[f] ? op.changes[f].to : fallback(f))),
    });
  }
  return out;
}

const conflictFields = (unit: UnitChange, theirs: readonly unknown[]): ConflictField[] =>
  unit.fields.map((field, i) => ({field, base: unit.from[i], mine: unit.to[i], theirs: theirs[i]}));

function validationCodes(plot: SyncPlot): string[] | null {
  const result = validatePlot(plot);
  return result.valid ? null : result.reasons.filter((r) => r.severity === 'error').map((r) => r.code);
}

const stamp = (plot: SyncPlot, op: SyncOp): SyncPlot =>
  op.plot ? {...plot, properties: {...plot.properties, updated: op.plot.properties.updated}} : plot;

/**
 * Merges one op into the server's current state of its plot (null when the server never saw
 * the plot). Pure: the caller writes the outcome, in one transaction with the op's log entry.
 *
 * @example
 * applyOp({plot, version: 3, deleted: false}, {kind: 'update', changes: {notes: {from: '', to: 'fenced'}}, …})
 * // → {kind: 'applied', plot: {…notes: 'fenced'}, deleted: false, changed: true}
 */
export function applyOp(current: StoredPlot | null, op: SyncOp): MergeOutcome {
  if (op.kind === 'create') return applyCreate(current, op);
  if (!current) return {kind: 'rejected', reason: 'unknown-plot', detail: [op.plotId]};
  if (op.kind === 'delete') return applyDelete(current, op);

  const units = unitChanges(op);
  if (current.deleted) {
    return {kind: 'conflict', reason: CONFLICT_REASONS.updateVsDelete, next: null,
      fields: units.flatMap((u) => conflictFields(u, u.fields.map((f) => fieldValue(current.plot, f))))};
  }
  let next = current.plot;
  let changed = false;
  const clashes: ConflictField[] = [];
  for (const unit of units) {
    const theirs = unit.fields.map((f) => fieldValue(current.plot, f));
    if (sameValue(theirs, unit.to)) continue;
    if (sameValue(theirs, unit.from)) {
      unit.fields.forEach((f, i) => (next = withField(next, f, unit.to[i])));
      changed = true;
    } else {
      clashes.push(...conflictFields(unit, theirs));
    }
  }
  if (changed) {
    next = stamp(next, op);
    if (validationCodes(next)) {
      return {kind: 'conflict', reason: CONFLICT_REASONS.invalidMerge, next: null,
        fields: units.flatMap((u) => conflictFields(u, u.fields.map((f) => fieldValue(current.plot, f))))};
    }
  }
  if (clashes.length > 0) return {kind: 'conflict', reason: CONFLICT_REASONS.sameField, fields: clashes, next: changed ? next : null};
  return {kind: 'applied', plot: next, deleted: false, changed};
}

function applyCreate(current: StoredPlot | null, op: SyncOp): MergeOutcome {
  const plot = op.plot as SyncPlot;
  // A planner settling an update-vs-delete conflict by keeping the edit brings the plot back:
  // the deletion was seen (the op names its conflict), so this is no silent undelete.
  if (!current || (current.deleted && op.resolves)) {
    const invalid = validationCodes(plot);
    if (invalid) return {kind: 'rejected', reason: 'invalid-plot', detail: invalid};
    return {kind: 'applied', plot, deleted: false, changed: true};
  }
  // A create replayed under a new opId (or two devices choosing one id) is harmless when equal.
  if (!current.deleted && samePlotFields(current.plot, plot)) return {kind: 'applied', plot: current.plot, deleted: false, changed: false};
  const fields = UNITS.flat()
    .filter((f) => current.deleted || !sameValue(fieldValue(current.plot, f), fieldValue(plot, f)))
    .map((field) => ({field, base: null, mine: fieldValue(plot, field), theirs: current.deleted ? null : fieldValue(current.plot, field)}));
  return {kind: 'conflict', reason: current.deleted ? CONFLICT_REASONS.updateVsDelete : CONFLICT_REASONS.createExists, fields, next: null};
}

function applyDelete(current: StoredPlot, op: SyncOp): MergeOutcome {
  if (current.deleted) return {kind: 'applied', plot: current.plot, deleted: true, changed: false};
  // The op's plot is what the deleting device last saw; without it, the version it saw.
  const seen = op.plot as SyncPlot | null | undefined;
  const unchanged = seen ? samePlotFields(seen, current.plot) : op.baseVersion === current.version;
  if (unchanged) return {kind: 'applied', plot: current.plot, deleted: true, changed: true};
  const fields = UNITS.flat()
    .filter((f) => !seen || !sameValue(fieldValue(seen, f), fieldValue(current.plot, f)))
    .map((field) => ({field, base: seen ? fieldValue(seen, field) : null, mine: null, theirs: fieldValue(current.plot, field)}));
  return {kind: 'conflict', reason: CONFLICT_REASONS.deleteVsUpdate, fields: [{field: 'deleted', base: false, mine: true, theirs: false}, ...fields], next: null};
}
