import {openShp} from 'shapefile';
import type {Geometry} from 'geojson';
import {crsFromPrj} from '../crs';
import {dbfDeclaredEncoding, dbfTextBytes, readDbfHeader, readDbfRecords} from './dbf';
import {checkDeadline, needsEncoding, unreadable, type CrsDeclaration, type PlotReader, type RawFeature, type ReaderInput, type ReaderResult} from './plot-reader';
import type {ImportNotice} from './staged-import';
import {decodeText, decodeStrict, encodingCandidates} from './text-decoding';
import {isZip, unzipEntries} from './zip';
import {corruptRecord, type RecordProblem} from './import-reasons';

/*
 * Zipped ESRI shapefiles (ESRI Shapefile Technical Description, 1998): .shp geometry read by
 * the `shapefile` package, .dbf attributes by dbf.ts, .prj by crs.ts, .cpg for the encoding.
 * The package's output is checked against the raw files, because it skips corrupt records
 * silently: the .shp, .shx and .dbf must agree on the record count, the package must return
 * every record, and every ring (part) of the .shp must come out in the geometry.
 */

/** `corrupt`: per record, why its header contradicts its length (null when it is sound). */
type ShpCensus = {readonly shapeType: number; readonly records: number; readonly parts: readonly number[]; readonly corrupt: readonly (RecordProblem | null)[]};

const POLY_TYPES = new Set([3, 5, 13, 15, 23, 25]);

/** Walks the .shp record headers without the package: record count and parts per record. */
function shpCensus(bytes: Uint8Array): ShpCensus | string {
  if (bytes.length < 100) return 'the .shp is shorter than its 100-byte header';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getInt32(0, false) !== 9994) return 'the .shp does not start with the shapefile file code 9994';
  const end = Math.min(bytes.length, view.getInt32(24, false) * 2);
  const parts: number[] = [];
  const corrupt: (RecordProblem | null)[] = [];
  let at = 100;
  while (at + 12 <= end) {
    const contentBytes = view.getInt32(at + 4, false) * 2;
    if (contentBytes < 4 || at + 8 + contentBytes > end) break;
    const type = view.getInt32(at + 8, true);
    const poly = POLY_TYPES.has(type);
    parts.push(poly && contentBytes >= 44 ? view.getInt32(at + 8 + 36, true) : 0);
    corrupt.push(poly ? polyRecordProblem(view, at + 8, contentBytes) : null);
    at += 8 + contentBytes;
  }
  return {shapeType: view.getInt32(32, true), records: parts.length, parts, corrupt};
}

/**
 * Whether a PolyLine/Polygon record's part and point counts fit its content length and its
 * part indices point into its points (ESRI Shapefile Technical Description, Table 6). The
 * `shapefile` package trusts them and fails with "Offset is outside the bounds of the DataView".
 */
function polyRecordProblem(view: DataView, start: number, contentBytes: number): RecordProblem | null {
  if (contentBytes < 44) return {detail: 'content-too-short', contentBytes};
  const numParts = view.getInt32(start + 36, true), numPoints = view.getInt32(start + 40, true);
  const needed = 44 + 4 * numParts + 16 * numPoints;
  if (numParts < 0 || numPoints < 0 || needed > contentBytes) {
    return {detail: 'counts-too-large', numParts, numPoints, needed, contentBytes};
  }
  let previous = 0;
  for (let j = 0; j < numParts; j++) {
    const index = view.getInt32(start + 44 + 4 * j, true);
    if (index < previous || index >= numPoints || (j === 0 && index !== 0)) {
      return {detail: 'bad-part-start', part: j + 1, index, lastPoint: numPoints - 1};
    }
    previous = index;
  }
  return null;
}

const ringsOf = (g: Geometry | null): number =>
  g === null ? 0 : g.type === 'Polygon' ? g.coordinates.length : g.type === 'MultiPolygon' ? g.coordinates.reduce((n, p) => n + p.length, 0) : g.type === 'LineString' ? 1 : g.type === 'MultiLineString' ? g.coordinates.length : 0;

function nullCorruptRecords(shp: Uint8Array, census: ShpCensus): Uint8Array {
  const copy = shp.slice();
  const view = new DataView(copy.buffer);
  let at = 100;
  for (let r = 0; r < census.records; r++) {
    if (census.corrupt[r]) view.setInt32(at + 8, 0, true);
    at += 8 + view.getInt32(at + 4, false) * 2;
  }
  return copy;
}

