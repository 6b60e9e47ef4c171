import {describe, expect, it} from 'vitest';
import type {MultiPolygon, Polygon} from 'geojson';
import type {MeasureCode, PlotStatus} from '../../seeds/programme';
import {polygonAreaSquareMeters} from './area';
import type {Plot} from './plot';
import {tallyPlots, type SubsidenceZone} from './tally';
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

  it('measures only the part of the dissolved plots inside each zone', () => {
    // A and B lie inside x ≤ 3 entirely; C (x 4–6) is outside.
    expect(tally.byZone).toHaveLength(1);
    expect(tally.byZone[0]!.areaSquareMeters).toBeCloseTo(tally.remediatedSquareMeters - area(C.geometry), 2);
    const half = tallyPlots([plot(rect(2, 0, 4, 2), 'verified', '2025-01-01')], {asOf: '2025-06-30', zones: [zone]});
    expect(half.byZone[0]!.areaSquareMeters).toBeCloseTo(area(rect(2, 0, 3, 2)), 2);
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
});
