import {zipSync} from 'fflate';
import {polygonAreaSquareMeters} from '../area';
import {positionFromWgs84, prjForCrs, WGS84, type CrsInfo} from '../crs';
import type {Plot} from '../plot';
import {squareMetersToMu} from '../units';
import {polygonsOf, windRing} from './plot-coordinates';

/*
 * A zipped ESRI shapefile written by hand (ESRI Shapefile Technical Description, July 1998,
 * and the dBASE III table layout): the writers on the registry (shp-write, @mapbox/shp-write)
 * write a fixed WGS84 .prj, no .cpg, and wind rings by the order they are given, which
 * ArcGIS reads as holes. Polygon records only (shape type 5); shells clockwise, holes
 * counterclockwise, as the specification requires. Text is UTF-8, declared in the .cpg.
 */

export type ShapefileExportOptions = {
  /** WGS84 (default) or a CGCS2000 Gauss-Krüger zone from crs.ts. */
  readonly crs?: CrsInfo;
  readonly layerName?: string;
};

export type ShapefileExport = {
  readonly bytes: Uint8Array;
  /** Values cut to fit a dBASE field (254 bytes), named so nothing is lost without a word. */
  readonly truncated: readonly {readonly id: string; readonly field: string}[];
};

type DbfColumn = {readonly name: string; readonly type: 'C' | 'N' | 'D'; readonly length: number; readonly decimals: number; readonly value: (plot: Plot, area: number) => string};

const MAX_C_BYTES = 254;
const utf8 = new TextEncoder();

/** Cuts UTF-8 bytes to at most `max` without splitting a character. */
function fitUtf8(text: string, max: number): {bytes: Uint8Array; cut: boolean} {
  const bytes = utf8.encode(text);
  if (bytes.length <= max) return {bytes, cut: false};
  let end = max;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return {bytes: bytes.subarray(0, end), cut: true};
}

const TEXT_FIELDS = ['id', 'name', 'zone', 'measure', 'status', 'team', 'notes', 'updated'] as const;

function dbfColumns(plots: readonly Plot[]): DbfColumn[] {
  const text = TEXT_FIELDS.map((field): DbfColumn => {
    const widest = plots.reduce((w, p) => Math.max(w, utf8.encode(String(p.properties[field] ?? '')).length), 1);
    return {name: field, type: 'C', length: Math.min(widest, MAX_C_BYTES), decimals: 0, value: (p) => String(p.properties[field] ?? '')};
  });
  // Imported attributes no plot field takes travel as one JSON text field (dBASE names are 10 bytes).
  const extraText = (p: Plot) => (p.properties.extra && Object.keys(p.properties.extra).length > 0 ? JSON.stringify(p.properties.extra) : '');
  const widestExtra = plots.reduce((w, p) => Math.max(w, utf8.encode(extraText(p)).length), 0);
  const extra: DbfColumn[] = widestExtra > 0 ? [{name: 'extra', type: 'C', length: Math.min(widestExtra, MAX_C_BYTES), decimals: 0, value: extraText}] : [];
  return [
    ...text.slice(0, 5),
    {name: 'completed', type: 'D', length: 8, decimals: 0, value: (p) => (p.properties.completed ?? '').slice(0, 10).replace(/-/g, '')},
    ...text.slice(5),
    {name: 'area_m2', type: 'N', length: 18, decimals: 2, value: (_p, area) => area.toFixed(2)},
    {name: 'area_mu', type: 'N', length: 16, decimals: 4, value: (_p, area) => squareMetersToMu(area).toFixed(4)},
    ...extra,
  ];
}

