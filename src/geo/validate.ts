import Flatbush from 'flatbush';
import type {Position} from 'geojson';
import {MEASURE_CODES, PLOT_STATUSES} from '../../seeds/programme';
import type {PolygonRings} from './area';
import {orientation, pointInRing, segmentContact, segmentIntersectionPoint} from './planar';

/*
 * Plot validation returns data, never throws: each problem is a reason with a code the UI can
 * branch on, the parameters its words are made from (the UI's dictionary, i18n/reason-messages.ts,
 * words them) and, where there is one, the [lon, lat] it happened at.
 * Turf's booleanValid accepts bow-ties and holes outside their shell, so these checks are ours.
 */

export const NOT_POLYGON = 'not-polygon';
export const BAD_POSITION = 'bad-position';
export const OUT_OF_RANGE = 'out-of-range';
export const OUTSIDE_PROJECT_AREA = 'outside-project-area';
export const RING_NOT_CLOSED = 'ring-not-closed';
export const RING_TOO_SHORT = 'ring-too-short';
export const SELF_INTERSECTION = 'self-intersection';
export const HOLE_OUTSIDE_SHELL = 'hole-outside-shell';
export const ZERO_AREA = 'zero-area';
export const DUPLICATE_VERTICES = 'duplicate-vertices';
export const UNKNOWN_STATUS = 'unknown-status';
export const UNKNOWN_MEASURE = 'unknown-measure';
export const BAD_DATE = 'bad-date';
/** A warning: claimed remediated or verified with no completion date (counted, but on no month and in no as-of total). */
export const NO_COMPLETION_DATE = 'no-completion-date';
export const EMPTY_GEOMETRY = 'empty-geometry';
export const MALFORMED_COORDINATES = 'malformed-coordinates';

/*
 * Reasons an import gives before or beside geometry validation: a coordinate the file's text
 * does not spell as a number, numbers that do not fit the file's coordinate system, an id
 * used twice in one file, a shapefile record whose header lies. Built in geo/import/import-reasons.ts.
 */
export const UNREADABLE_COORDINATE = 'unreadable-coordinate';
export const CRS_MISMATCH = 'crs-mismatch';
export const DUPLICATE_ID = 'duplicate-id';
export const CORRUPT_RECORD = 'corrupt-record';
export const UNREADABLE_GEOMETRY = 'unreadable-geometry';
export const IMPORT_REASON_CODES = [UNREADABLE_COORDINATE, CRS_MISMATCH, DUPLICATE_ID, CORRUPT_RECORD, UNREADABLE_GEOMETRY] as const;

export const REASON_CODES = [
  NOT_POLYGON, BAD_POSITION, OUT_OF_RANGE, OUTSIDE_PROJECT_AREA, RING_NOT_CLOSED, RING_TOO_SHORT,
  SELF_INTERSECTION, HOLE_OUTSIDE_SHELL, ZERO_AREA, DUPLICATE_VERTICES, UNKNOWN_STATUS, UNKNOWN_MEASURE, BAD_DATE,
  EMPTY_GEOMETRY, MALFORMED_COORDINATES, NO_COMPLETION_DATE,
] as const;
export type ReasonCode = (typeof REASON_CODES)[number] | (typeof IMPORT_REASON_CODES)[number];

/** The hint given when a position outside the project area would fall inside with lon and lat swapped. */
export const HINT_SWAP_LON_LAT = 'swap-lon-lat';

/**
 * The programme's area: Qinghai Province, as a generous box [west, south, east, north] in
 * degrees (the province spans about 89.4–103.1°E, 31.6–39.2°N).
 */
export const PROJECT_BOUNDS = [89, 31, 104, 40] as const;

