import Papa from 'papaparse';
import {wktToGeoJSON} from '@terraformer/wkt';
import {checkDeadline, needsEncoding, ownRecord, unreadable, type CrsDeclaration, type PlotReader, type RawFeature} from './plot-reader';
import type {ImportNotice} from './staged-import';
import {decodeText} from './text-decoding';
import {unreadableCoordinate, unreadableGeometry} from './import-reasons';
import {strictNumber} from './xml-coordinates';
import {looksLikeFormula} from '../csv-formula';

/*
 * CSV (RFC 4180, parsed by papaparse) as Excel and GIS tools write it. Geometry comes from
 * one of three column sets, found by header name:
 *  - a WKT column (OGC 06-103r4 well-known text), one plot per row, as GDAL writes it;
 *  - lon/lat columns, one vertex per row: consecutive rows with the same id (or name) form
 *    one ring, in file order or by a vertex-number column; the ring closes on its first vertex;
 *  - Gauss-Krüger X/Y columns, likewise. Chinese surveying calls the northing X and the
 *    easting Y (GB/T 17798); the values' size tells which is which, whatever the header says.
 */

const norm = (h: string) => h.trim().toLowerCase().replace(/[\s_-]+/g, '');
const column = (headers: readonly string[], names: readonly string[]): number => headers.findIndex((h) => names.includes(norm(h)));

const WKT_NAMES = ['wkt', 'geometry', 'geom', 'thegeom', 'shape', '几何', '空间信息', '图形'];
const LON_NAMES = ['lon', 'lng', 'long', 'longitude', '经度', 'x经度'];
const LAT_NAMES = ['lat', 'latitude', '纬度', 'y纬度'];
const X_NAMES = ['x', 'x坐标', '北坐标', '纵坐标', 'northing', 'xcoord'];
const Y_NAMES = ['y', 'y坐标', '东坐标', '横坐标', 'easting', 'ycoord'];
const ORDER_NAMES = ['seq', 'order', 'vertex', 'point', 'pointno', '序号', '点号', '顶点号', '界址点号'];
const GROUP_NAMES = ['id', 'plotid', '编号', '地块编号', 'name', '名称', '地块名称'];

/** Undoes the apostrophe a spreadsheet-safe CSV export puts before formula-like text (see csv-export.ts). */
export function unescapeCsvCell(cell: string): string {
  return cell.startsWith("'") && looksLikeFormula(cell.slice(1)) ? cell.slice(1) : cell;
}

/** A cell as a decimal number; anything else (text, "101.62abc", hex, empty) is NaN, never a part-read. */
const toNumber = (cell: string | undefined): number => strictNumber(cell) ?? NaN;

/** A northing in Qinghai (31–40°N) is 3.4–4.5 million metres; an easting is below 1 million, or 25–45 million with a zone prefix. */
const looksLikeNorthing = (v: number) => v > 3_000_000 && v < 5_000_000;

