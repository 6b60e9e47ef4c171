import type {Polygon, Position} from 'geojson';

/**
 * Recording a plot boundary by walking it: a pure reducer over GPS fixes, so the rules can be
 * tested without a device. A fix becomes a vertex when it is accurate enough, far enough from
 * the last vertex, and reachable from the last accepted fix at a plausible speed.
 */

export type GpsFix = {
  readonly lon: number;
  readonly lat: number;
  /** Radius of 68 % confidence, metres (Geolocation API `coords.accuracy`). */
  readonly accuracyMeters: number;
  /** Milliseconds since the epoch (Geolocation API `timestamp`). */
  readonly time: number;
};

export type WalkOptions = {
  /** Minimum distance between recorded vertices. */
  readonly spacingMeters: number;
  /** Fixes less accurate than this are dropped. */
  readonly accuracyGateMeters: number;
  /** Fixes implying a faster move than this from the last accepted fix are dropped as jumps. */
  readonly maxSpeedMetersPerSecond: number;
};

export const DEFAULT_WALK_OPTIONS: WalkOptions = {spacingMeters: 5, accuracyGateMeters: 10, maxSpeedMetersPerSecond: 10};

export type FixVerdict = 'vertex' | 'too-close' | 'inaccurate' | 'jump' | 'paused';

export type WalkState = {
  readonly vertices: readonly Position[];
  /** The last fix that passed the accuracy and speed gates (vertex or not). */
  readonly lastGoodFix: GpsFix | null;
  /** The most recent fix of any quality, for showing the current accuracy. */
  readonly lastFix: GpsFix | null;
  readonly lastVerdict: FixVerdict | null;
  readonly paused: boolean;
  readonly dropped: {readonly inaccurate: number; readonly jump: number};
};

export const EMPTY_WALK: WalkState = {
  vertices: [],
  lastGoodFix: null,
  lastFix: null,
  lastVerdict: null,
  paused: false,
  dropped: {inaccurate: 0, jump: 0},
};

/**
 * Metres between two positions. The walk is given GeographicLib's geodesic
 * (geo/geodesic-distance.ts) by the view that watches the GPS, so the library loads with it.
 */
export type DistanceMeasure = (a: readonly [number, number] | Position, b: readonly [number, number] | Position) => number;

export function addFix(state: WalkState, fix: GpsFix, options: WalkOptions, distanceMeters: DistanceMeasure): WalkState {
  const base = {...state, lastFix: fix};
  if (state.paused) return {...base, lastVerdict: 'paused'};
  if (!(fix.accuracyMeters <= options.accuracyGateMeters)) {
    return {...base, lastVerdict: 'inaccurate', dropped: {...state.dropped, inaccurate: state.dropped.inaccurate + 1}};
  }
  const here: Position = [fix.lon, fix.lat];
  if (state.lastGoodFix) {
    const seconds = Math.max((fix.time - state.lastGoodFix.time) / 1000, 0.001);
    const moved = distanceMeters([state.lastGoodFix.lon, state.lastGoodFix.lat], here);
    if (moved / seconds > options.maxSpeedMetersPerSecond) {
      return {...base, lastVerdict: 'jump', dropped: {...state.dropped, jump: state.dropped.jump + 1}};
    }
  }
  const last = state.vertices[state.vertices.length - 1];
  if (last && distanceMeters(last, here) < options.spacingMeters) {
    return {...base, lastGoodFix: fix, lastVerdict: 'too-close'};
  }
  return {...base, lastGoodFix: fix, lastVerdict: 'vertex', vertices: [...state.vertices, here]};
}

export function setPaused(state: WalkState, paused: boolean): WalkState {
  // After a pause the walker may have moved: do not judge the next fix's speed against the old one.
  return {...state, paused, lastGoodFix: paused ? state.lastGoodFix : null};
}

export function undoLastVertex(state: WalkState): WalkState {
  return {...state, vertices: state.vertices.slice(0, -1)};
}

/** Closes the walked ring into a polygon, or null with fewer than three vertices. */
export function walkPolygon(state: WalkState): Polygon | null {
  if (state.vertices.length < 3) return null;
  const ring = [...state.vertices.map((p) => [p[0]!, p[1]!]), [state.vertices[0]![0]!, state.vertices[0]![1]!]];
  return {type: 'Polygon', coordinates: [ring]};
}
