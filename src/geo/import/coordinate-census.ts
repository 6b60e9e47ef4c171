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

/** The finite [x, y] pairs of a GeoJSON-like geometry, in file order. */
export function finitePositions(geometry: unknown, limit = 100_000): number[][] {
  const out: number[][] = [];
  // Loops, not forEach: this runs over every position of every feature (issue 11).
  const walk = (c: unknown): void => {
    if (isNumberPair(c)) {
      if (Number.isFinite(c[0]) && Number.isFinite(c[1])) out.push(c);
    } else if (Array.isArray(c)) {
      for (let k = 0; k < c.length && out.length < limit; k++) walk(c[k]);
    }
  };
  const g = geometry as {coordinates?: unknown; geometries?: unknown} | null | undefined;
  if (limit > 0) walk(g?.coordinates);
  if (Array.isArray(g?.geometries)) g.geometries.forEach((x) => out.length < limit && walk((x as {coordinates?: unknown} | null)?.coordinates));
  return out;
}

const inDegrees = (p: readonly number[]) => Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90;
const inSwappedDegrees = (p: readonly number[]) => Math.abs(p[0]!) <= 90 && Math.abs(p[1]!) <= 180;
export const insideQinghai = (lon: number, lat: number) => lon >= PROJECT_BOUNDS[0] && lon <= PROJECT_BOUNDS[2] && lat >= PROJECT_BOUNDS[1] && lat <= PROJECT_BOUNDS[3];

/** degrees: every position within ±180/±90; swapped: only with x and y exchanged; metres: none in degrees; mixed: some of each. */
export function classifyPositions(positions: readonly (readonly number[])[]): FeatureClass {
  if (positions.length === 0) return 'none';
  let degrees = 0;
  for (const p of positions) if (inDegrees(p)) degrees++;
  if (degrees === positions.length) return 'degrees';
  if (positions.every(inSwappedDegrees)) return 'swapped';
  return degrees === 0 ? 'metres' : 'mixed';
}

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
    // What classifyPositions(finitePositions(f.geometry)) says, counted on the way instead of
    // collecting the positions first: this runs over every position of a file (issue 11).
    census.seen = census.degrees = 0;
    census.allSwapped = census.allSwappedInQinghai = true;
    census.firstX.length = 0;
    const g = f.geometry as {coordinates?: unknown; geometries?: unknown} | null | undefined;
    censusWalk(g?.coordinates);
    if (Array.isArray(g?.geometries)) g.geometries.forEach((x) => census.seen < CENSUS_LIMIT && censusWalk((x as {coordinates?: unknown} | null)?.coordinates));
    const {seen, degrees} = census;
    const cls: FeatureClass = seen === 0 ? 'none' : degrees === seen ? 'degrees' : census.allSwapped ? 'swapped' : degrees === 0 ? 'metres' : 'mixed';
    byClass[cls]++;
    if (cls === 'metres') for (const x of census.firstX) eastings.push(x);
    if (seen > 0 && census.allSwappedInQinghai) swappedInQinghai++;
  }
  const geographic = byClass.degrees + byClass.swapped + byClass.mixed;
  return {byClass, projected: byClass.metres > geographic, eastings, swappedInQinghai, withPositions: features.length - byClass.none};
}

/** finitePositions' default limit: positions past it are not looked at. */
const CENSUS_LIMIT = 100_000;
/** One feature's finite positions so far, as classifyPositions and the swap check see them; the first 50 eastings. */
const census = {seen: 0, degrees: 0, allSwapped: true, allSwappedInQinghai: true, firstX: [] as number[]};

/** finitePositions' walk, visiting each position instead of collecting it. */
function censusWalk(c: unknown): void {
  if (isNumberPair(c)) {
    const x = c[0]!, y = c[1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    if (census.seen < 50) census.firstX.push(x);
    census.seen++;
    if (Math.abs(x) <= 180 && Math.abs(y) <= 90) census.degrees++;
    if (!(Math.abs(x) <= 90 && Math.abs(y) <= 180)) census.allSwapped = false;
    if (insideQinghai(x, y) || !insideQinghai(y, x)) census.allSwappedInQinghai = false;
  } else if (Array.isArray(c)) {
    for (let k = 0; k < c.length && census.seen < CENSUS_LIMIT; k++) censusWalk(c[k]);
  }
}
