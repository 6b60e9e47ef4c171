import {describe, expect, it} from 'vitest';
import type {MultiPolygon, Polygon} from 'geojson';
import type {MeasureCode, PlotStatus} from '../../seeds/programme';
import {polygonAreaSquareMeters} from './area';
import type {Plot} from './plot';
import polygonClipping, {type Polygon as ClipPolygon} from 'polygon-clipping';
import {isUndatedClaim, tallyPlots, UNDATED_MONTH, type SubsidenceZone} from './tally';
import {muToSquareMeters} from './units';

const u = 0.001;
const rect = (a: number, b: number, c: number, d: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[101.6 + a * u, 36.9 + b * u], [101.6 + c * u, 36.9 + b * u], [101.6 + c * u, 36.9 + d * u], [101.6 + a * u, 36.9 + d * u], [101.6 + a * u, 36.9 + b * u]]],
});
let n = 0;
const plot = (geometry: Polygon, status: PlotStatus, completed: string | null, measure: MeasureCode = 'cover-regreen'): Plot => ({
  type: 'Feature',
  geometry,
  properties: {id: `p${++n}`, name: '', zone: '', measure, status, completed, team: '', notes: '', updated: '2025-06-01T00:00:00Z'},
});
const zone: SubsidenceZone = {type: 'Feature', geometry: rect(0, 0, 3, 10), properties: {id: 'z1', name_zh: '一号区', name_en: 'Zone 1'}};

const A = plot(rect(0, 0, 2, 2), 'verified', '2025-01-10', 'slope');
const B = plot(rect(1, 1, 3, 3), 'remediated', '2025-05-20');
const C = plot(rect(4, 0, 6, 2), 'remediated', '2024-03-01');
const D = plot(rect(0, 5, 2, 7), 'planned', null);
const plots = [A, B, C, D];
const area = (g: Polygon | MultiPolygon) => polygonAreaSquareMeters(g);
const tally = tallyPlots(plots, {asOf: '2025-06-30', zones: [zone]});

