// Hand-drawn indicative / schematic shapes and simple planar helpers (local
// equirectangular approximation, adequate for features a few km across).
const KM_PER_DEG_LAT = 111.2;
const kmPerDegLon = (lat) => 111.32 * Math.cos((lat * Math.PI) / 180);

/**
 * Closed ring of a rotated superellipse centred on [lon, lat].
 * lengthKm/widthKm: full axes; angleDeg: rotation of the long axis from east,
 * counter-clockwise; n: superellipse exponent (2 = ellipse, 4 = rounded box);
 * wobble: [[k, amp, phase], ...] radial modulation for an irregular outline.
 */
export function blob(center, { lengthKm, widthKm, angleDeg = 0, n = 2, wobble = [], steps = 48 }) {
  const [lon0, lat0] = center;
  const a = lengthKm / 2;
  const b = widthKm / 2;
  const th = (angleDeg * Math.PI) / 180;
  const ring = [];
  for (let i = 0; i < steps; i++) {
    const t = (2 * Math.PI * i) / steps;
    const c = Math.cos(t), s = Math.sin(t);
    let x = a * Math.sign(c) * Math.abs(c) ** (2 / n);
    let y = b * Math.sign(s) * Math.abs(s) ** (2 / n);
    let f = 1;
    for (const [k, amp, ph] of wobble) f += amp * Math.sin(k * t + ph);
    x *= f; y *= f;
    const xr = x * Math.cos(th) - y * Math.sin(th);
    const yr = x * Math.sin(th) + y * Math.cos(th);
    ring.push([lon0 + xr / kmPerDegLon(lat0), lat0 + yr / KM_PER_DEG_LAT]);
  }
  ring.push(ring[0].slice());
  return ring;
}

/** Scale a ring about its first-moment centre so that areaFn(ring) == targetKm2. */
export function scaleRingToArea(ring, targetKm2, areaFn, center) {
  const [cx, cy] = center;
  let r = ring;
  for (let it = 0; it < 6; it++) {
    const a = areaFn(r);
    const k = Math.sqrt(targetKm2 / a);
    r = r.map(([x, y]) => [cx + (x - cx) * k, cy + (y - cy) * k]);
  }
  return r;
}

/** Offset a point by distance (km) and bearing (deg clockwise from north). */
export function offsetKm([lon, lat], distKm, bearingDeg) {
  const b = (bearingDeg * Math.PI) / 180;
  return [lon + (distKm * Math.sin(b)) / kmPerDegLon(lat), lat + (distKm * Math.cos(b)) / KM_PER_DEG_LAT];
}

/** Ray-casting point-in-ring (planar lon/lat). */
export function pointInRing([x, y], ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
export function pointInPolygonGeom(pt, geom) {
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.type === 'MultiPolygon' ? geom.coordinates : [];
  return polys.some((p) => pointInRing(pt, p[0]) && !p.slice(1).some((h) => pointInRing(pt, h)));
}

/** Liang–Barsky clip of a polyline to a box [minX,minY,maxX,maxY]; returns list of pieces. */
export function clipLine(line, [x0, y0, x1, y1]) {
  const pieces = [];
  let cur = null;
  for (let i = 0; i < line.length - 1; i++) {
    const [ax, ay] = line[i], [bx, by] = line[i + 1];
    const dx = bx - ax, dy = by - ay;
    let t0 = 0, t1 = 1, ok = true;
    for (const [p, q] of [[-dx, ax - x0], [dx, x1 - ax], [-dy, ay - y0], [dy, y1 - ay]]) {
      if (p === 0) { if (q < 0) { ok = false; break; } continue; }
      const r = q / p;
      if (p < 0) { if (r > t1) { ok = false; break; } if (r > t0) t0 = r; }
      else { if (r < t0) { ok = false; break; } if (r < t1) t1 = r; }
    }
    if (!ok) { if (cur) { pieces.push(cur); cur = null; } continue; }
    const P = [ax + t0 * dx, ay + t0 * dy], Q = [ax + t1 * dx, ay + t1 * dy];
    if (!cur) cur = [P];
    cur.push(Q);
    if (t1 < 1) { pieces.push(cur); cur = null; }
  }
  if (cur) pieces.push(cur);
  return pieces.filter((p) => p.length >= 2);
}

/** Great-circle distance in km on the authalic sphere (haversine). */
export function distanceKm([x1, y1], [x2, y2]) {
  const rad = Math.PI / 180;
  const a = Math.sin(((y2 - y1) * rad) / 2) ** 2 + Math.cos(y1 * rad) * Math.cos(y2 * rad) * Math.sin(((x2 - x1) * rad) / 2) ** 2;
  return 2 * 6371.0072 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Shortest distance in km from a point to a polyline: each segment is measured in a local
 * equirectangular frame centred on the point (good to well under 1 % for the tens of km that
 * matter here), then the nearest position is measured again with the haversine.
 */
export function pointToLineKm(p, line) {
  const kx = kmPerDegLon(p[1]);
  let best = Infinity;
  for (let i = 0; i + 1 < line.length; i++) {
    const ax = (line[i][0] - p[0]) * kx, ay = (line[i][1] - p[1]) * KM_PER_DEG_LAT;
    const bx = (line[i + 1][0] - p[0]) * kx, by = (line[i + 1][1] - p[1]) * KM_PER_DEG_LAT;
    const dx = bx - ax, dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
    const q = [p[0] + (ax + t * dx) / kx, p[1] + (ay + t * dy) / KM_PER_DEG_LAT];
    best = Math.min(best, distanceKm(p, q));
  }
  return best;
}

/** The point `distKm` along a polyline from its first position (planar interpolation within a segment). */
export function alongLine(line, distKm) {
  let left = distKm;
  for (let i = 0; i + 1 < line.length; i++) {
    const d = distanceKm(line[i], line[i + 1]);
    if (left <= d) {
      const t = left / d;
      return [line[i][0] + t * (line[i + 1][0] - line[i][0]), line[i][1] + t * (line[i + 1][1] - line[i][1])];
    }
    left -= d;
  }
  throw new Error(`the line is shorter than ${distKm} km`);
}
