import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {applyOp, fieldValue, sameValue, type MergeOutcome, type StoredPlot} from './apply-op';
import {opSchema, type SyncField, type SyncOp, type SyncPlot} from './protocol';

/* A small world so clashes are frequent: three valid squares near Datong, a few names and notes. */
const square = (lon: number, lat: number, d = 0.002) => ({
  type: 'Polygon' as const,
  coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]],
});
const GEOMETRIES = [square(101.68, 36.95), square(101.69, 36.95), square(101.68, 36.96, 0.003)];
const BOW_TIE = {type: 'Polygon' as const, coordinates: [[[101.68, 36.95], [101.69, 36.96], [101.69, 36.95], [101.68, 36.96], [101.68, 36.95]]]};

const base: SyncPlot = {
  type: 'Feature',
  geometry: GEOMETRIES[0]!,
  properties: {id: 'p1', name: 'a', zone: 'z1', measure: 'slope', status: 'planned', completed: null, team: 't1', notes: '', updated: '2025-01-01T00:00:00.000Z'},
};

const VALUES: Record<Exclude<SyncField, 'status' | 'completed'>, readonly unknown[]> = {
  geometry: GEOMETRIES,
  name: ['a', 'b', 'c'],
  zone: ['z1', 'z2'],
  measure: ['slope', 'fence-enclose', 'cover-regreen'],
  team: ['t1', 't2'],
  notes: ['', 'fenced', 'seeded'],
  photos: [[], ['a'.repeat(64)], ['b'.repeat(64), 'a'.repeat(64)]],
};
const STATUS_PAIRS = [
  {status: 'planned', completed: null},
  {status: 'in_progress', completed: null},
  {status: 'remediated', completed: '2025-03-01'},
  {status: 'verified', completed: '2025-03-01'},
] as const;
type Unit = keyof typeof VALUES | 'status';
const UNITS = [...Object.keys(VALUES), 'status'] as Unit[];

const unitValue = (plot: SyncPlot, unit: Unit): unknown =>
  unit === 'status' ? {status: plot.properties.status, completed: plot.properties.completed} : fieldValue(plot, unit);

const setUnit = (plot: SyncPlot, unit: Unit, value: unknown): SyncPlot => {
  if (unit === 'geometry') return {...plot, geometry: value as SyncPlot['geometry']};
  if (unit === 'status') return {...plot, properties: {...plot.properties, ...(value as object)}};
  return {...plot, properties: {...plot.properties, [unit]: value}};
};

const valueArb = (unit: Unit): fc.Arbitrary<unknown> => fc.constantFrom(...(unit === 'status' ? STATUS_PAIRS : VALUES[unit]));

/** A plot in the small world. */
const plotArb: fc.Arbitrary<SyncPlot> = fc.record(Object.fromEntries(UNITS.map((u) => [u, valueArb(u)])) as Record<Unit, fc.Arbitrary<unknown>>)
  .map((values) => UNITS.reduce((p, u) => setUnit(p, u, values[u]), base));

let opCounter = 0;
const opId = () => `00000000-0000-4000-8000-${String(++opCounter).padStart(12, '0')}`;

/** An update the device made from `seen`, setting the given units to new values. */
function updateOp(seen: SyncPlot, edits: Partial<Record<Unit, unknown>>, version = 1): SyncOp {
  let plot = seen;
  const changes: SyncOp['changes'] = {};
  for (const [unit, to] of Object.entries(edits) as [Unit, unknown][]) {
    plot = setUnit(plot, unit, to);
    if (unit === 'status') {
      changes.status = {from: seen.properties.status, to: (to as {status: string}).status};
      changes.completed = {from: seen.properties.completed, to: (to as {completed: string | null}).completed};
    } else changes[unit] = {from: unitValue(seen, unit), to};
  }
  return opSchema.parse({opId: opId(), plotId: seen.properties.id, kind: 'update', baseVersion: version, changes, plot});
}

const editsArb: fc.Arbitrary<Partial<Record<Unit, unknown>>> = fc.subarray(UNITS, {minLength: 1})
  .chain((units) => fc.record(Object.fromEntries(units.map((u) => [u, valueArb(u)])) as Record<Unit, fc.Arbitrary<unknown>>));

/** The server's state after an outcome (conflicts with no clean field leave it as it was). */
function after(state: StoredPlot, outcome: MergeOutcome): StoredPlot {
  if (outcome.kind === 'applied') return {plot: outcome.plot, deleted: outcome.deleted, version: state.version + (outcome.changed ? 1 : 0)};
  if (outcome.kind === 'conflict' && outcome.next) return {plot: outcome.next, deleted: false, version: state.version + 1};
  return state;
}

