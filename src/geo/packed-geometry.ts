import type {PlotGeometry} from './plot';

/*
 * A polygon geometry packed into typed arrays (issue 11): the positions in one Float64Array and
 * the ring and part boundaries in Uint32Arrays. A structured clone (IndexedDB's values, a
 * worker's messages) of GeoJSON's nested arrays makes and walks one array per position (10,000
 * plots of 20–80 vertices: half a million), where a typed array is one copy of its bytes. The
 * device store keeps plots so (state/persistence/stored-geometry.ts) and the tally worker gets
 * them so (worker/plot-batch.ts).
 */

/**
 * `stride` numbers per position (2: lon, lat; 3: with height), `positions` all of them in order,
 * `ringEnds[i]` the position index where ring i ends, and for a MultiPolygon `partEnds[j]` the
 * ring index where polygon j ends.
 */
export type PackedGeometry = {
  readonly type: PlotGeometry['type'];
  readonly stride: 2 | 3;
  readonly positions: Float64Array;
  readonly ringEnds: Uint32Array;
  readonly partEnds?: Uint32Array;
};

export function isPackedGeometry(geometry: PlotGeometry | PackedGeometry | null | undefined): geometry is PackedGeometry {
  return typeof geometry === 'object' && geometry !== null && (geometry as Partial<PackedGeometry>).positions instanceof Float64Array;
}

/**
 * The geometry packed, or null when packing could lose anything, so it is stored as it is: a
 * geometry with members other than `type` and `coordinates` (a bbox, foreign members) or in
 * another key order, positions of mixed or other lengths than 2 or 3, a value that is not a
 * number (a hole in an array reads as undefined, so is refused too). A Float64Array keeps -0 and
 * NaN bit for bit. Named members on the arrays themselves are not kept (JSON cannot make them).
 */
export function packGeometry(geometry: PlotGeometry): PackedGeometry | null {
  if (typeof geometry !== 'object' || geometry === null) return null;
  const keys = Object.keys(geometry);
  if (keys.length !== 2 || keys[0] !== 'type' || keys[1] !== 'coordinates') return null;
  const {type} = geometry;
  if (type !== 'Polygon' && type !== 'MultiPolygon') return null;
  const polygons = (type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as unknown;
  if (!Array.isArray(geometry.coordinates) || !(polygons as unknown[]).every(Array.isArray)) return null;
  let stride = 0;
  let count = 0;
  let rings = 0;
  for (const polygon of polygons as unknown[][]) {
    for (const ring of polygon) {
      if (!Array.isArray(ring)) return null;
      rings++;
      for (const position of ring as unknown[]) {
        if (!Array.isArray(position)) return null;
        stride ||= position.length;
        if (position.length !== stride || (stride !== 2 && stride !== 3)) return null;
        for (let k = 0; k < stride; k++) if (typeof position[k] !== 'number') return null;
        count++;
      }
    }
  }
  const s = (stride || 2) as 2 | 3;
  const positions = new Float64Array(count * s);
  const ringEnds = new Uint32Array(rings);
  const partEnds = type === 'MultiPolygon' ? new Uint32Array((polygons as unknown[]).length) : undefined;
  let p = 0;
  let r = 0;
  (polygons as number[][][][]).forEach((polygon, j) => {
    for (const ring of polygon) {
      for (const position of ring) for (let k = 0; k < s; k++) positions[p++] = position[k]!;
      ringEnds[r++] = p / s;
    }
    if (partEnds) partEnds[j] = r;
  });
  return partEnds ? {type, stride: s, positions, ringEnds, partEnds} : {type, stride: s, positions, ringEnds};
}

/** GeoJSON coordinates back from a packed geometry: equal (deep, and in key order) to what was packed. */
export function unpackGeometry(packed: PackedGeometry): PlotGeometry {
  const {stride, positions, ringEnds} = packed;
  const ring = (r: number): number[][] => {
    const out: number[][] = [];
    for (let i = r === 0 ? 0 : ringEnds[r - 1]!, end = ringEnds[r]!; i < end; i++) {
      out.push(stride === 2 ? [positions[2 * i]!, positions[2 * i + 1]!] : [positions[3 * i]!, positions[3 * i + 1]!, positions[3 * i + 2]!]);
    }
    return out;
  };
  const polygon = (from: number, to: number): number[][][] => {
    const out: number[][][] = [];
    for (let r = from; r < to; r++) out.push(ring(r));
    return out;
  };
  if (!packed.partEnds) return {type: 'Polygon', coordinates: polygon(0, ringEnds.length)};
  const parts: number[][][][] = [];
  packed.partEnds.forEach((end, j) => parts.push(polygon(j === 0 ? 0 : packed.partEnds![j - 1]!, end)));
  return {type: 'MultiPolygon', coordinates: parts};
}
