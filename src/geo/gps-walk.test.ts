import {describe, expect, it} from 'vitest';
import {polygonAreaSquareMeters} from './area';
import {DEFAULT_WALK_OPTIONS, EMPTY_WALK, addFix as addFixWith, setPaused, undoLastVertex, walkPolygon} from './gps-walk';
import type {GpsFix, WalkState} from './gps-walk';
import {distanceMeters} from './geodesic-distance';
import {squareMetersToMu} from './units';

const addFix = (state: WalkState, fix: GpsFix) => addFixWith(state, fix, DEFAULT_WALK_OPTIONS, distanceMeters);

const LAT0 = 36.95, LON0 = 101.68;
const M_PER_DEG_LAT = 110_990; // near 37°N; the test below measures rather than trusts it
const metersEast = (m: number) => m / (111_320 * Math.cos((LAT0 * Math.PI) / 180));
const fixAt = (east: number, north: number, t: number, accuracy = 4): GpsFix => ({
  lon: LON0 + metersEast(east), lat: LAT0 + north / M_PER_DEG_LAT, accuracyMeters: accuracy, time: t * 1000,
});

/** A walk along a square's edges, one fix every metre at 1 m/s. */
function walkSquare(side: number): WalkState {
  let s = addFix(EMPTY_WALK, fixAt(0, 0, 0));
  let t = 0;
  const legs: [number, number][] = [[1, 0], [0, 1], [-1, 0], [0, -1]];
  let x = 0, y = 0;
  for (const [dx, dy] of legs) {
    for (let i = 0; i < side; i++) {
      x += dx; y += dy; t += 1;
      s = addFix(s, fixAt(x, y, t));
    }
  }
  return s;
}

describe('walking a boundary', () => {
  it('turns a walked 50 m square into about 3.75 mu', () => {
    const polygon = walkPolygon(walkSquare(50))!;
    const mu = squareMetersToMu(polygonAreaSquareMeters(polygon));
    expect(mu).toBeGreaterThan(3.6);
    expect(mu).toBeLessThan(3.9);
  });

  it('keeps vertices at least the spacing apart', () => {
    const s = walkSquare(50);
    for (let i = 1; i < s.vertices.length; i++) {
      expect(distanceMeters(s.vertices[i - 1]!, s.vertices[i]!)).toBeGreaterThanOrEqual(5);
    }
  });

  it('drops fixes worse than the accuracy gate', () => {
    const s = addFix(EMPTY_WALK, fixAt(0, 0, 0, 25));
    expect(s.vertices).toHaveLength(0);
    expect(s.lastVerdict).toBe('inaccurate');
    expect(s.lastFix?.accuracyMeters).toBe(25);
  });

  it('drops an implausible jump and accepts the walk after it', () => {
    let s = addFix(EMPTY_WALK, fixAt(0, 0, 0));
    s = addFix(s, fixAt(500, 0, 1));
    expect(s.lastVerdict).toBe('jump');
    s = addFix(s, fixAt(6, 0, 3));
    expect(s.lastVerdict).toBe('vertex');
    expect(s.vertices).toHaveLength(2);
  });

  it('records nothing while paused and does not call the move after resuming a jump', () => {
    let s = addFix(EMPTY_WALK, fixAt(0, 0, 0));
    s = setPaused(s, true);
    s = addFix(s, fixAt(20, 0, 1));
    expect(s.vertices).toHaveLength(1);
    s = setPaused(s, false);
    s = addFix(s, fixAt(200, 0, 2));
    expect(s.lastVerdict).toBe('vertex');
  });

  it('undoes the last vertex and needs three to close a ring', () => {
    let s = addFix(EMPTY_WALK, fixAt(0, 0, 0));
    s = addFix(s, fixAt(10, 0, 10));
    s = addFix(s, fixAt(10, 10, 20));
    expect(walkPolygon(s)!.coordinates[0]).toHaveLength(4);
    s = undoLastVertex(s);
    expect(walkPolygon(s)).toBeNull();
  });
});