async function readLayer(layer: string, files: Readonly<Record<string, Uint8Array>>, input: ReaderInput): Promise<ReaderResult> {
  const file = (ext: string) => files[`${layer}.${ext}`] ?? files[`${layer}.${ext.toUpperCase()}`];
  const shp = file('shp'), shx = file('shx'), dbf = file('dbf');
  const base = layer.split('/').pop();
  if (!shp || !dbf) return unreadable(`shapefile ${base} needs its .shp and .dbf`);
  const census = shpCensus(shp);
  if (typeof census === 'string') return unreadable(census);
  const table = readDbfHeader(dbf);
  if (typeof table === 'string') return unreadable(table);
  const shxRecords = shx ? (shx.length - 100) / 8 : null;
  if (census.records !== table.recordCount || (shxRecords !== null && shxRecords !== census.records)) {
    return unreadable(`record counts disagree in ${base}: .shp ${census.records}, .shx ${shxRecords ?? 'missing'}, .dbf ${table.recordCount}; attributes would pair with the wrong shapes`);
  }

  const notices: ImportNotice[] = [];
  const cpgBytes = file('cpg');
  const declared = input.options.encoding ?? dbfDeclaredEncoding(cpgBytes ? new TextDecoder().decode(cpgBytes) : null, table);
  let encoding = declared;
  if (!encoding) {
    const probe = decodeText(dbfTextBytes(dbf, table));
    if (!probe.ok) return needsEncoding(probe.candidates, null, probe.why);
    encoding = probe.encoding;
    if (probe.guessed) notices.push({code: 'encoding-guessed', params: {encoding, file: 'dbf'}});
  }
  const records = readDbfRecords(dbf, table, encoding);
  if (!records.ok) {
    const sample = dbfTextBytes(dbf, table);
    if (decodeStrict(sample, encoding) === null) return needsEncoding(encodingCandidates(sample), encoding);
    return unreadable(`record ${records.badRecord + 1} of ${base}.dbf cannot be decoded as ${encoding}`);
  }

  // Corrupt records are turned into null shapes (type 0) in a copy, so the package reads the
  // others; each corrupt one is rejected below, naming its record.
  const readable = census.corrupt.some((c) => c !== null) ? nullCorruptRecords(shp, census) : shp;
  const source = await openShp(readable);
  const geometries: (Geometry | null)[] = [];
  for (;;) {
    checkDeadline(input);
    const next = await source.read();
    if (next.done) break;
    geometries.push(next.value as Geometry | null);
    if (geometries.length > input.budget.maxFeatures) return unreadable(`more than ${input.budget.maxFeatures} features`);
  }
  if (geometries.length !== census.records) {
    return unreadable(`the shapefile reader returned ${geometries.length} of the ${census.records} records in ${base}.shp`);
  }
  const badRings = geometries.findIndex((g, i) => census.corrupt[i] === null && ringsOf(g) !== census.parts[i]);
  if (badRings >= 0) {
    return unreadable(`record ${badRings + 1} of ${base}.shp has ${census.parts[badRings]} rings but ${ringsOf(geometries[badRings]!)} were read`);
  }

  const deleted = records.records.filter((r) => r === null).length;
  if (deleted > 0) notices.push({code: 'deleted-records', params: {n: deleted}});
  const features: RawFeature[] = [];
  geometries.forEach((geometry, i) => {
    const properties = records.records[i];
    if (properties === null || properties === undefined) return;
    const problem = census.corrupt[i];
    features.push({geometry, properties, where: `${base} record ${i + 1}`, issues: problem ? [corruptRecord(i + 1, problem)] : []});
  });

  const prj = file('prj');
  let crs: CrsDeclaration = {kind: 'none', projected: false};
  if (prj) {
    const wkt = new TextDecoder().decode(prj);
    const reading = crsFromPrj(wkt);
    crs = reading.ok ? {kind: 'declared', crs: reading.crs, source: `${base}.prj`} : {kind: 'unknown', name: reading.name, source: `${base}.prj`};
  }
  return {ok: true, features, crs, encoding, notices};
}

const crsKey = (c: CrsDeclaration): string => (c.kind === 'declared' ? c.crs.proj4 : c.kind === 'unknown' ? c.name : c.kind);

export const shapefileReader: PlotReader = {
  format: 'shapefile',
  accepts: (fileName, head) => (/\.(shp\.zip|shz|zip)$/i.test(fileName) || fileName === '') && isZip(head),
  async read(input) {
    if (!isZip(input.bytes)) return unreadable('a shapefile must come as a zip of its .shp, .shx, .dbf, .prj and .cpg');
    const entries = unzipEntries(input.bytes, input.budget.maxInflatedBytes, (name) => /\.(shp|shx|dbf|prj|cpg)$/i.test(name));
    if (!entries.ok) return unreadable(entries.cause);
    const layers = [...new Set(Object.keys(entries.files).filter((n) => /\.shp$/i.test(n)).map((n) => n.slice(0, -4)))].sort();
    if (layers.length === 0) return unreadable('the zip holds no .shp file');
    const features: RawFeature[] = [];
    const notices: ImportNotice[] = [];
    let crs: CrsDeclaration | null = null;
    let encoding: string | null = null;
    for (const layer of layers) {
      const result = await readLayer(layer, entries.files, input);
      if (!result.ok) return result;
      if (crs && crsKey(crs) !== crsKey(result.crs)) return unreadable('the zip holds shapefiles in different coordinate systems; import them one at a time');
      crs = crs ?? result.crs;
      encoding = encoding ?? result.encoding;
      // One at a time: push(...list) passes every feature as an argument, which past ~120,000
      // overflows the stack (a zip of one big layer).
      for (const f of result.features) features.push(f);
      notices.push(...result.notices);
    }
    return {ok: true, features, crs: crs!, encoding, notices};
  },
};