export type ValidationReason = {
  readonly code: ReasonCode;
  /** Errors reject the plot; warnings (duplicate vertices) leave it counted. */
  readonly severity: 'error' | 'warning';
  /** Whether `repairDuplicateVertices` (or another explicit repair) fixes it. */
  readonly repairable: boolean;
  readonly location?: readonly [number, number];
  readonly hint?: typeof HINT_SWAP_LON_LAT;
  /**
   * The values the words are made from (part, ring, position index, text…), for the UI's
   * dictionary or a machine. A `part` is given (1-based) only when the geometry has several.
   */
  readonly params: ReasonParams;
};

export type ReasonParams = Readonly<Record<string, string | number>>;

export type ValidationResult = {readonly valid: boolean; readonly reasons: readonly ValidationReason[]};

const error = (code: ReasonCode, params: ReasonParams, location?: readonly [number, number]): ValidationReason =>
  location ? {code, severity: 'error', repairable: false, params, location} : {code, severity: 'error', repairable: false, params};

/** Where a ring sits, as reason parameters: its index (0 the outer ring) and, in a multi-part geometry, its 1-based part. */
const ringParams = (part: number | null, ring: number): ReasonParams => (part === null ? {ring} : {part: part + 1, ring});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPosition = (p: unknown): p is [number, number] => {
  if (!Array.isArray(p) || (p.length !== 2 && p.length !== 3)) return false;
  for (let k = 0; k < p.length; k++) if (typeof p[k] !== 'number' || !Number.isFinite(p[k])) return false;
  return true;
};
const lonLat = (p: Position): [number, number] => [p[0]!, p[1]!];

const insideProject = (lon: number, lat: number): boolean =>
  lon >= PROJECT_BOUNDS[0] && lon <= PROJECT_BOUNDS[2] && lat >= PROJECT_BOUNDS[1] && lat <= PROJECT_BOUNDS[3];

/**
 * Polygons of a geometry-like value; `not-polygon` when it is some other type (or none),
 * `malformed` when it says Polygon/MultiPolygon but its coordinates are not nested as
 * parts of rings of positions.
 */
function polygonsOfUnknown(geometry: unknown): unknown[][][] | 'not-polygon' | 'malformed' {
  if (!isRecord(geometry) || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) return 'not-polygon';
  if (!Array.isArray(geometry.coordinates)) return 'malformed';
  // A bare number where a position belongs means a level of nesting is missing; anything else
  // at position level is a position, however bad, for BAD_POSITION to name.
  const nested = (v: unknown, depth: number): boolean =>
    depth === 0 ? typeof v !== 'number' : Array.isArray(v) && v.every((x) => nested(x, depth - 1));
  if (geometry.type === 'Polygon' && nested(geometry.coordinates, 2)) return [geometry.coordinates as unknown[][]];
  if (geometry.type === 'MultiPolygon' && nested(geometry.coordinates, 3)) return geometry.coordinates as unknown[][][];
  return 'malformed';
}

/** A position as the file wrote it, for a message: numbers as JavaScript prints them (NaN, Infinity), text quoted. */
export function formatPosition(p: unknown): string {
  const one = (v: unknown): string => (typeof v === 'number' ? String(v) : v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v));
  return Array.isArray(p) ? `[${p.map(one).join(', ')}]` : one(p);
}

/** Checks the properties the tally relies on: status, measure, completion date. */
function propertyReasons(properties: unknown): ValidationReason[] {
  const reasons: ValidationReason[] = [];
  const p = isRecord(properties) ? properties : {};
  if (!(PLOT_STATUSES as readonly unknown[]).includes(p.status)) {
    reasons.push(error(UNKNOWN_STATUS, {status: String(p.status ?? ''), allowed: PLOT_STATUSES.join(' / ')}));
  }
  if (p.measure !== undefined && p.measure !== null && !(MEASURE_CODES as readonly unknown[]).includes(p.measure)) {
    reasons.push(error(UNKNOWN_MEASURE, {measure: String(p.measure)}));
  }
  if (p.completed !== undefined && p.completed !== null && !(typeof p.completed === 'string' && isIsoDate(p.completed))) {
    reasons.push(error(BAD_DATE, {date: String(p.completed)}));
  }
  if ((p.status === 'remediated' || p.status === 'verified') && (p.completed === undefined || p.completed === null || p.completed === '')) {
    reasons.push({code: NO_COMPLETION_DATE, severity: 'warning', repairable: false, params: {}});
  }
  return reasons;
}

