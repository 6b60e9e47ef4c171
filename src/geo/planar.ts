import type {Position} from 'geojson';
import type {PolygonRings, Ring} from './area';

/**
 * Planar predicates in the lon/lat plane. Plots are a few kilometres across, so whether two
 * outlines cross, touch or contain each other is the same question on the ellipsoid and in
 * degrees; areas are never measured here (see area.ts).
 */

/** Twice the signed area of triangle abc: > 0 when c is left of a→b. */
export function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** How two segments meet: not at all, crossing at a point inside both, or touching/overlapping otherwise. */
export type SegmentContact = 'none' | 'cross' | 'touch';

function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}

/** Classifies segments p1p2 and q1q2 (O'Rourke 1998, "Computational Geometry in C", §7.2). */
export function segmentContact(
  p1x: number, p1y: number, p2x: number, p2y: number,
  q1x: number, q1y: number, q2x: number, q2y: number,
): SegmentContact {
  const d1 = orientation(q1x, q1y, q2x, q2y, p1x, p1y);
  const d2 = orientation(q1x, q1y, q2x, q2y, p2x, p2y);
  const d3 = orientation(p1x, p1y, p2x, p2y, q1x, q1y);
  const d4 = orientation(p1x, p1y, p2x, p2y, q2x, q2y);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return 'cross';
  if (d1 === 0 && onSegment(q1x, q1y, q2x, q2y, p1x, p1y)) return 'touch';
  if (d2 === 0 && onSegment(q1x, q1y, q2x, q2y, p2x, p2y)) return 'touch';
  if (d3 === 0 && onSegment(p1x, p1y, p2x, p2y, q1x, q1y)) return 'touch';
  if (d4 === 0 && onSegment(p1x, p1y, p2x, p2y, q2x, q2y)) return 'touch';
  return 'none';
}

/** The point where two crossing segments meet (for reporting a location, not for topology). */
export function segmentIntersectionPoint(
  p1x: number, p1y: number, p2x: number, p2y: number,
  q1x: number, q1y: number, q2x: number, q2y: number,
): [number, number] {
  const rx = p2x - p1x, ry = p2y - p1y, sx = q2x - q1x, sy = q2y - q1y;
  const denominator = rx * sy - ry * sx;
  if (denominator === 0) {
    // Parallel and touching: report an endpoint that lies on the other segment.
    if (onSegment(p1x, p1y, p2x, p2y, q1x, q1y)) return [q1x, q1y];
    if (onSegment(p1x, p1y, p2x, p2y, q2x, q2y)) return [q2x, q2y];
    if (onSegment(q1x, q1y, q2x, q2y, p1x, p1y)) return [p1x, p1y];
    return [p2x, p2y];
  }
  const t = ((q1x - p1x) * sy - (q1y - p1y) * sx) / denominator;
  return [p1x + t * rx, p1y + t * ry];
}

/** Where a point lies relative to a closed ring: crossing-number test with an exact boundary check. */
export type PointLocation = 'inside' | 'outside' | 'boundary';

export function pointInRing(x: number, y: number, ring: Ring): PointLocation {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!, b = ring[j]!;
    const ax = a[0]!, ay = a[1]!, bx = b[0]!, by = b[1]!;
    if (orientation(ax, ay, bx, by, x, y) === 0 && onSegment(ax, ay, bx, by, x, y)) return 'boundary';
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside ? 'inside' : 'outside';
}

/** Where a point lies relative to a polygon with holes. */
export function pointInPolygon(x: number, y: number, rings: PolygonRings): PointLocation {
  const shell = rings[0];
  if (!shell) return 'outside';
  const inShell = pointInRing(x, y, shell);
  if (inShell !== 'inside') return inShell;
  for (let r = 1; r < rings.length; r++) {
    const inHole = pointInRing(x, y, rings[r]!);
    if (inHole === 'inside') return 'outside';
    if (inHole === 'boundary') return 'boundary';
  }
  return 'inside';
}

/** Where a point lies relative to the union of several polygons (a MultiPolygon's parts). */
export function pointInPolygons(x: number, y: number, polygons: readonly PolygonRings[]): PointLocation {
  let result: PointLocation = 'outside';
  for (const rings of polygons) {
    const location = pointInPolygon(x, y, rings);
    if (location === 'inside') return 'inside';
    if (location === 'boundary') result = 'boundary';
  }
  return result;
}

/** [west, south, east, north] of some polygons. */
export function polygonsBounds(polygons: readonly PolygonRings[]): [number, number, number, number] {
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (const rings of polygons) {
    for (const p of rings[0] ?? []) {
      const x = p[0]!, y = p[1]!;
      if (x < west) west = x;
      if (x > east) east = x;
      if (y < south) south = y;
      if (y > north) north = y;
    }
  }
  return [west, south, east, north];
}

/** Every ring edge as [x1, y1, x2, y2] quadruples, skipping zero-length edges. */
export function polygonsSegments(polygons: readonly PolygonRings[]): Float64Array {
  let count = 0;
  for (const rings of polygons) for (const ring of rings) count += Math.max(0, ring.length - 1);
  const out = new Float64Array(count * 4);
  let k = 0;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a: Position = ring[i]!, b: Position = ring[i + 1]!;
        if (a[0] === b[0] && a[1] === b[1]) continue;
        out[k++] = a[0]!;
        out[k++] = a[1]!;
        out[k++] = b[0]!;
        out[k++] = b[1]!;
      }
    }
  }
  return out.subarray(0, k);
}

/**
 * The strongest contact between the outlines of two regions: any proper crossing wins, then
 * any touch. Only edges meeting the common part of the two bounding boxes are compared, which
 * for neighbouring plots is a handful of the edges.
 */
export function boundaryContact(a: Float64Array, b: Float64Array, box: readonly [number, number, number, number]): SegmentContact {
  const [west, south, east, north] = box;
  const pick = (s: Float64Array): number[] => {
    const kept: number[] = [];
    for (let i = 0; i < s.length; i += 4) {
      const x1 = s[i]!, y1 = s[i + 1]!, x2 = s[i + 2]!, y2 = s[i + 3]!;
      if (Math.max(x1, x2) < west || Math.min(x1, x2) > east || Math.max(y1, y2) < south || Math.min(y1, y2) > north) continue;
      kept.push(i);
    }
    return kept;
  };
  const ka = pick(a), kb = pick(b);
  let result: SegmentContact = 'none';
  for (const i of ka) {
    const x1 = a[i]!, y1 = a[i + 1]!, x2 = a[i + 2]!, y2 = a[i + 3]!;
    const minX = Math.min(x1, x2), maxX = Math.max(x1, x2), minY = Math.min(y1, y2), maxY = Math.max(y1, y2);
    for (const j of kb) {
      const u1 = b[j]!, v1 = b[j + 1]!, u2 = b[j + 2]!, v2 = b[j + 3]!;
      if (Math.max(u1, u2) < minX || Math.min(u1, u2) > maxX || Math.max(v1, v2) < minY || Math.min(v1, v2) > maxY) continue;
      const contact = segmentContact(x1, y1, x2, y2, u1, v1, u2, v2);
      if (contact === 'cross') return 'cross';
      if (contact === 'touch') result = 'touch';
    }
  }
  return result;
}