describe('tallyPlots', () => {
  it('counts remediated and verified plots once where they overlap, and nothing planned', () => {
    const overlap = area(rect(1, 1, 2, 2));
    expect(tally.remediatedSquareMeters).toBeCloseTo(area(A.geometry) + area(B.geometry) + area(C.geometry) - overlap, 0);
    expect(tally.overlapSquareMeters).toBeCloseTo(overlap, 0);
    expect(tally.remediatedMu).toBeCloseTo(tally.remediatedSquareMeters / (10000 / 15), 9);
    expect(tally.percentOfTarget).toBeCloseTo((tally.remediatedMu / 7300) * 100, 9);
  });

  it('reports turf’s spherical area beside the ellipsoidal one, a little smaller', () => {
    expect(tally.sphericalSquareMeters / tally.remediatedSquareMeters - 1).toBeCloseTo(-0.00035, 4);
  });

  it('credits overlapping land to the plot completed first, so breakdowns add up to the total', () => {
    expect(tally.byStatus.verified.areaSquareMeters).toBeCloseTo(area(A.geometry), 3);
    expect(tally.byStatus.remediated.areaSquareMeters).toBeCloseTo(tally.remediatedSquareMeters - area(A.geometry), 3);
    expect(tally.byStatus.planned).toMatchObject({plots: 1});
    expect(tally.byStatus.planned.areaSquareMeters).toBeCloseTo(area(D.geometry), 6);
    const sum = (xs: readonly {areaSquareMeters: number}[]) => xs.reduce((s, x) => s + x.areaSquareMeters, 0);
    expect(sum(Object.values(tally.byMeasure))).toBeCloseTo(tally.remediatedSquareMeters, 3);
    expect(sum(tally.byMonth)).toBeCloseTo(tally.remediatedSquareMeters, 3);
    expect(tally.byMonth.map((m) => m.month)).toEqual(['2024-03', '2025-01', '2025-05']);
    expect(tally.byMeasure.slope!.areaSquareMeters).toBeCloseTo(area(A.geometry), 3);
  });

  it('gives the same figures whatever order the plots come in, equal ranks credited by id', () => {
    // Same day, same status, different measures: who gets the shared land is decided by id.
    const E = plot(rect(10, 0, 12, 2), 'remediated', '2025-02-01', 'slope');
    const F = plot(rect(11, 0, 13, 2), 'remediated', '2025-02-01', 'fence-enclose');
    const forward = tallyPlots([E, F], {asOf: '2025-06-30', zones: []});
    const backward = tallyPlots([F, E], {asOf: '2025-06-30', zones: []});
    expect(backward).toEqual(forward);
    expect(forward.byMeasure.slope!.areaSquareMeters).toBeCloseTo(area(E.geometry), 3);
  });

  it('measures only the part of the dissolved plots inside each zone', () => {
    // A and B lie inside x ≤ 3 entirely; C (x 4–6) is outside.
    expect(tally.byZone.map((z) => [z.id, z.outside])).toEqual([['z1', false], ['outside', true]]);
    expect(tally.byZone[0]!.areaSquareMeters).toBeCloseTo(tally.remediatedSquareMeters - area(C.geometry), 2);
    expect(tally.byZone[1]!).toMatchObject({plots: 1});
    expect(tally.byZone[1]!.areaSquareMeters).toBeCloseTo(area(C.geometry), 2);
    const half = tallyPlots([plot(rect(2, 0, 4, 2), 'verified', '2025-01-01')], {asOf: '2025-06-30', zones: [zone]});
    expect(half.byZone[0]!.areaSquareMeters).toBeCloseTo(area(rect(2, 0, 3, 2)), 2);
    expect(half.byZone[1]!.areaSquareMeters).toBeCloseTo(area(rect(3, 0, 4, 2)), 2);
  });

  it('takes the pace from completions in the six months up to asOf and projects the target date', () => {
    // A (2025-01-10) and B (2025-05-20) are in the window; C (2024-03) is not.
    const inWindow = tally.byMonth.filter((m) => m.month >= '2025-01').reduce((s, m) => s + m.areaSquareMeters, 0);
    expect(tally.pace.areaSquareMeters).toBeCloseTo(inWindow, 3);
    expect(tally.pace.muPerMonth).toBeCloseTo(inWindow / muToSquareMeters(1) / 6, 9);
    const monthsLeft = (7300 - tally.remediatedMu) / tally.pace.muPerMonth;
    const projected = Date.parse(tally.pace.projectedTargetDate!);
    expect((projected - Date.parse('2025-06-30')) / 86_400_000 / (365.2425 / 12)).toBeCloseTo(monthsLeft, 1);
  });

  it('depends on asOf, not the clock, and gives no projection when nothing was completed lately', () => {
    const later = tallyPlots(plots, {asOf: '2027-01-01'});
    expect(later.pace.muPerMonth).toBe(0);
    expect(later.pace.projectedTargetDate).toBeNull();
    expect(later.remediatedSquareMeters).toBe(tally.remediatedSquareMeters);
  });

  it('says the target is reached on asOf once the area exceeds it', () => {
    const big = plot(rect(0, 0, 40, 40), 'verified', '2025-06-01');
    expect(tallyPlots([big], {asOf: '2025-06-30', targetMu: 100}).pace.projectedTargetDate).toBe('2025-06-30');
  });

  it('puts a plot in the zone it lies in whatever its zone attribute says', () => {
    const tagged = (zoneText: string, geometry: Polygon) => ({...plot(geometry, 'remediated', '2025-02-01'), properties: {...plot(geometry, 'remediated', '2025-02-01').properties, zone: zoneText}});
    const t = tallyPlots([tagged('一号区 north', rect(0, 0, 1, 1)), tagged('', rect(1, 0, 2, 1)), tagged('z9', rect(5, 5, 6, 6))], {asOf: '2025-06-30', zones: [zone]});
    expect(t.byZone[0]!.areaSquareMeters).toBeCloseTo(area(rect(0, 0, 2, 1)), 3);
    expect(t.byZone[1]!.areaSquareMeters).toBeCloseTo(area(rect(5, 5, 6, 6)), 3);
    expect(t.byZone[0]!.areaSquareMeters + t.byZone[1]!.areaSquareMeters).toBeCloseTo(t.remediatedSquareMeters, 6);
  });

  it('counts land where two zones overlap in the first zone only, so the rows still add up', () => {
    const second: SubsidenceZone = {type: 'Feature', geometry: rect(2, 0, 8, 10), properties: {id: 'z2', name_zh: '二号区', name_en: 'Zone 2'}};
    const t = tallyPlots(plots, {asOf: '2025-06-30', zones: [zone, second]});
    const [z1, z2, outside] = t.byZone;
    expect(z1!.areaSquareMeters).toBeCloseTo(tally.byZone[0]!.areaSquareMeters, 3);
    // Zone 2 gets C and nothing of B's x 2–3 strip, which zone 1 already holds.
    expect(z2!.areaSquareMeters).toBeCloseTo(area(C.geometry), 3);
    expect(outside!.areaSquareMeters).toBeLessThan(1e-6);
    expect(Math.abs(z1!.areaSquareMeters + z2!.areaSquareMeters + outside!.areaSquareMeters - t.remediatedSquareMeters)).toBeLessThan(1e-9 * t.remediatedSquareMeters);
  });

  it('makes the outside row the dissolved land less every zone, as a geometric difference measures it', () => {
    const straddling = [plot(rect(2, 2, 5, 4), 'verified', '2025-03-01'), plot(rect(-1, 8, 1, 12), 'remediated', '2025-04-01'), ...plots];
    const t = tallyPlots(straddling, {asOf: '2025-06-30', zones: [zone]});
    const [first, ...rest] = straddling.filter((p) => p.properties.status !== 'planned').map((p) => p.geometry.coordinates as ClipPolygon);
    const dissolved = polygonClipping.union(first!, ...rest);
    const outside = polygonClipping.difference(dissolved, zone.geometry.coordinates as ClipPolygon);
    const expected = polygonAreaSquareMeters({type: 'MultiPolygon', coordinates: outside});
    // Not to 1e-9: a clipped piece gains vertices on the plots' edges, and the area's straight
    // edges (in a projection centred on each ring) then bend by L²·tanφ/8R, about 6e-7 here.
    // That is why the outside row is the remainder and not a second clipping.
    expect(Math.abs(t.byZone[1]!.areaSquareMeters / expected - 1)).toBeLessThan(2e-6);
  });

  it('lists plots with no completion date in their own month row, so the months add up to the total', () => {
    const undated = plot(rect(0, 8, 1, 9), 'remediated', null);
    const t = tallyPlots([...plots, undated], {asOf: '2025-06-30', zones: [zone]});
    expect(t.byMonth.at(-1)).toMatchObject({month: UNDATED_MONTH, plots: 1});
    expect(t.byMonth.at(-1)!.areaSquareMeters).toBeCloseTo(area(undated.geometry), 6);
    expect(t.byMonth.reduce((sum, m) => sum + m.areaSquareMeters, 0)).toBeCloseTo(t.remediatedSquareMeters, 6);
    expect(t.undatedLeftOut.plots).toBe(0);
  });

  it('leaves undated claims out of an as-of total and says how many and how much it left out', () => {
    const undated = [plot(rect(0, 8, 1, 9), 'remediated', null), plot(rect(0, 8.5, 1, 9.5), 'verified', null)];
    const t = tallyPlots([...plots, ...undated], {asOf: '2025-06-30', zones: [zone], undated: 'leave-out'});
    expect(t.remediatedSquareMeters).toBeCloseTo(tally.remediatedSquareMeters, 6);
    expect(t.byMonth.some((m) => m.month === UNDATED_MONTH)).toBe(false);
    expect(t.undatedLeftOut.plots).toBe(2);
    expect(t.undatedLeftOut.areaSquareMeters).toBeCloseTo(area(rect(0, 8, 1, 9.5)), 3);
    // Still counted as plots of their status (the map shows them so), crediting no land.
    expect(t.byStatus.remediated.plots).toBe(tally.byStatus.remediated.plots + 1);
    expect(t.byStatus.remediated.areaSquareMeters).toBeCloseTo(tally.byStatus.remediated.areaSquareMeters, 6);
    expect(isUndatedClaim(undated[0]!)).toBe(true);
    expect(isUndatedClaim(D)).toBe(false);
  });
});
