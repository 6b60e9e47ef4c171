import type {Plot, PlotProperties} from '../plot';
import {packGeometry, unpackGeometry, type PackedGeometry} from '../packed-geometry';

/**
 * Plots on their way to the tally worker (issue 11): each geometry packed as the device store
 * packs it (packed-geometry.ts), and the packs of the whole batch laid end to end in five
 * buffers, so the message is a copy of those (handed over, not copied, with `transfer`) and the
 * properties, not a structured clone of GeoJSON's nested arrays, one array per position (10,000
 * plots: half a million arrays, about 3 s on the main thread at load 4). Only what the tally
 * reads goes: the properties and the geometry's type and lon/lat positions; a plot with any
 * other geometry (a height, a value that is not a number, a bbox) goes as GeoJSON in `plots`.
 */
export type PlotBatch = {
  readonly properties: readonly PlotProperties[];
  /** 1 where plot i is a MultiPolygon. */
  readonly multi: Uint8Array;
  /** For plot i, at 3i: where its positions (pairs), ring ends and part ends start; at 3(i + 1), where they end. */
  readonly offsets: Uint32Array;
  /** Each plot's PackedGeometry ringEnds and partEnds, plot after plot (indices within its own plot). */
  readonly ringEnds: Uint32Array;
  readonly partEnds: Uint32Array;
  /** lon, lat of every position in order. */
  readonly positions: Float64Array;
  /** Plots that could not be packed, as they are. */
  readonly plots: readonly Plot[];
};

/** The batch of `plots`; `transfer` lists its buffers, for postMessage's transfer list. */
export function packPlotBatch(plots: readonly Plot[]): {batch: PlotBatch; transfer: ArrayBuffer[]} {
  const packable: {plot: Plot; packed: PackedGeometry}[] = [];
  const other: Plot[] = [];
  let positions = 0, rings = 0, parts = 0;
  for (const plot of plots) {
    const packed = packGeometry(plot.geometry);
    if (!packed || packed.stride !== 2) {
      other.push(plot);
      continue;
    }
    packable.push({plot, packed});
    positions += packed.positions.length / 2;
    rings += packed.ringEnds.length;
    parts += packed.partEnds?.length ?? 0;
  }
  const batch = {
    properties: packable.map((p) => p.plot.properties), multi: new Uint8Array(packable.length), offsets: new Uint32Array(3 * (packable.length + 1)),
    ringEnds: new Uint32Array(rings), partEnds: new Uint32Array(parts), positions: new Float64Array(positions * 2), plots: other,
  };
  let p = 0, r = 0, g = 0;
  packable.forEach(({packed}, i) => {
    batch.multi[i] = packed.partEnds ? 1 : 0;
    batch.positions.set(packed.positions, 2 * p);
    batch.ringEnds.set(packed.ringEnds, r);
    if (packed.partEnds) batch.partEnds.set(packed.partEnds, g);
    p += packed.positions.length / 2;
    r += packed.ringEnds.length;
    g += packed.partEnds?.length ?? 0;
    batch.offsets.set([p, r, g], 3 * (i + 1));
  });
  const transfer = [batch.multi, batch.offsets, batch.ringEnds, batch.partEnds, batch.positions].map((a) => a.buffer as ArrayBuffer);
  return {batch, transfer};
}

/** The plots of a batch as GeoJSON features (what the tally takes): the packed ones, then the others. */
export function unpackPlotBatch(batch: PlotBatch): Plot[] {
  const {offsets} = batch;
  const out: Plot[] = batch.properties.map((properties, i) => {
    const [p0, r0, g0, p1, r1, g1] = offsets.subarray(3 * i, 3 * i + 6) as unknown as number[];
    const packed: PackedGeometry = {
      type: batch.multi[i] ? 'MultiPolygon' : 'Polygon', stride: 2,
      positions: batch.positions.subarray(2 * p0!, 2 * p1!), ringEnds: batch.ringEnds.subarray(r0, r1),
      ...(batch.multi[i] ? {partEnds: batch.partEnds.subarray(g0, g1)} : {}),
    };
    return {type: 'Feature', properties, geometry: unpackGeometry(packed)};
  });
  return [...out, ...batch.plots];
}