const stateOf = (plot: SyncPlot): StoredPlot => ({plot, version: 1, deleted: false});
const units = (edits: Partial<Record<Unit, unknown>>) => Object.keys(edits) as Unit[];

describe('applyOp (field-level merge)', () => {
  it('never loses a changed value: each is on the server or kept as "mine" in a conflict beside the server value', () => {
    fc.assert(fc.property(plotArb, plotArb, editsArb, (server, seen, edits) => {
      const op = updateOp(seen, edits);
      const outcome = applyOp(stateOf(server), op);
      const result = after(stateOf(server), outcome).plot;
      for (const unit of units(edits)) {
        const mine = edits[unit];
        if (sameValue(unitValue(result, unit), mine)) continue;
        expect(outcome.kind).toBe('conflict');
        if (outcome.kind !== 'conflict') return;
        const kept = outcome.fields.filter((f) => (unit === 'status' ? f.field === 'status' || f.field === 'completed' : f.field === unit));
        expect(kept.length).toBeGreaterThan(0);
        const mineKept = unit === 'status' ? {status: kept.find((f) => f.field === 'status')!.mine, completed: kept.find((f) => f.field === 'completed')!.mine} : kept[0]!.mine;
        expect(mineKept).toEqual(mine);
        // The server's own value is still there, untouched.
        expect(unitValue(result, unit)).toEqual(unitValue(server, unit));
      }
    }), {numRuns: 400});
  });

  it('applies an op twice with the same result as once', () => {
    fc.assert(fc.property(plotArb, plotArb, editsArb, (server, seen, edits) => {
      const op = updateOp(seen, edits);
      const once = after(stateOf(server), applyOp(stateOf(server), op));
      const second = applyOp(once, op);
      const twice = after(once, second);
      expect(twice.plot).toEqual(once.plot);
      expect(twice.deleted).toBe(once.deleted);
    }), {numRuns: 300});
  });

  it('merges edits to disjoint fields in either order to the same plot, with no conflict', () => {
    fc.assert(fc.property(plotArb, editsArb, editsArb, (server, a, b) => {
      const bOnly = Object.fromEntries(Object.entries(b).filter(([u]) => !(u in a)));
      fc.pre(Object.keys(bOnly).length > 0);
      const opA = updateOp(server, a), opB = updateOp(server, bOnly);
      const ab = applyOp(after(stateOf(server), applyOp(stateOf(server), opA)), opB);
      const ba = applyOp(after(stateOf(server), applyOp(stateOf(server), opB)), opA);
      expect(ab.kind).toBe('applied');
      expect(ba.kind).toBe('applied');
      if (ab.kind !== 'applied' || ba.kind !== 'applied') return;
      const strip = (p: SyncPlot) => ({...p, properties: {...p.properties, updated: ''}});
      expect(strip(ab.plot)).toEqual(strip(ba.plot));
    }), {numRuns: 300});
  });

  it('takes the same edit from two devices without a conflict', () => {
    fc.assert(fc.property(plotArb, editsArb, (server, edits) => {
      const first = applyOp(stateOf(server), updateOp(server, edits));
      expect(first.kind).toBe('applied');
      const second = applyOp(after(stateOf(server), first), updateOp(server, edits));
      expect(second).toMatchObject({kind: 'applied', changed: false});
    }), {numRuns: 300});
  });

  it('records a conflict for every same-field clash, keeping base, mine and theirs', () => {
    const mine = updateOp(base, {notes: 'fenced'});
    const theirs = after(stateOf(base), applyOp(stateOf(base), updateOp(base, {notes: 'seeded', name: 'b'})));
    const outcome = applyOp(theirs, mine);
    expect(outcome).toMatchObject({kind: 'conflict', reason: 'same-field', fields: [{field: 'notes', base: '', mine: 'fenced', theirs: 'seeded'}]});
  });

  it('applies the clean fields of an op and keeps only the clashing one as a conflict', () => {
    const server = after(stateOf(base), applyOp(stateOf(base), updateOp(base, {notes: 'seeded'})));
    const outcome = applyOp(server, updateOp(base, {notes: 'fenced', name: 'c'}));
    expect(outcome.kind).toBe('conflict');
    if (outcome.kind !== 'conflict') return;
    expect(outcome.fields.map((f) => f.field)).toEqual(['notes']);
    expect(outcome.next?.properties).toMatchObject({name: 'c', notes: 'seeded'});
  });

  it('treats status and completed as one pair: a completion date against a status change conflicts', () => {
    const server = after(stateOf(base), applyOp(stateOf(base), updateOp(base, {status: {status: 'in_progress', completed: null}})));
    const done = {...base, properties: {...base.properties, completed: '2025-03-01'}};
    const op = opSchema.parse({opId: opId(), plotId: 'p1', kind: 'update', baseVersion: 1, changes: {completed: {from: null, to: '2025-03-01'}}, plot: done});
    const outcome = applyOp(server, op);
    expect(outcome).toMatchObject({kind: 'conflict', fields: [{field: 'status', mine: 'planned', theirs: 'in_progress'}, {field: 'completed', mine: '2025-03-01', theirs: null}]});
  });

  it('treats geometry as one field: two reshapes conflict even if they moved different vertices', () => {
    const server = after(stateOf(base), applyOp(stateOf(base), updateOp(base, {geometry: GEOMETRIES[1]})));
    expect(applyOp(server, updateOp(base, {geometry: GEOMETRIES[2]}))).toMatchObject({kind: 'conflict', fields: [{field: 'geometry'}]});
  });

  it('makes update against delete a conflict, both ways round', () => {
    fc.assert(fc.property(plotArb, editsArb, (server, edits) => {
      const update = updateOp(server, edits);
      fc.pre(!units(edits).every((u) => sameValue(unitValue(server, u), edits[u])));
      const remove = opSchema.parse({opId: opId(), plotId: 'p1', kind: 'delete', baseVersion: 1, plot: server});
      const deleted = after(stateOf(server), applyOp(stateOf(server), remove));
      expect(deleted.deleted).toBe(true);
      expect(applyOp(deleted, update)).toMatchObject({kind: 'conflict', reason: 'update-vs-delete'});
      const updated = after(stateOf(server), applyOp(stateOf(server), update));
      expect(applyOp(updated, remove)).toMatchObject({kind: 'conflict', reason: 'delete-vs-update'});
    }), {numRuns: 200});
  });

  it('restores a deleted plot only for a create that resolves a conflict (a planner keeping the edit)', () => {
    const tombstone: StoredPlot = {plot: base, version: 2, deleted: true};
    const edited = {...base, properties: {...base.properties, notes: 'fenced'}};
    const create = opSchema.parse({opId: opId(), plotId: 'p1', kind: 'create', baseVersion: 0, plot: edited});
    expect(applyOp(tombstone, create)).toMatchObject({kind: 'conflict', reason: 'update-vs-delete'});
    const restore = opSchema.parse({...create, opId: opId(), resolves: 'c1'});
    expect(applyOp(tombstone, restore)).toMatchObject({kind: 'applied', deleted: false, changed: true, plot: {properties: {notes: 'fenced'}}});
    const invalid = opSchema.parse({...restore, opId: opId(), plot: {...edited, geometry: BOW_TIE}});
    expect(applyOp(tombstone, invalid)).toMatchObject({kind: 'rejected', reason: 'invalid-plot'});
    // Keeping the deletion: a delete of a deleted plot changes nothing (the resolution is recorded by the server).
    const keepDeleted = opSchema.parse({opId: opId(), plotId: 'p1', kind: 'delete', baseVersion: 2, plot: base, resolves: 'c1'});
    expect(applyOp(tombstone, keepDeleted)).toMatchObject({kind: 'applied', deleted: true, changed: false});
  });

  it('re-validates the merged plot: a merge that would leave a bow-tie is a conflict, nothing applied', () => {
    const op = updateOp(base, {geometry: BOW_TIE, notes: 'x'});
    expect(applyOp(stateOf(base), op)).toMatchObject({kind: 'conflict', reason: 'invalid-merge', next: null});
  });

  it('creates a new plot, takes a replayed identical create as done, and conflicts on a different one', () => {
    const create = opSchema.parse({opId: opId(), plotId: 'p1', kind: 'create', baseVersion: 0, plot: base});
    const created = applyOp(null, create);
    expect(created).toMatchObject({kind: 'applied', changed: true});
    expect(applyOp(stateOf(base), create)).toMatchObject({kind: 'applied', changed: false});
    const other = opSchema.parse({...create, opId: opId(), plot: {...base, properties: {...base.properties, name: 'b'}}});
    expect(applyOp(stateOf(base), other)).toMatchObject({kind: 'conflict', reason: 'create-exists', fields: [{field: 'name', mine: 'b', theirs: 'a'}]});
  });

  it('rejects a create whose plot is invalid and an update to a plot the server never had', () => {
    const bad = opSchema.parse({opId: opId(), plotId: 'p1', kind: 'create', baseVersion: 0, plot: {...base, geometry: BOW_TIE}});
    expect(applyOp(null, bad)).toMatchObject({kind: 'rejected', reason: 'invalid-plot', detail: ['self-intersection']});
    expect(applyOp(null, updateOp(base, {notes: 'x'}))).toMatchObject({kind: 'rejected', reason: 'unknown-plot'});
  });
});
