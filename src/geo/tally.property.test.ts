import {readFileSync} from 'node:fs';
import fc from 'fast-check';
import type {FeatureCollection} from 'geojson';
import {describe, expect, it} from 'vitest';
import {MEASURE_CODES, PLOT_STATUSES} from '../../seeds/programme';
import type {Plot} from './plot';
import {tallyPlots, UNDATED_MONTH, type SubsidenceZone, type Tally} from './tally';
import {seededRandom, syntheticRing} from './test/synthetic-plots';

const datong = JSON.parse(readFileSync(new URL('../../geodata/datong.geojson', import.meta.url), 'utf8')) as FeatureCollection;
const indicativeZones = datong.features.filter((f) => f.properties?.kind === 'subsidence-zone') as SubsidenceZone[];

/** Two overlapping squares, so the property also covers zones that share land. */
const square = (id: string, w: number, s: number, side: number): SubsidenceZone => ({
  type: 'Feature', properties: {id, name_zh: id, name_en: id},
  geometry: {type: 'Polygon', coordinates: [[[w, s], [w + side, s], [w + side, s + side], [w, s + side], [w, s]]]},
});
const overlappingZones = [square('sq-a', 101.66, 36.95, 0.02), square('sq-b', 101.67, 36.955, 0.02)];

const plotArb = fc.record({
  // Around the indicative zones (101.63–101.79°E, 36.94–36.99°N) and a little beyond them.
  lon: fc.double({min: 101.625, max: 101.795, noNaN: true}),
  lat: fc.double({min: 36.935, max: 36.99, noNaN: true}),
  radiusDegrees: fc.double({min: 0.0003, max: 0.006, noNaN: true}),
  vertices: fc.integer({min: 4, max: 16}),
  seed: fc.integer(),
  status: fc.constantFrom(...PLOT_STATUSES),
  measure: fc.constantFrom(...MEASURE_CODES),
  // Often no date at all: the undated claims must land in their own row.
  completed: fc.option(fc.date({min: new Date('2022-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true}).map((d) => d.toISOString().slice(0, 10)), {freq: 3}),
  // Free text, a zone id, or nothing: none of it may move land between rows.
  zone: fc.oneof(fc.string(), fc.constantFrom('', 'other', ...indicativeZones.map((z) => z.properties.id))),
});

type PlotSpec = typeof plotArb extends fc.Arbitrary<infer T> ? T : never;

function plotsOf(specs: readonly PlotSpec[]): Plot[] {
  return specs.map((s, i) => ({
    type: 'Feature',
    geometry: {type: 'Polygon', coordinates: [syntheticRing(seededRandom(s.seed), s.lon, s.lat, s.radiusDegrees, s.vertices)]},
    properties: {id: `p${i}`, name: '', zone: s.zone, measure: s.measure, status: s.status, completed: s.completed, team: '', notes: '', updated: '2025-01-01T00:00:00Z'},
  }));
}

const sum = (rows: readonly {areaSquareMeters: number}[]) => rows.reduce((a, r) => a + r.areaSquareMeters, 0);

function expectRowsAddUp(tally: Tally): void {
  const total = tally.remediatedSquareMeters;
  const slack = 1e-9 * Math.max(total, 1e-9);
  expect(Math.abs(sum(tally.byZone) - total)).toBeLessThanOrEqual(slack);
  expect(Math.abs(sum(tally.byMonth) - total)).toBeLessThanOrEqual(slack);
  expect(tally.byZone.every((r) => r.areaSquareMeters >= 0)).toBe(true);
  expect(tally.byZone.at(-1)?.outside).toBe(true);
}

describe('tally rows over random plot sets', () => {
  it('by-zone rows (with outside) and by-month rows (with undated) each add up to the total within 1e-9', () => {
    fc.assert(
      fc.property(fc.array(plotArb, {minLength: 1, maxLength: 24}), fc.constantFrom(indicativeZones, overlappingZones, []), (specs, zones) => {
        const plots = plotsOf(specs);
        const tally = tallyPlots(plots, {asOf: '2025-12-31', zones});
        expectRowsAddUp(tally);
        const undated = plots.filter((p) => (p.properties.status === 'remediated' || p.properties.status === 'verified') && !p.properties.completed).length;
        expect(tally.byMonth.find((m) => m.month === UNDATED_MONTH)?.plots ?? 0).toBe(undated);
        // As of a day: only plots completed by then, and every undated claim is reported as left out.
        const asOf = tallyPlots(plots, {asOf: '2025-12-31', zones, undated: 'leave-out'});
        expectRowsAddUp(asOf);
        expect(asOf.undatedLeftOut.plots).toBe(undated);
        expect(asOf.byMonth.some((m) => m.month === UNDATED_MONTH)).toBe(false);
      }),
      {numRuns: 80, seed: 20_261_201},
    );
  });
});
