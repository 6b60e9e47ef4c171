import {describe, expect, it} from 'vitest';
import type {Polygon} from 'geojson';
import {checkPlotShape, TOO_SMALL} from './plot-shape';

const square = (lon: number, lat: number, sizeDeg: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[lon, lat], [lon + sizeDeg, lat], [lon + sizeDeg, lat + sizeDeg], [lon, lat + sizeDeg], [lon, lat]]],
});

describe('checkPlotShape', () => {
  it('accepts a plot of a few mu at Datong and gives its area', () => {
    const check = checkPlotShape(square(101.68, 36.95, 0.001));
    expect(check.valid).toBe(true);
    expect(check.areaSquareMeters).toBeGreaterThan(8000);
    expect(check.areaSquareMeters).toBeLessThan(10000);
  });

  it('refuses a bow-tie and says where it crosses', () => {
    const bowTie: Polygon = {type: 'Polygon', coordinates: [[[101.68, 36.95], [101.69, 36.96], [101.69, 36.95], [101.68, 36.96], [101.68, 36.95]]]};
    const check = checkPlotShape(bowTie);
    expect(check.valid).toBe(false);
    expect(check.problems[0]!.code).toBe('self-intersection');
    expect(check.problems[0]!.location![0]).toBeCloseTo(101.685, 6);
    expect(check.problems[0]!.location![1]).toBeCloseTo(36.955, 6);
  });

  it('refuses a sliver smaller than 0.1 mu', () => {
    const check = checkPlotShape(square(101.68, 36.95, 0.00005));
    expect(check.valid).toBe(false);
    expect(check.problems.map((p) => p.code)).toEqual([TOO_SMALL]);
  });
});
