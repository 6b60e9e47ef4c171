import {PROJECT_BOUNDS} from '../validate';
import type {RawFeature} from './plot-reader';

/*
 * What a file's coordinates say as a whole, for choosing the coordinate system when the file
 * does not name one. Each feature is classed by its finite positions (NaN, ±Infinity and text
 * are ignored here and rejected later with the feature); the file is then judged by the
 * majority of its features, so one feature with [181, 36.9], 1e999 or swapped [lat, lon]
 * cannot make a file of degrees "projected", nor one stray value empty the zone candidates.
 */

export type FeatureClass = 'degrees' | 'swapped' | 'metres' | 'mixed' | 'none';

const isNumberPair = (v: unknown): v is number[] => Array.isArray(v) && v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number';

/**
 * Calls `visit(into, p)` with each finite [x, y] pair p of a GeoJSON-like geometry, in file
 * order, up to `limit` of them, and returns how many it visited. Loops, not forEach, and
 * nothing collected: this runs over every position of every feature (issue 11).
 */
function forEachFinitePosition<T>(geometry: unknown, visit: (into: T, p: number[]) => void, into: T, limit = 100_000): number {
  const g = geometry as {coordinates?: unknown; geometries?: unknown} | null | undefined;
  let seen = limit > 0 ? walkFinite(g?.coordinates, visit, into, 0, limit) : 0;
  if (Array.isArray(g?.geometries)) for (let k = 0; k < g.geometries.length && seen < limit; k++) seen = walkFinite((g.geometries[k] as {coordinates?: unknown} | null)?.coordinates, visit, into, seen, limit);
  return seen;
}

/** forEachFinitePosition's walk over nested coordinate arrays: the count visited so far, `seen`, in and out. */
function walkFinite<T>(c: unknown, visit: (into: T, p: number[]) => void, into: T, seen: number, limit: number): number {
  if (isNumberPair(c)) {
    if (!Number.isFinite(c[0]) || !Number.isFinite(c[1])) return seen;
    visit(into, c);
    return seen + 1;
  }
  if (Array.isArray(c)) for (let k = 0; k < c.length && seen < limit; k++) seen = walkFinite(c[k], visit, into, seen, limit);
  return seen;
}

const collect = (out: number[][], p: number[]) => void out.push(p);

/** The finite [x, y] pairs of a GeoJSON-like geometry, in file order. */
export function finitePositions(geometry: unknown, limit = 100_000): number[][] {
  const out: number[][] = [];
  forEachFinitePosition(geometry, collect, out, limit);
  return out;
}

const inDegrees = (p: readonly number[]) => Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90;
const inSwappedDegrees = (p: readonly number[]) => Math.abs(p[0]!) <= 90 && Math.abs(p[1]!) <= 180;
export const insideQinghai = (lon: number, lat: number) => lon >= PROJECT_BOUNDS[0] && lon <= PROJECT_BOUNDS[2] && lat >= PROJECT_BOUNDS[1] && lat <= PROJECT_BOUNDS[3];

/** degrees: every position within ±180/±90; swapped: only with x and y exchanged; metres: none in degrees; mixed: some of each. */
export function classifyPositions(positions: readonly (readonly number[])[]): FeatureClass {
  let degrees = 0;
  for (const p of positions) if (inDegrees(p)) degrees++;
  return classOf(positions.length, degrees, () => positions.every(inSwappedDegrees));
}

/** classifyPositions' rule, from counts: `seen` positions, `degrees` of them in degrees; `allSwapped` asked only when needed. */
const classOf = (seen: number, degrees: number, allSwapped: () => boolean): FeatureClass =>
  seen === 0 ? 'none' : degrees === seen ? 'degrees' : allSwapped() ? 'swapped' : degrees === 0 ? 'metres' : 'mixed';

export type CoordinateCensus = {
  readonly byClass: Readonly<Record<FeatureClass, number>>;
  /** Whether most features (by count) are in metres: the file is projected. */
  readonly projected: boolean;
  /** Eastings of the metre-class features, for the Gauss-Krüger zone candidates. */
  readonly eastings: readonly number[];
  /** Features with positions, every one outside Qinghai as [x, y] and inside it as [y, x]. */
  readonly swappedInQinghai: number;
  /** Features with at least one finite position. */
  readonly withPositions: number;
};

export function coordinateCensus(features: readonly RawFeature[]): CoordinateCensus {
  const byClass: Record<FeatureClass, number> = {degrees: 0, swapped: 0, metres: 0, mixed: 0, none: 0};
  const eastings: number[] = [];
  let swappedInQinghai = 0;
  for (const f of features) {
    // classifyPositions(finitePositions(f.geometry)) and the swap check, counted on the way
    // instead of collecting the positions first (issue 11).
    const tally: PositionTally = {degrees: 0, allSwapped: true, allSwappedInQinghai: true, firstX: []};
    const seen = forEachFinitePosition(f.geometry, countPosition, tally);
    const cls = classOf(seen, tally.degrees, () => tally.allSwapped);
    byClass[cls]++;
    if (cls === 'metres') for (const x of tally.firstX) eastings.push(x);
    if (seen > 0 && tally.allSwappedInQinghai) swappedInQinghai++;
  }
  const geographic = byClass.degrees + byClass.swapped + byClass.mixed;
  return {byClass, projected: byClass.metres > geographic, eastings, swappedInQinghai, withPositions: features.length - byClass.none};
}

/** One feature's positions as coordinateCensus counts them; the first 50 eastings. */
type PositionTally = {degrees: number; allSwapped: boolean; allSwappedInQinghai: boolean; firstX: number[]};

function countPosition(t: PositionTally, p: number[]): void {
  const x = p[0]!, y = p[1]!;
  if (t.firstX.length < 50) t.firstX.push(x);
  if (inDegrees(p)) t.degrees++;
  if (!inSwappedDegrees(p)) t.allSwapped = false;
  if (insideQinghai(x, y) || !insideQinghai(y, x)) t.allSwappedInQinghai = false;
}
