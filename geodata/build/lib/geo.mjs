// Geometry helpers: GCJ-02 -> WGS84, areas, rounding, RFC 7946 winding and validation.
import gcoord from 'gcoord';

export const R_AUTHALIC = 6371007.2; // m, authalic sphere of WGS84

/** Map every position of a Polygon/MultiPolygon/LineString/MultiLineString/Point. */
export function mapCoords(geom, fn) {
  const walk = (c) => (typeof c[0] === 'number' ? fn(c) : c.map(walk));
  return { ...geom, coordinates: walk(geom.coordinates) };
}

/** GCJ-02 (AMap) -> WGS84 using gcoord. */
export function gcjToWgs(geom) {
  return mapCoords(geom, (p) => gcoord.transform([p[0], p[1]], gcoord.GCJ02, gcoord.WGS84));
}

/**
 * Spherical ring area (Chamberlain & Duquette 2007, as in Turf), signed so that a
 * counter-clockwise ring (RFC 7946 exterior) is positive. The raw sum of that formula is
 * negative for counter-clockwise rings, hence the minus below.
 */
export function ringAreaSigned(ring) {
  const rad = Math.PI / 180;
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[i + 1];
    s += (x2 - x1) * rad * (2 + Math.sin(y1 * rad) + Math.sin(y2 * rad));
  }
  return -(s * R_AUTHALIC * R_AUTHALIC) / 2;
}

export function polygonsOf(geom) {
  if (geom.type === 'Polygon') return [geom.coordinates];
  if (geom.type === 'MultiPolygon') return geom.coordinates;
  return [];
}

/** Area in km^2 (outer rings minus holes). */
export function areaKm2(geom) {
  let a = 0;
  for (const poly of polygonsOf(geom)) {
    poly.forEach((ring, i) => {
      const r = Math.abs(ringAreaSigned(ring));
      a += i === 0 ? r : -r;
    });
  }
  return a / 1e6;
}

export const round6 = (v) => Math.round(v * 1e6) / 1e6;

