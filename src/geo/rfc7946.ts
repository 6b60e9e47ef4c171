import type {FeatureCollection, Geometry, Position} from 'geojson';
import {eachPosition} from './bbox';

export type Rfc7946Problem = {
  readonly code:
    | 'not-feature-collection'
    | 'crs-member'
    | 'not-feature'
    | 'bad-position'
    | 'out-of-range'
    | 'ring-not-closed'
    | 'ring-too-short'
    | 'exterior-not-ccw'
    | 'hole-not-cw'
    | 'too-precise';
  readonly feature?: number;
  readonly message: string;
};

/** Twice the signed area in the lon/lat plane: positive when the ring runs counter-clockwise. */
export function ringSignedArea2(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i]!, b = ring[i + 1]!;
    sum += a[0]! * b[1]! - b[0]! * a[1]!;
  }
  return sum;
}

function polygonsOf(geometry: Geometry): Position[][][] {
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  if (geometry.type === 'GeometryCollection') return geometry.geometries.flatMap(polygonsOf);
  return [];
}

function decimals(n: number): number {
  const s = String(n);
  const dot = s.indexOf('.');
  return dot < 0 || s.includes('e') ? 0 : s.length - dot - 1;
}

/**
 * Checks a parsed document against the parts of RFC 7946 a map layer relies on:
 * a FeatureCollection of Features, no `crs` member (§4), positions of two or three finite
 * numbers inside WGS84 ranges (§3.1.1), closed rings of at least four positions (§3.1.6),
 * exterior rings counter-clockwise and holes clockwise (§3.1.6, the right-hand rule),
 * and no more than `maxDecimals` decimals (§11.2).
 */
export function checkRfc7946(doc: unknown, maxDecimals = 7): Rfc7946Problem[] {
  const problems: Rfc7946Problem[] = [];
  const d = doc as Partial<FeatureCollection> & {crs?: unknown};
  if (typeof doc !== 'object' || doc === null || d.type !== 'FeatureCollection' || !Array.isArray(d.features)) {
    return [{code: 'not-feature-collection', message: 'not a GeoJSON FeatureCollection'}];
  }
  if ('crs' in d) problems.push({code: 'crs-member', message: 'RFC 7946 removed the "crs" member'});
  d.features.forEach((feature, index) => {
    if (feature?.type !== 'Feature' || feature.geometry === undefined) {
      problems.push({code: 'not-feature', feature: index, message: 'not a Feature'});
      return;
    }
    if (feature.geometry === null) return;
    let bad = 0, outOfRange = 0, precise = 0;
    eachPosition(feature.geometry, (p) => {
      if (!(p.length === 2 || p.length === 3) || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) bad++;
      else if (Math.abs(p[0]!) > 180 || Math.abs(p[1]!) > 90) outOfRange++;
      else if (decimals(p[0]!) > maxDecimals || decimals(p[1]!) > maxDecimals) precise++;
    });
    if (bad) problems.push({code: 'bad-position', feature: index, message: `${bad} positions are not 2–3 finite numbers`});
    if (outOfRange) problems.push({code: 'out-of-range', feature: index, message: `${outOfRange} positions outside ±180/±90`});
    if (precise) problems.push({code: 'too-precise', feature: index, message: `${precise} positions with more than ${maxDecimals} decimals`});
    if (bad) return;
    for (const polygon of polygonsOf(feature.geometry)) {
      polygon.forEach((ring, r) => {
        if (ring.length < 4) {
          problems.push({code: 'ring-too-short', feature: index, message: `ring ${r} has ${ring.length} positions`});
          return;
        }
        const first = ring[0]!, last = ring[ring.length - 1]!;
        if (first[0] !== last[0] || first[1] !== last[1]) {
          problems.push({code: 'ring-not-closed', feature: index, message: `ring ${r} is not closed`});
        }
        const area2 = ringSignedArea2(ring);
        if (r === 0 && area2 < 0) problems.push({code: 'exterior-not-ccw', feature: index, message: 'exterior ring is clockwise'});
        if (r > 0 && area2 > 0) problems.push({code: 'hole-not-cw', feature: index, message: `hole ${r} is counter-clockwise`});
      });
    }
  });
  return problems;
}
