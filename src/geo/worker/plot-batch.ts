import type {Plot, PlotGeometry, PlotProperties} from '../plot';

/**
 * Plots on their way to the tally worker (issue 11): the positions of the whole batch in one
 * Float64Array, the ring and polygon boundaries in Uint32Arrays, so the message is a copy of
 * three buffers (handed over, not copied, with `transfer`) and the properties, not a structured
 * clone of GeoJSON's nested arrays, one array per position (10,000 plots: half a million arrays,
 * about 3 s on the main thread at load 4). Only what the tally reads goes: the properties and
 * the geometry's type and positions, lon/lat; a plot with any other position (a height, a value
 * that is not a number) goes as GeoJSON in `plots`.
 */
export type PlotBatch = {
  readonly properties: readonly PlotProperties[];
  readonly multi: Uint8Array;
  /** For plot i: its polygons end at polygon index `partEnds[i]`, polygon j's rings at `polygonEnds[j]`, ring k's positions at `ringEnds[k]`. */
  readonly partEnds: Uint32Array;
  readonly polygonEnds: Uint32Array;
  readonly ringEnds: Uint32Array;
  /** lon, lat of every position in order. */
  readonly positions: Float64Array;
  /** Plots that could not be packed, as they are. */
  readonly plots: readonly Plot[];
};

const polygonsOf = (geometry: PlotGeometry): unknown[] | null => {
  if (geometry?.type === 'Polygon') return [geometry.coordinates];
  if (geometry?.type === 'MultiPolygon' && Array.isArray(geometry.coordinates)) return geometry.coordinates;
  return null;
};

/** How many positions, rings and polygons the geometry has, or null when it is not plain lon/lat polygons. */
function countOf(geometry: PlotGeometry): {positions: number; rings: number; polygons: number} | null {
  const polygons = polygonsOf(geometry);
  if (!polygons) return null;
  let positions = 0;
  let rings = 0;
  for (const polygon of polygons) {
    if (!Array.isArray(polygon)) return null;
    for (const ring of polygon) {
      if (!Array.isArray(ring)) return null;
      rings++;
      for (const position of ring) {
        if (!Array.isArray(position) || position.length !== 2 || typeof position[0] !== 'number' || typeof position[1] !== 'number') return null;
        positions++;
      }
    }
  }
  return {positions, rings, polygons: polygons.length};
}

/** The batch of `plots`; `transfer` lists its buffers, for postMessage's transfer list. */
export function packPlotBatch(plots: readonly Plot[]): {batch: PlotBatch; transfer: ArrayBuffer[]} {
  const packable: Plot[] = [];
  const other: Plot[] = [];
  let positions = 0, rings = 0, polygons = 0;
  for (const plot of plots) {
    const count = countOf(plot.geometry);
    if (!count) {
      other.push(plot);
      continue;
    }
    packable.push(plot);
    positions += count.positions;
    rings += count.rings;
    polygons += count.polygons;
  }
  const batch = {
    properties: packable.map((p) => p.properties), multi: new Uint8Array(packable.length), partEnds: new Uint32Array(packable.length),
    polygonEnds: new Uint32Array(polygons), ringEnds: new Uint32Array(rings), positions: new Float64Array(positions * 2), plots: other,
  };
  let p = 0, r = 0, g = 0;
  packable.forEach((plot, i) => {
    batch.multi[i] = plot.geometry.type === 'MultiPolygon' ? 1 : 0;
    for (const polygon of polygonsOf(plot.geometry) as number[][][][]) {
      for (const ring of polygon) {
        for (const position of ring) {
          batch.positions[p++] = position[0]!;
          batch.positions[p++] = position[1]!;
        }
        batch.ringEnds[r++] = p / 2;
      }
      batch.polygonEnds[g++] = r;
    }
    batch.partEnds[i] = g;
  });
  const transfer = [batch.multi, batch.partEnds, batch.polygonEnds, batch.ringEnds, batch.positions].map((a) => a.buffer as ArrayBuffer);
  return {batch, transfer};
}

/** The plots of a batch as GeoJSON features (what the tally takes): the packed ones, then the others. */
export function unpackPlotBatch(batch: PlotBatch): Plot[] {
  const {positions, ringEnds, polygonEnds, partEnds} = batch;
  const out: Plot[] = [];
  let r = 0, g = 0;
  batch.properties.forEach((properties, i) => {
    const polygons: number[][][][] = [];
    for (; g < partEnds[i]!; g++) {
      const rings: number[][][] = [];
      for (; r < polygonEnds[g]!; r++) {
        const ring: number[][] = [];
        for (let k = r === 0 ? 0 : ringEnds[r - 1]!; k < ringEnds[r]!; k++) ring.push([positions[2 * k]!, positions[2 * k + 1]!]);
        rings.push(ring);
      }
      polygons.push(rings);
    }
    const geometry: PlotGeometry = batch.multi[i] ? {type: 'MultiPolygon', coordinates: polygons} : {type: 'Polygon', coordinates: polygons[0]!};
    out.push({type: 'Feature', properties, geometry});
  });
  return [...out, ...batch.plots];
}