function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]);
}

/**
 * Validates one plot feature (anything parsed from a file) and says everything that is wrong
 * with it. `valid` is false when at least one reason is an error; duplicate consecutive
 * vertices are a repairable warning and are never removed here.
 *
 * @example
 * validatePlot(bowTie).reasons[0].code; // 'self-intersection', with its location
 */
export function validatePlot(feature: unknown): ValidationResult {
  const reasons = [...geometryReasons(isRecord(feature) && feature.type === 'Feature' ? feature.geometry : undefined)];
  reasons.push(...propertyReasons(isRecord(feature) ? feature.properties : undefined));
  return {valid: reasons.every((r) => r.severity !== 'error'), reasons};
}

/** Geometry checks alone, for a Polygon or MultiPolygon that may come from anywhere. */
export function geometryReasons(geometry: unknown): ValidationReason[] {
  const polygons = polygonsOfUnknown(geometry);
  if (polygons === 'not-polygon') {
    if (geometry === null || geometry === undefined) return [error(NOT_POLYGON, {})];
    return [error(NOT_POLYGON, {type: isRecord(geometry) ? String(geometry.type) : typeof geometry})];
  }
  if (polygons === 'malformed') {
    return [error(MALFORMED_COORDINATES, {type: String((geometry as {type: unknown}).type)})];
  }
  // RFC 7946 §3.1.6 allows empty geometries; a plot needs at least one ring in every part.
  if (polygons.length === 0) return [error(EMPTY_GEOMETRY, {empty: 'no-parts'})];
  const emptyPart = polygons.findIndex((rings) => rings.length === 0);
  if (emptyPart >= 0) {
    return [error(EMPTY_GEOMETRY, polygons.length === 1 && (geometry as {type: unknown}).type === 'Polygon'
      ? {empty: 'no-rings'}
      : {empty: 'part', part: emptyPart + 1})];
  }
  const reasons: ValidationReason[] = [];
  // One pass over every position, in order: the first bad one ends the checks; the first out
  // of range and the first outside the project area are kept (issue 11: 10k plots, ~50 each).
  let outOfRange: Position | undefined, outside: Position | undefined;
  for (let part = 0; part < polygons.length; part++) {
    const rings = polygons[part] as unknown[][];
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r]!;
      for (let at = 0; at < ring.length; at++) {
        const p = ring[at];
        if (!isPosition(p)) {
          return [error(BAD_POSITION, {...ringParams(polygons.length > 1 ? part : null, r), position: at + 1, text: formatPosition(p)})];
        }
        if (!outOfRange && (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90)) outOfRange = p;
        if (!outside && !insideProject(p[0], p[1])) outside = p;
      }
    }
  }
  if (outOfRange) {
    reasons.push(error(OUT_OF_RANGE, {lon: outOfRange[0]!, lat: outOfRange[1]!}, lonLat(outOfRange)));
  }
  if (outside) {
    const positions = polygons.flat(2) as Position[];
    const swapHelps = positions.every((p) => insideProject(p[1]!, p[0]!));
    const reason = error(OUTSIDE_PROJECT_AREA, {lon: outside[0]!, lat: outside[1]!}, lonLat(outside));
    reasons.push(swapHelps ? {...reason, hint: HINT_SWAP_LON_LAT} : reason);
  }

  let ringsWellFormed = true;
  polygons.forEach((rings, part) => {
    (rings as Position[][]).forEach((ring, r) => {
      const where = ringParams(polygons.length > 1 ? part : null, r);
      if (ring.length < 4) {
        ringsWellFormed = false;
        reasons.push(error(RING_TOO_SHORT, {...where, count: ring.length}, ring[0] ? lonLat(ring[0]) : undefined));
        return;
      }
      const first = ring[0]!, last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        ringsWellFormed = false;
        reasons.push(error(RING_NOT_CLOSED, where, lonLat(last)));
      }
      const duplicate = ring.findIndex((p, i) => i > 0 && p[0] === ring[i - 1]![0] && p[1] === ring[i - 1]![1]);
      if (duplicate > 0) {
        reasons.push({
          code: DUPLICATE_VERTICES, severity: 'warning', repairable: true,
          params: where,
          location: lonLat(ring[duplicate]!),
        });
      }
    });
  });
  if (!ringsWellFormed) return reasons;

  polygons.forEach((rings) => {
    const polygon = rings as Position[][];
    // A flat polygon folds back on itself everywhere; "zero area" is the useful thing to say.
    if (isZeroArea(polygon)) {
      reasons.push(error(ZERO_AREA, {}, lonLat(polygon[0]![0]!)));
      return;
    }
    const hit = selfIntersection(polygon);
    if (hit) {
      reasons.push(error(SELF_INTERSECTION, {lon: hit[0].toFixed(6), lat: hit[1].toFixed(6)}, hit));
    }
    const shell = polygon[0]!;
    for (let h = 1; h < polygon.length; h++) {
      const out = polygon[h]!.find((p) => pointInRing(p[0]!, p[1]!, shell) === 'outside');
      if (out) {
        reasons.push(error(HOLE_OUTSIDE_SHELL, {hole: h}, lonLat(out)));
      }
    }
  });
  return reasons;
}

