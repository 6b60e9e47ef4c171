import {describe, expect, it} from 'vitest';
import {classifyPositions, coordinateCensus} from './coordinate-census';
import type {RawFeature} from './plot-reader';

const feature = (ring: number[][]): RawFeature => ({geometry: {type: 'Polygon', coordinates: [ring]}, properties: {}, where: 'x'});
const square = (x: number, y: number, d: number) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];

describe('coordinate census', () => {
  it('classes positions as degrees, swapped, metres or mixed, ignoring non-finite values', () => {
    expect(classifyPositions([[101.6, 36.9], [101.7, 36.9]])).toBe('degrees');
    expect(classifyPositions([[36.9, 101.6]])).toBe('swapped');
    expect(classifyPositions([[34_500_000, 4_090_000]])).toBe('metres');
    expect(classifyPositions([[101.6, 36.9], [181, 36.9]])).toBe('mixed');
  });

  it('keeps a file of degrees geographic despite one feature at 181°, one at 1e999 and one swapped', () => {
    const census = coordinateCensus([
      feature(square(101.6, 36.9, 0.01)), feature(square(101.7, 36.9, 0.01)), feature(square(101.8, 36.9, 0.01)),
      feature([[101.6, 36.9], [181, 36.9], [101.6, 37], [101.6, 36.9]]),
      feature([[Infinity, 36.9], [101.6, 36.9], [101.6, 37], [Infinity, 36.9]]),
      feature(square(36.9, 101.6, 0.01)),
    ]);
    expect(census.projected).toBe(false);
    expect(census.swappedInQinghai).toBe(1);
  });

  it('calls a file projected when most features are in metres, and keeps their eastings for the zone', () => {
    const census = coordinateCensus([feature(square(34_500_000, 4_090_000, 100)), feature(square(34_501_000, 4_090_000, 100)), feature(square(101.6, 36.9, 0.01))]);
    expect(census.projected).toBe(true);
    expect(census.eastings.every((e) => Math.floor(e / 1e6) === 34)).toBe(true);
  });
});
