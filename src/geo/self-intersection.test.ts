import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {anyContactPairwise, selfIntersection, selfIntersectionIndexed} from './validate';

// Small polygons take a sweep before (and instead of) the R-tree walk; the answer must be the same.
const closed = (points: [number, number][]) => [...points, points[0]!];
const gridPoint = fc.tuple(fc.integer({min: 0, max: 6}), fc.integer({min: 0, max: 6}));
const gridRing = fc.array(gridPoint, {minLength: 2, maxLength: 12}).map(closed);

describe('selfIntersection on small polygons', () => {
  it('finds the same contact as the R-tree walk, on grids full of touching and collinear edges', () => {
    fc.assert(fc.property(fc.array(gridRing, {minLength: 1, maxLength: 3}), (polygon) => {
      expect(selfIntersection(polygon)).toEqual(selfIntersectionIndexed(polygon));
    }), {numRuns: 20_000});
  });

  it('finds the same contact as the R-tree walk, on rings of up to 100 vertices', () => {
    const point = fc.tuple(fc.double({min: 101, max: 101.01, noNaN: true}), fc.double({min: 36.9, max: 36.91, noNaN: true}));
    fc.assert(fc.property(fc.array(fc.array(point, {minLength: 3, maxLength: 100}).map(closed), {minLength: 1, maxLength: 2}), (polygon) => {
      expect(selfIntersection(polygon)).toEqual(selfIntersectionIndexed(polygon));
    }), {numRuns: 2_000});
  });

  it('says a star-shaped ring is clean and a bow-tie is not', () => {
    const star = closed(Array.from({length: 60}, (_, k): [number, number] => {
      const r = k % 2 ? 1 : 2, a = (2 * Math.PI * k) / 60;
      return [r * Math.cos(a), r * Math.sin(a)];
    }));
    expect(selfIntersection([star])).toBeNull();
    expect(selfIntersection([closed([[0, 0], [2, 2], [2, 0], [0, 2]])])).toEqual([1, 1]);
  });

  it('says a polygon has a contact exactly when the R-tree walk finds one, whatever sizes came before', () => {
    // The sweep reuses its scratch arrays, growing them for rings past 128 edges: mixed sizes
    // in one run check that nothing of an earlier, larger polygon leaks into a later one.
    const point = fc.tuple(fc.double({min: 101, max: 101.01, noNaN: true}), fc.double({min: 36.9, max: 36.91, noNaN: true}));
    const ring = fc.oneof(gridRing, fc.array(point, {minLength: 3, maxLength: 300}).map(closed));
    fc.assert(fc.property(fc.array(fc.array(ring, {minLength: 1, maxLength: 3}), {minLength: 1, maxLength: 4}), (polygons) => {
      for (const polygon of polygons) expect(anyContactPairwise(polygon)).toBe(selfIntersectionIndexed(polygon) !== null);
    }), {numRuns: 1_000});
  });
});