/**
 * A shell is flat when every vertex lies on the line through its first vertex and the vertex
 * farthest from it (to rounding), or all vertices coincide. The signed area is no test: a
 * symmetric bow-tie sums to zero too, and that is a self-intersection.
 */
function isZeroArea(polygon: PolygonRings): boolean {
  const shell = polygon[0]!;
  const x0 = shell[0]![0]!, y0 = shell[0]![1]!;
  let far = shell[0]!, farDistance = 0;
  for (const p of shell) {
    const d = (p[0]! - x0) ** 2 + (p[1]! - y0) ** 2;
    if (d > farDistance) {
      farDistance = d;
      far = p;
    }
  }
  if (farDistance === 0) return true;
  return shell.every((p) => Math.abs(orientation(x0, y0, far[0]!, far[1]!, p[0]!, p[1]!)) <= 1e-12 * farDistance);
}

/** Below this many edges every pair is compared directly: cheaper than building an R-tree (issue 11). */
const BRUTE_FORCE_EDGES = 128;

/**
 * The first point where a polygon's rings cross or touch themselves or cross each other, or
 * null. Edges go into a flatbush R-tree so a ring of n edges costs about n log n, not n².
 * A polygon of fewer than BRUTE_FORCE_EDGES edges is first checked pair by pair with the same
 * contact rules; only when that finds a contact is the R-tree walk run, so the point reported
 * is the one the R-tree order finds, whichever path ran.
 * Inside one ring any contact between non-adjacent edges counts (a ring may not touch itself);
 * adjacent edges count only when they fold back over each other (a spike). Between rings
 * only a proper crossing counts: a hole may touch its shell at a point.
 */
export function selfIntersection(polygon: readonly (readonly Position[])[]): [number, number] | null {
  const edges = polygonEdgeCount(polygon);
  if (edges < BRUTE_FORCE_EDGES && !anyContactPairwise(polygon, edges)) return null;
  return selfIntersectionIndexed(polygon);
}

function polygonEdgeCount(polygon: readonly (readonly Position[])[]): number {
  let n = 0;
  for (const ring of polygon) n += Math.max(0, ring.length - 1);
  return n;
}

/**
 * Scratch space for anyContactPairwise, grown as needed and reused: allocating eleven typed
 * arrays and an index array per polygon cost more than the sweep itself (issue 11: 10k plots
 * of ~50 edges each). Per edge: x1 y1 x2 y2 minX maxX minY maxY in `coords`; ring, index in
 * ring, edges in ring in `meta`; `order` holds edge numbers sorted by minX.
 */