export const csvReader: PlotReader = {
  format: 'csv',
  accepts: (fileName) => /\.(csv|txt|tsv)$/i.test(fileName),
  async read(input) {
    const decoded = decodeText(input.bytes, input.options.encoding ?? null);
    if (!decoded.ok) return needsEncoding(decoded.candidates, decoded.declared, decoded.why);
    const parsed = Papa.parse<string[]>(decoded.text, {skipEmptyLines: 'greedy'});
    const rows = parsed.data;
    const headers = rows[0];
    if (!headers || rows.length < 2) return unreadable('the CSV has no header row and data rows');
    const body = rows.slice(1);
    if (body.length > input.budget.maxFeatures * 50) return unreadable(`more than ${input.budget.maxFeatures * 50} rows`);
    const notices: ImportNotice[] = [];
    if (decoded.guessed) notices.push({code: 'encoding-guessed', params: {encoding: decoded.encoding, file: 'text'}});

    const wkt = column(headers, WKT_NAMES);
    let xCol = column(headers, LON_NAMES), yCol = column(headers, LAT_NAMES);
    let projected = false;
    if (wkt < 0 && (xCol < 0 || yCol < 0)) {
      const north = column(headers, X_NAMES), east = column(headers, Y_NAMES);
      if (north < 0 || east < 0) return unreadable('no geometry columns: expected WKT, lon/lat (经度/纬度) or X/Y');
      // The rows as a whole decide degrees or metres, and which column holds northings: one
      // stray or unreadable cell must not turn the file (coordinate-census.ts does the same for features).
      const pairs = body.map((r) => [toNumber(r[north]), toNumber(r[east])] as const).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
      const degreeRows = pairs.filter(([x, y]) => Math.abs(x) <= 180 && Math.abs(y) <= 90).length;
      const northFirst = pairs.filter(([x]) => looksLikeNorthing(x)).length, northSecond = pairs.filter(([, y]) => looksLikeNorthing(y)).length;
      if (degreeRows * 2 >= pairs.length) {
        // GDAL's AS_XY writes X = longitude, Y = latitude.
        [xCol, yCol] = [north, east];
      } else {
        projected = true;
        // x is always the easting here; swap when the "X" column holds eastings (GIS order).
        const swapped = northSecond > northFirst;
        [xCol, yCol] = swapped ? [north, east] : [east, north];
        if (swapped) notices.push({code: 'axis-order-swapped'});
      }
    }
    const geometryCols = new Set([wkt, xCol, yCol].filter((c) => c >= 0));
    const order = wkt < 0 ? column(headers, ORDER_NAMES) : -1;
    const attributes = (row: readonly string[]): Record<string, unknown> =>
      ownRecord(headers.flatMap((h, i) => (geometryCols.has(i) || i === order ? [] : [[h.trim(), unescapeCsvCell(row[i] ?? '')] as const])));
    const features: RawFeature[] = [];

    if (wkt >= 0) {
      body.forEach((row, i) => {
        checkDeadline(input);
        let geometry: unknown = null;
        const issues = [];
        const text = (row[wkt] ?? '').trim();
        try {
          geometry = wktToGeoJSON(text);
        } catch {
          const shown = text.length > 50 ? `${text.slice(0, 47)}…` : text;
          issues.push(text === ''
            ? unreadableGeometry({detail: 'wkt-empty'})
            : unreadableGeometry({detail: 'wkt-unparsable', wkt: shown}));
        }
        features.push({geometry, issues, properties: attributes(row), where: `row ${i + 2}`});
      });
    } else {
      const group = column(headers, GROUP_NAMES);
      const runs: {rows: {row: readonly string[]; line: number}[]}[] = [];
      body.forEach((row, i) => {
        const key = group >= 0 ? (row[group] ?? '').trim() : null;
        const last = runs[runs.length - 1];
        const lastKey = last && group >= 0 ? (last.rows[0]!.row[group] ?? '').trim() : undefined;
        if (last && key !== null && key !== '' && key === lastKey) last.rows.push({row, line: i + 2});
        else runs.push({rows: [{row, line: i + 2}]});
      });
      for (const run of runs) {
        checkDeadline(input);
        if (order >= 0) run.rows.sort((a, b) => toNumber(a.row[order]) - toNumber(b.row[order]));
        const positions = run.rows.map(({row}) => [toNumber(row[xCol]), toNumber(row[yCol])]);
        // A cell that is not a number (text, "101.62abc", empty) rejects its plot, naming the row.
        const issues = run.rows.flatMap(({row, line}, i) => (Number.isFinite(positions[i]![0]) && Number.isFinite(positions[i]![1])
          ? []
          : [unreadableCoordinate({ring: 0, row: line}, i + 1, `${headers[xCol]?.trim()} "${row[xCol] ?? ''}", ${headers[yCol]?.trim()} "${row[yCol] ?? ''}"`)]));
        const first = run.rows[0]!;
        const where = run.rows.length === 1 ? `row ${first.line}` : `rows ${first.line}–${run.rows[run.rows.length - 1]!.line}`;
        if (positions.length === 1) {
          features.push({geometry: {type: 'Point', coordinates: positions[0]}, issues, properties: attributes(first.row), where});
          continue;
        }
        const start = positions[0]!, end = positions[positions.length - 1]!;
        const ring = start[0] === end[0] && start[1] === end[1] ? positions : [...positions, [...start]];
        features.push({geometry: {type: 'Polygon', coordinates: [ring]}, issues, properties: attributes(first.row), where});
      }
    }
    if (features.length > input.budget.maxFeatures) return unreadable(`more than ${input.budget.maxFeatures} features`);
    const crs: CrsDeclaration = projected ? {kind: 'none', projected: true} : {kind: 'format-default'};
    return {ok: true, features, crs, encoding: decoded.encoding, notices};
  },
};
