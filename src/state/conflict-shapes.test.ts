import {describe, expect, it} from 'vitest';
import {polygonAreaSquareMeters} from '../geo/area';
import type {Plot} from '../geo/plot';
import {conflictKind, conflictShapes, conflictShapesCollection} from './conflict-shapes';
import {sameKnown} from './shared-slice';
import {pollDelayMs} from './team-slice';

const square = (lon: number, d: number): Plot['geometry'] => ({type: 'Polygon', coordinates: [[[lon, 36.95], [lon + d, 36.95], [lon + d, 36.95 + d], [lon, 36.95 + d], [lon, 36.95]]]});
const A = square(101.68, 0.001);
const B = square(101.68, 0.002);
const C = square(101.69, 0.001);

describe('conflictShapes', () => {
  it('takes both shapes from a geometry clash, with their areas', () => {
    const shapes = conflictShapes({reason: 'same-field', fields: [{field: 'geometry', base: A, mine: B, theirs: C}]}, {geometry: C});
    expect(shapes).toMatchObject({kind: 'edit', shapeDiffers: true, mine: {geometry: B, deleted: false}, theirs: {geometry: C, deleted: false}});
    expect(shapes.mine.areaSquareMeters).toBeCloseTo(polygonAreaSquareMeters(B), 6);
    expect(shapes.mine.areaSquareMeters! / shapes.theirs.areaSquareMeters!).toBeCloseTo(4, 1);
  });

  it('uses the device copy for a clash over fields only: one shape, said to be the same', () => {
    const shapes = conflictShapes({reason: 'same-field', fields: [{field: 'notes', base: '', mine: 'a', theirs: 'b'}]}, {geometry: A});
    expect(shapes.shapeDiffers).toBe(false);
    expect(shapes.mine.geometry).toBe(A);
    expect(shapes.theirs.geometry).toBe(A);
  });

  it('names the side that deleted: the deleting device (delete-vs-update) keeps the shape it saw', () => {
    const fields = [{field: 'deleted', base: false, mine: true, theirs: false}, {field: 'geometry', base: A, mine: null, theirs: B}];
    const shapes = conflictShapes({reason: 'delete-vs-update', fields}, {geometry: B});
    expect(shapes).toMatchObject({kind: 'mine-deleted', mine: {deleted: true, geometry: A}, theirs: {deleted: false, geometry: B}});
    expect(conflictKind({reason: 'update-vs-delete', fields: []})).toBe('theirs-deleted');
    const gone = conflictShapes({reason: 'update-vs-delete', fields: [{field: 'notes', base: '', mine: 'x', theirs: ''}]}, {geometry: A});
    expect(gone).toMatchObject({kind: 'theirs-deleted', mine: {deleted: false, geometry: A}, theirs: {deleted: true, geometry: A}});
  });

  it('has no shape (and no area) when the device holds no copy and the clash names none', () => {
    const shapes = conflictShapes({reason: 'update-vs-delete', fields: [{field: 'notes', base: '', mine: 'x', theirs: ''}]}, null);
    expect(shapes.mine).toMatchObject({geometry: null, areaSquareMeters: null});
    expect(conflictShapesCollection(shapes).features).toEqual([]);
  });

  it('gives the map theirs first and mine on top, each marked with its side', () => {
    const shapes = conflictShapes({reason: 'same-field', fields: [{field: 'geometry', base: A, mine: B, theirs: C}]}, null);
    const fc = conflictShapesCollection(shapes, 'p1');
    expect(fc.features.map((f) => f.properties)).toEqual([{side: 'theirs', deleted: false, plotId: 'p1'}, {side: 'mine', deleted: false, plotId: 'p1'}]);
    expect(conflictShapesCollection(null).features).toEqual([]);
  });
});

describe('live polling and shared records', () => {
  it('polls every few seconds in view and at most once a minute when hidden', () => {
    expect(pollDelayMs(5000, false)).toBe(5000);
    expect(pollDelayMs(5000, true)).toBe(60_000);
    expect(pollDelayMs(120_000, true)).toBe(120_000);
  });

  it('sees the same server set regardless of order and tombstones, and a new version as a change', () => {
    const a = {z1: {version: 1, deleted: false, json: '{}'}, z2: {version: 2, deleted: false, json: '{"a":1}'}};
    const b = {z2: {version: 2, deleted: false, json: '{"a":1}'}, z1: {version: 1, deleted: false, json: '{}'}, z3: {version: 4, deleted: true, json: '{}'}};
    expect(sameKnown(a, b)).toBe(true);
    expect(sameKnown(a, {...b, z1: {version: 2, deleted: false, json: '{}'}})).toBe(false);
    expect(sameKnown(a, {z1: a.z1})).toBe(false);
  });
});
