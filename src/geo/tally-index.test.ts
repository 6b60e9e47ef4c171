import {readFileSync} from 'node:fs';
import fc from 'fast-check';
import type {FeatureCollection} from 'geojson';
import {describe, expect, it} from 'vitest';
import {MEASURE_CODES, PLOT_STATUSES} from '../../seeds/programme';
import type {Plot} from './plot';
import {tallyPlots, type SubsidenceZone, type Tally} from './tally';
import {TallyIndex} from './tally-index';
import {seededRandom, syntheticRing} from './test/synthetic-plots';

const datong = JSON.parse(readFileSync(new URL('../../geodata/datong.geojson', import.meta.url), 'utf8')) as FeatureCollection;
const zones = datong.features.filter((f) => f.properties?.kind === 'subsidence-zone') as SubsidenceZone[];

// Plots crowded into a small box so that edits often join, split and move between clusters.
const specArb = fc.record({
  lon: fc.double({min: 101.66, max: 101.70, noNaN: true}),
  lat: fc.double({min: 36.95, max: 36.97, noNaN: true}),
  radius: fc.double({min: 0.001, max: 0.006, noNaN: true}),
  vertices: fc.integer({min: 4, max: 12}),
  seed: fc.integer(),
  status: fc.constantFrom(...PLOT_STATUSES),
  measure: fc.constantFrom(...MEASURE_CODES),
  // Few distinct days: equal credit ranks, so ties must be broken the way a fresh tally does.
  completed: fc.option(fc.constantFrom('2024-03-01', '2025-01-15', '2025-06-30'), {freq: 3}),
});
type Spec = typeof specArb extends fc.Arbitrary<infer T> ? T : never;

const plotOf = (id: string, s: Spec, version = 0): Plot => ({
  type: 'Feature',
  geometry: {type: 'Polygon', coordinates: [syntheticRing(seededRandom(s.seed), s.lon, s.lat, s.radius, s.vertices)]},
  properties: {id, name: '', zone: '', measure: s.measure, status: s.status, completed: s.completed, team: '', notes: `v${version}`, updated: '2025-01-01T00:00:00Z'},
});

/** An edit: a new shape and fields, only new fields (same shape), or a delete, of the plot at `at` (mod the count), or a new plot. */
const opArb = fc.oneof(
  fc.record({kind: fc.constant('reshape' as const), at: fc.nat(), spec: specArb}),
  fc.record({kind: fc.constant('fields' as const), at: fc.nat(), spec: specArb}),
  fc.record({kind: fc.constant('delete' as const), at: fc.nat()}),
  fc.record({kind: fc.constant('add' as const), spec: specArb}),
);

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1);

/** Every figure of two tallies, numbers within 1e-9 relative, the rest equal. */
function expectSameTally(kept: Tally, fresh: Tally): void {
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (typeof a === 'number' && typeof b === 'number') {
      if (!close(a, b)) throw new Error(`${path}: kept ${a} ≠ fresh ${b}`);
    } else if (a && b && typeof a === 'object' && typeof b === 'object') {
      expect(Object.keys(a).sort(), path).toEqual(Object.keys(b).sort());
      for (const k of Object.keys(a)) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    } else {
      expect(a, path).toEqual(b);
    }
  };
  walk(kept, fresh, 'tally');
}

describe('TallyIndex', () => {
  for (const undated of ['count', 'leave-out'] as const) {
    it(`after any sequence of edits, deletes and additions gives the figures of a fresh tally (undated: ${undated})`, () => {
      fc.assert(fc.property(fc.array(specArb, {minLength: 0, maxLength: 25}), fc.array(opArb, {minLength: 1, maxLength: 25}), (specs, ops) => {
        const live = new Map<string, Plot>(specs.map((s, i) => [`p${i}`, plotOf(`p${i}`, s)]));
        const options = {zones, undated};
        const index = new TallyIndex([...live.values()], options);
        let next = specs.length;
        ops.forEach((op, k) => {
          const ids = [...live.keys()];
          if (op.kind === 'add' || ids.length === 0) {
            const id = `p${next++}`;
            const plot = plotOf(id, op.kind === 'delete' ? specs[0] ?? fc.sample(specArb, 1)[0]! : op.spec);
            live.set(id, plot);
            index.set(plot);
          } else {
            const id = ids[op.at % ids.length]!;
            if (op.kind === 'delete') {
              live.delete(id);
              index.remove(id);
            } else {
              const before = live.get(id)!;
              const made = plotOf(id, op.spec, k + 1);
              const plot = op.kind === 'fields' ? {...made, geometry: before.geometry} : made;
              live.set(id, plot);
              index.set(plot);
            }
          }
          expect(index.size).toBe(live.size);
        });
        const asOf = '2025-07-01';
        expectSameTally(index.tally(asOf), tallyPlots([...live.values()], {asOf, ...options}));
      }), {numRuns: 60, seed: 11});
    });
  }

  it('sees a status change from planned to remediated in the total', () => {
    const spec = fc.sample(specArb, {numRuns: 1, seed: 3})[0]!;
    const planned = plotOf('a', {...spec, status: 'planned'});
    const index = new TallyIndex([planned], {zones});
    expect(index.tally('2025-07-01').remediatedSquareMeters).toBe(0);
    index.set({...planned, properties: {...planned.properties, status: 'remediated', completed: '2025-06-30'}});
    const after = index.tally('2025-07-01');
    expect(after.remediatedSquareMeters).toBeGreaterThan(0);
    expect(after.byStatus.planned.plots).toBe(0);
    expect(after.byStatus.remediated.plots).toBe(1);
  });
});
