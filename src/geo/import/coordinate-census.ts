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
    const positions = finitePositions(f.geometry);
    const cls = classifyPositions(positions);
    byClass[cls]++;
    if (cls === 'metres') for (const p of positions.slice(0, 50)) eastings.push(p[0]!);
    if (positions.length > 0 && positions.every((p) => !insideQinghai(p[0]!, p[1]!) && insideQinghai(p[1]!, p[0]!))) swappedInQinghai++;
  }
  const geographic = byClass.degrees + byClass.swapped + byClass.mixed;
  return {byClass, projected: byClass.metres > geographic, eastings, swappedInQinghai, withPositions: features.length - byClass.none};
}