/** Round to 6 decimals and drop duplicate consecutive positions; close rings. */
function cleanRing(ring) {
  const out = [];
  for (const p of ring) {
    const q = [round6(p[0]), round6(p[1])];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  const f = out[0];
  const l = out[out.length - 1];
  if (f[0] !== l[0] || f[1] !== l[1]) out.push([f[0], f[1]]);
  return out;
}
function cleanLine(line) {
  const out = [];
  for (const p of line) {
    const q = [round6(p[0]), round6(p[1])];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return out;
}

/** Round, dedupe, and enforce RFC 7946 winding (outer CCW, holes CW). */
export function normalizeGeometry(geom) {
  const fixPoly = (poly) =>
    poly
      .map(cleanRing)
      .filter((r) => r.length >= 4)
      .map((r, i) => {
        const ccw = ringAreaSigned(r) > 0;
        const wantCcw = i === 0;
        return ccw === wantCcw ? r : r.slice().reverse();
      });
  switch (geom.type) {
    case 'Point':
      return { type: 'Point', coordinates: [round6(geom.coordinates[0]), round6(geom.coordinates[1])] };
    case 'LineString':
      return { type: 'LineString', coordinates: cleanLine(geom.coordinates) };
    case 'MultiLineString': {
      const ls = geom.coordinates.map(cleanLine).filter((l) => l.length >= 2);
      return ls.length === 1 ? { type: 'LineString', coordinates: ls[0] } : { type: 'MultiLineString', coordinates: ls };
    }
    case 'Polygon':
      return { type: 'Polygon', coordinates: fixPoly(geom.coordinates) };
    case 'MultiPolygon': {
      const ps = geom.coordinates.map(fixPoly).filter((p) => p.length > 0);
      return ps.length === 1 ? { type: 'Polygon', coordinates: ps[0] } : { type: 'MultiPolygon', coordinates: ps };
    }
    default:
      throw new Error(`unsupported geometry ${geom.type}`);
  }
}

export function bbox(geom) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  mapCoords(geom, (p) => {
    b[0] = Math.min(b[0], p[0]); b[1] = Math.min(b[1], p[1]);
    b[2] = Math.max(b[2], p[0]); b[3] = Math.max(b[3], p[1]);
    return p;
  });
  return b;
}

// ---------- validation ----------
function orient(a, b, c) {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}
function onSeg(a, b, p) {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}
function segsIntersect(p1, p2, p3, p4) {
  const d1 = orient(p3, p4, p1), d2 = orient(p3, p4, p2), d3 = orient(p1, p2, p3), d4 = orient(p1, p2, p4);
  if (d1 !== d2 && d3 !== d4 && d1 !== 0 && d2 !== 0 && d3 !== 0 && d4 !== 0) return true;
  if (d1 === 0 && onSeg(p3, p4, p1)) return true;
  if (d2 === 0 && onSeg(p3, p4, p2)) return true;
  if (d3 === 0 && onSeg(p1, p2, p3)) return true;
  if (d4 === 0 && onSeg(p1, p2, p4)) return true;
  return false;
}

/**
 * Find intersections among the edges of one polygon (all its rings): any two
 * edges may touch only where they are adjacent in the same ring. Grid-indexed.
 */
export function polygonSelfIntersections(poly, max = 5) {
  const segs = [];
  poly.forEach((ring, r) => {
    for (let i = 0; i < ring.length - 1; i++) segs.push({ r, i, n: ring.length - 1, a: ring[i], b: ring[i + 1] });
  });
  const bb = [Infinity, Infinity, -Infinity, -Infinity];
  for (const s of segs) for (const p of [s.a, s.b]) {
    bb[0] = Math.min(bb[0], p[0]); bb[1] = Math.min(bb[1], p[1]); bb[2] = Math.max(bb[2], p[0]); bb[3] = Math.max(bb[3], p[1]);
  }
  const G = Math.max(1, Math.ceil(Math.sqrt(segs.length / 4)));
  const cw = (bb[2] - bb[0]) / G || 1, ch = (bb[3] - bb[1]) / G || 1;
  const cell = (x, y) => [Math.min(G - 1, Math.floor((x - bb[0]) / cw)), Math.min(G - 1, Math.floor((y - bb[1]) / ch))];
  const grid = new Map();
  segs.forEach((s, k) => {
    const [x0, y0] = cell(Math.min(s.a[0], s.b[0]), Math.min(s.a[1], s.b[1]));
    const [x1, y1] = cell(Math.max(s.a[0], s.b[0]), Math.max(s.a[1], s.b[1]));
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) {
      const key = x * G + y;
      if (!grid.has(key)) grid.set(key, []);
      grid.get(key).push(k);
    }
  });
  const found = [];
  const seen = new Set();
  for (const list of grid.values()) {
    for (let u = 0; u < list.length; u++) for (let v = u + 1; v < list.length; v++) {
      const i = list[u], j = list[v];
      const key = i < j ? `${i},${j}` : `${j},${i}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const s = segs[i], t = segs[j];
      if (s.r === t.r) {
        const d = Math.abs(s.i - t.i);
        if (d === 1 || d === s.n - 1) continue; // adjacent edges share an endpoint
      }
      if (segsIntersect(s.a, s.b, t.a, t.b)) {
        found.push([s.a, s.b, t.a, t.b]);
        if (found.length >= max) return found;
      }
    }
  }
  return found;
}

/** Validate one feature against the project's GeoJSON rules; returns list of problems. */
export function validateGeometry(geom) {
  const problems = [];
  const checkPositions = (line, closed) => {
    for (let i = 1; i < line.length; i++) {
      if (line[i][0] === line[i - 1][0] && line[i][1] === line[i - 1][1]) problems.push('duplicate consecutive position');
    }
    for (const p of line) for (const v of p) if (round6(v) !== v) problems.push('coordinate not rounded to 6 decimals');
    if (closed) {
      const f = line[0], l = line[line.length - 1];
      if (f[0] !== l[0] || f[1] !== l[1]) problems.push('ring not closed');
      if (line.length < 4) problems.push('ring with < 4 positions');
    }
  };
  if (geom.type === 'LineString') checkPositions(geom.coordinates, false);
  if (geom.type === 'MultiLineString') geom.coordinates.forEach((l) => checkPositions(l, false));
  for (const poly of polygonsOf(geom)) {
    poly.forEach((ring, i) => {
      checkPositions(ring, true);
      const ccw = ringAreaSigned(ring) > 0;
      if (i === 0 && !ccw) problems.push('outer ring not CCW');
      if (i > 0 && ccw) problems.push('hole not CW');
    });
    const x = polygonSelfIntersections(poly);
    if (x.length) problems.push(`self-intersection near ${JSON.stringify(x[0][0])}`);
  }
  if (geom.type === 'MultiPolygon') {
    // parts must not overlap each other's edges
    const all = geom.coordinates.flat();
    const x = polygonSelfIntersections(all);
    if (x.length) problems.push(`multipolygon parts intersect near ${JSON.stringify(x[0][0])}`);
  }
  return [...new Set(problems)];
}

// CGCS2000 ellipsoid (as src/geo/area.ts), for areas that must match what the app shows.
const CGCS_A = 6378137;
const CGCS_F = 1 / 298.257222101;
const CGCS_E2 = CGCS_F * (2 - CGCS_F);
const CGCS_E = Math.sqrt(CGCS_E2);
const authalicQ = (s) => (1 - CGCS_E2) * (s / (1 - CGCS_E2 * s * s) + Math.atanh(CGCS_E * s) / CGCS_E);
const Q_POLE = authalicQ(1);
const R_CGCS_AUTHALIC = CGCS_A * Math.sqrt(Q_POLE / 2);

/**
 * Area in km² on the CGCS2000 ellipsoid, as the app measures it: every latitude goes to its
 * authalic latitude (Snyder 1987 eqs. 3-11 to 3-13, an equal-area map of the ellipsoid onto
 * the sphere of the same surface), then the spherical ring formula above on that sphere.
 */
export function areaKm2Ellipsoid(geom) {
  const rad = Math.PI / 180;
  const toAuthalic = (p) => [p[0], Math.asin(authalicQ(Math.sin(p[1] * rad)) / Q_POLE) / rad];
  const k = (R_CGCS_AUTHALIC / R_AUTHALIC) ** 2;
  return areaKm2(mapCoords(geom, toAuthalic)) * k;
}