function writeDbf(plots: readonly Plot[], areas: readonly number[], truncated: {id: string; field: string}[]): Uint8Array {
  const columns = dbfColumns(plots);
  const headerLength = 32 + 32 * columns.length + 1;
  const recordLength = 1 + columns.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(headerLength + recordLength * plots.length + 1);
  const view = new DataView(out.buffer);
  const today = new Date();
  out[0] = 0x03;
  out.set([today.getUTCFullYear() - 1900, today.getUTCMonth() + 1, today.getUTCDate()], 1);
  view.setUint32(4, plots.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  columns.forEach((c, i) => {
    const at = 32 + 32 * i;
    out.set(utf8.encode(c.name).subarray(0, 10), at);
    out[at + 11] = c.type.charCodeAt(0);
    out[at + 16] = c.length;
    out[at + 17] = c.decimals;
  });
  out[headerLength - 1] = 0x0d;
  plots.forEach((plot, r) => {
    let at = headerLength + r * recordLength;
    out[at++] = 0x20;
    for (const c of columns) {
      out.fill(0x20, at, at + c.length);
      const value = c.value(plot, areas[r]!);
      if (c.type === 'N') {
        const digits = utf8.encode(value.slice(-c.length));
        out.set(digits, at + c.length - digits.length);
      } else {
        const {bytes, cut} = fitUtf8(value, c.length);
        if (cut) truncated.push({id: plot.properties.id, field: c.name});
        out.set(bytes, at);
      }
      at += c.length;
    }
  });
  out[out.length - 1] = 0x1a;
  return out;
}

function writeShpShx(parts: readonly (readonly (readonly [number, number])[])[][]): {shp: Uint8Array; shx: Uint8Array} {
  const contents = parts.map((rings) => 44 + 4 * rings.length + 16 * rings.reduce((n, r) => n + r.length, 0));
  const shpLength = 100 + contents.reduce((n, c) => n + 8 + c, 0);
  const shp = new Uint8Array(shpLength), shx = new Uint8Array(100 + 8 * parts.length);
  const sv = new DataView(shp.buffer), xv = new DataView(shx.buffer);
  let xmin = Infinity, ymin = Infinity, xmax = -Infinity, ymax = -Infinity;
  for (const rings of parts) for (const ring of rings) for (const [x, y] of ring) {
    xmin = Math.min(xmin, x); ymin = Math.min(ymin, y); xmax = Math.max(xmax, x); ymax = Math.max(ymax, y);
  }
  if (parts.length === 0) xmin = ymin = xmax = ymax = 0;
  for (const [view, length] of [[sv, shpLength], [xv, shx.length]] as const) {
    view.setInt32(0, 9994, false);
    view.setInt32(24, length / 2, false);
    view.setInt32(28, 1000, true);
    view.setInt32(32, 5, true);
    [xmin, ymin, xmax, ymax].forEach((v, i) => view.setFloat64(36 + 8 * i, v, true));
  }
  let at = 100;
  parts.forEach((rings, r) => {
    xv.setInt32(100 + 8 * r, at / 2, false);
    xv.setInt32(104 + 8 * r, contents[r]! / 2, false);
    sv.setInt32(at, r + 1, false);
    sv.setInt32(at + 4, contents[r]! / 2, false);
    const c = at + 8;
    const points = rings.flat();
    sv.setInt32(c, 5, true);
    const box = points.reduce((b, [x, y]) => [Math.min(b[0]!, x), Math.min(b[1]!, y), Math.max(b[2]!, x), Math.max(b[3]!, y)], [Infinity, Infinity, -Infinity, -Infinity]);
    box.forEach((v, i) => sv.setFloat64(c + 4 + 8 * i, v, true));
    sv.setInt32(c + 36, rings.length, true);
    sv.setInt32(c + 40, points.length, true);
    let start = 0;
    rings.forEach((ring, i) => {
      sv.setInt32(c + 44 + 4 * i, start, true);
      start += ring.length;
    });
    const base = c + 44 + 4 * rings.length;
    points.forEach(([x, y], i) => {
      sv.setFloat64(base + 16 * i, x, true);
      sv.setFloat64(base + 16 * i + 8, y, true);
    });
    at = c + contents[r]!;
  });
  return {shp, shx};
}

/**
 * Plots as a zipped shapefile (.shp .shx .dbf .prj .cpg) in WGS84 or a CGCS2000
 * Gauss-Krüger zone, with each plot's ellipsoidal area in m² and mu as attributes.
 *
 * @example
 * const {bytes} = plotsToShapefileZip(plots, {crs: crsFromEpsgCode(4522)!});
 */
export function plotsToShapefileZip(plots: readonly Plot[], options: ShapefileExportOptions = {}): ShapefileExport {
  const crs = options.crs ?? WGS84;
  const layer = options.layerName ?? 'plots';
  const project = positionFromWgs84(crs);
  const parts = plots.map((plot) =>
    polygonsOf(plot.geometry).flatMap((rings) => rings.map((ring, r) => windRing(ring.map((p) => project(p)), r !== 0).map((p) => [p[0]!, p[1]!] as const))));
  const areas = plots.map((p) => polygonAreaSquareMeters(p.geometry));
  const truncated: {id: string; field: string}[] = [];
  const {shp, shx} = writeShpShx(parts);
  const dbf = writeDbf(plots, areas, truncated);
  const bytes = zipSync({
    [`${layer}.shp`]: shp,
    [`${layer}.shx`]: shx,
    [`${layer}.dbf`]: dbf,
    [`${layer}.prj`]: utf8.encode(prjForCrs(crs)),
    [`${layer}.cpg`]: utf8.encode('UTF-8'),
  });
  return {bytes, truncated};
}