let coords = new Float64Array(8 * BRUTE_FORCE_EDGES);
let meta = new Int32Array(3 * BRUTE_FORCE_EDGES);
let order = new Int32Array(BRUTE_FORCE_EDGES);

/**
 * Whether any pair of edges is in contact by the rules of selfIntersection. A sweep along x
 * (edges sorted by their west end) visits exactly the pairs whose boxes touch — the R-tree's
 * inclusive test — and puts each through the same checks, on flat arrays. Exported for tests.
 */
export function anyContactPairwise(polygon: readonly (readonly Position[])[], total = polygonEdgeCount(polygon)): boolean {
  if (order.length < total) {
    coords = new Float64Array(8 * total);
    meta = new Int32Array(3 * total);
    order = new Int32Array(total);
  }
  const c = coords, m = meta, o = order;
  let n = 0;
  for (let r = 0; r < polygon.length; r++) {
    const ring = polygon[r]!;
    const first = n;
    let px = NaN, py = NaN;
    for (let k = 0; k < ring.length; k++) {
      const q = ring[k]!;
      const qx = q[0]!, qy = q[1]!;
      if (k > 0 && (qx !== px || qy !== py)) {
        const e = 8 * n;
        c[e] = px;
        c[e + 1] = py;
        c[e + 2] = qx;
        c[e + 3] = qy;
        c[e + 4] = px < qx ? px : qx;
        c[e + 5] = px < qx ? qx : px;
        c[e + 6] = py < qy ? py : qy;
        c[e + 7] = py < qy ? qy : py;
        m[3 * n] = r;
        m[3 * n + 1] = n - first;
        // Insertion sort by minX as edges arrive: rings are short (< BRUTE_FORCE_EDGES edges).
        const key = c[e + 4]!;
        let at = n;
        while (at > 0 && c[8 * o[at - 1]! + 4]! > key) {
          o[at] = o[at - 1]!;
          at--;
        }
        o[at] = n;
        n++;
      }
      px = qx;
      py = qy;
    }
    for (let k = first; k < n; k++) m[3 * k + 2] = n - first;
  }
  for (let a = 0; a < n; a++) {
    const oa = o[a]!, ea = 8 * oa;
    const maxXa = c[ea + 5]!, minYa = c[ea + 6]!, maxYa = c[ea + 7]!;
    for (let b = a + 1; b < n; b++) {
      const ob = o[b]!, eb = 8 * ob;
      if (c[eb + 4]! > maxXa) break;
      if (c[eb + 7]! < minYa || c[eb + 6]! > maxYa) continue;
      // The pair as the R-tree walk sees it: e before f in edge order.
      const i = oa < ob ? oa : ob, j = oa < ob ? ob : oa;
      const ei = 8 * i, ej = 8 * j;
      const sameRing = m[3 * i] === m[3 * j];
      const gap = m[3 * j + 1]! - m[3 * i + 1]!;
      // Consecutive edges of a ring share their middle vertex exactly (edge i ends where edge
      // i + 1 starts), so their contact is never 'none' and only the fold-back test below
      // decides: skipping segmentContact for them changes no answer. They are most of the
      // pairs a sweep meets (issue 11: 10k plots of ~50 edges).
      if (!(sameRing && gap === 1)) {
        const contact = segmentContact(c[ei]!, c[ei + 1]!, c[ei + 2]!, c[ei + 3]!, c[ej]!, c[ej + 1]!, c[ej + 2]!, c[ej + 3]!);
        if (contact === 'none') continue;
        if (!sameRing) {
          if (contact === 'cross') return true;
          continue;
        }
        const ringEdges = m[3 * i + 2]!;
        if (gap !== ringEdges - 1) return true;
      }
      // Adjacent edges share a vertex s; they meet beyond it only if collinear and folding back.
      let sx, sy, ux, uy, vx, vy;
      if (gap === 1) {
        sx = c[ei + 2]!; sy = c[ei + 3]!; ux = c[ei]!; uy = c[ei + 1]!; vx = c[ej + 2]!; vy = c[ej + 3]!;
      } else {
        sx = c[ei]!; sy = c[ei + 1]!; ux = c[ei + 2]!; uy = c[ei + 3]!; vx = c[ej]!; vy = c[ej + 1]!;
      }
      if (orientation(sx, sy, ux, uy, vx, vy) === 0 && (ux - sx) * (vx - sx) + (uy - sy) * (vy - sy) > 0) return true;
    }
  }
  return false;
}

/** selfIntersection by the R-tree walk alone (exported so tests can hold the fast path to it). */
export function selfIntersectionIndexed(polygon: readonly (readonly Position[])[]): [number, number] | null {
  type Edge = {ring: number; index: number; ringEdges: number; x1: number; y1: number; x2: number; y2: number};
  const edges: Edge[] = [];
  polygon.forEach((ring, r) => {
    const clean = ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]);
    const ringEdges = clean.length - 1;
    for (let i = 0; i < ringEdges; i++) {
      const a = clean[i]!, b = clean[i + 1]!;
      edges.push({ring: r, index: i, ringEdges, x1: a[0]!, y1: a[1]!, x2: b[0]!, y2: b[1]!});
    }
  });
  if (edges.length === 0) return null;
  const tree = new Flatbush(edges.length);
  for (const e of edges) tree.add(Math.min(e.x1, e.x2), Math.min(e.y1, e.y2), Math.max(e.x1, e.x2), Math.max(e.y1, e.y2));
  tree.finish();
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    for (const j of tree.search(Math.min(e.x1, e.x2), Math.min(e.y1, e.y2), Math.max(e.x1, e.x2), Math.max(e.y1, e.y2))) {
      if (j <= i) continue;
      const f = edges[j]!;
      const contact = segmentContact(e.x1, e.y1, e.x2, e.y2, f.x1, f.y1, f.x2, f.y2);
      if (contact === 'none') continue;
      if (e.ring !== f.ring) {
        if (contact === 'cross') return segmentIntersectionPoint(e.x1, e.y1, e.x2, e.y2, f.x1, f.y1, f.x2, f.y2);
        continue;
      }
      const gap = Math.abs(e.index - f.index);
      const adjacent = gap === 1 || gap === e.ringEdges - 1;
      if (!adjacent) return segmentIntersectionPoint(e.x1, e.y1, e.x2, e.y2, f.x1, f.y1, f.x2, f.y2);
      // Adjacent edges share a vertex; they intersect beyond it only if collinear and folding back.
      const [sx, sy, ux, uy, vx, vy] = f.index === e.index + 1 || (e.index === e.ringEdges - 1 && f.index === 0)
        ? [e.x2, e.y2, e.x1, e.y1, f.x2, f.y2]
        : [e.x1, e.y1, e.x2, e.y2, f.x1, f.y1];
      if (orientation(sx, sy, ux, uy, vx, vy) === 0 && (ux - sx) * (vx - sx) + (uy - sy) * (vy - sy) > 0) return [sx, sy];
    }
  }
  return null;
}

/**
 * A copy of a Polygon/MultiPolygon's coordinates with consecutive repeated positions removed.
 * Never applied implicitly: the caller decides after seeing the DUPLICATE_VERTICES warning.
 */
export function repairDuplicateVertices<T extends {type: 'Polygon'; coordinates: Position[][]} | {type: 'MultiPolygon'; coordinates: Position[][][]}>(geometry: T): T {
  const clean = (ring: Position[]): Position[] =>
    ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]).map((p) => [...p]);
  if (geometry.type === 'Polygon') return {...geometry, coordinates: geometry.coordinates.map(clean)};
  return {...geometry, coordinates: (geometry.coordinates as Position[][][]).map((rings) => rings.map(clean))};
}
