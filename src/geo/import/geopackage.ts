import {crsFromEpsgCode, crsFromPrj, WGS84} from '../crs';
import {checkDeadline, ownRecord, unreadable, type CrsDeclaration, type PlotReader, type RawFeature} from './plot-reader';
import {gpkgBlobToGeometry} from './wkb';

/*
 * GeoPackage (OGC 12-128r18) feature tables, opened with sql.js (SQLite compiled to
 * WebAssembly). The wasm binary comes from the caller (ImportOptions.loadSqlWasm): node reads
 * it from node_modules (sql-wasm-node.ts), the worker gets it as a Vite asset URL
 * (sql-wasm-browser.ts), so it works offline in both. Nothing is written to the database.
 */

const SQLITE_MAGIC = 'SQLite format 3\0';
const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

type Row = Record<string, unknown>;

/** Integers come back as BigInt (sql.js `useBigInt`) so ids beyond 2^53 are kept as decimal strings. */
function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  return v;
}

export const geoPackageReader: PlotReader = {
  format: 'geopackage',
  accepts: (fileName, head) => /\.gpkg$/i.test(fileName) || new TextDecoder('latin1').decode(head.subarray(0, 16)) === SQLITE_MAGIC,
  async read(input) {
    if (new TextDecoder('latin1').decode(input.bytes.subarray(0, 16)) !== SQLITE_MAGIC) return unreadable('not an SQLite database (GeoPackage files are SQLite)');
    if (!input.options.loadSqlWasm) return unreadable('GeoPackage reading needs the SQLite engine (sql.js), which this caller did not provide');
    // Loaded when a GeoPackage comes: parsing sql.js's CommonJS for its exports alone was ≈25 ms of
    // every `npm run tally` start (issue 11).
    const {default: initSqlJs} = await import('sql.js');
    const wasm = await input.options.loadSqlWasm();
    const SQL = await initSqlJs({wasmBinary: wasm instanceof Uint8Array ? wasm.slice().buffer : wasm});
    const db = new SQL.Database(input.bytes);
    try {
      const query = (sql: string, params: (string | number)[] = []): Row[] => {
        const statement = db.prepare(sql);
        statement.bind(params);
        const rows: Row[] = [];
        const columns = statement.getColumnNames();
        while (statement.step()) {
          checkDeadline(input);
          const values = (statement.get as (p: null, c: {useBigInt: boolean}) => unknown[])(null, {useBigInt: true});
          rows.push(ownRecord(columns.map((c, i) => [c, plainValue(values[i])] as const)));
          if (rows.length > input.budget.maxFeatures) throw new RangeError(`more than ${input.budget.maxFeatures} features`);
        }
        statement.free();
        return rows;
      };
      let layers: Row[];
      try {
        layers = query(`SELECT c.table_name AS t, g.column_name AS g, g.srs_id AS s FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name`);
      } catch (e) {
        return unreadable(`not a GeoPackage: ${(e as Error).message}`);
      }
      if (layers.length === 0) return unreadable('the GeoPackage has no feature table');
      const srsIds = new Set(layers.map((l) => Number(l.s)));
      if (srsIds.size > 1) return unreadable('the GeoPackage holds feature tables in different coordinate systems; import one at a time');
      const srsId = [...srsIds][0]!;
      const [srs] = query('SELECT organization AS o, organization_coordsys_id AS c, srs_name AS n, definition AS d FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [srsId]);
      let crs: CrsDeclaration = {kind: 'unknown', name: `srs_id ${srsId}`, source: 'gpkg_spatial_ref_sys'};
      if (srs) {
        const byCode = String(srs.o).toUpperCase() === 'EPSG' ? crsFromEpsgCode(Number(srs.c)) : null;
        const byWkt = byCode ? null : crsFromPrj(String(srs.d ?? ''));
        if (byCode) crs = {kind: 'declared', crs: byCode, source: `EPSG:${srs.c}`};
        else if (byWkt?.ok) crs = {kind: 'declared', crs: byWkt.crs, source: String(srs.n)};
        else if (srsId === -1 || srsId === 0) crs = {kind: 'declared', crs: WGS84, source: 'undefined GeoPackage srs'};
        else crs = {kind: 'unknown', name: String(srs.n ?? srsId), source: 'gpkg_spatial_ref_sys'};
      }
      const features: RawFeature[] = [];
      for (const layer of layers) {
        const table = String(layer.t), geometryColumn = String(layer.g);
        let rowNumber = 0;
        for (const row of query(`SELECT * FROM ${quoteIdentifier(table)}`)) {
          rowNumber++;
          const blob = row[geometryColumn];
          let geometry: unknown = null;
          try {
            geometry = blob instanceof Uint8Array ? gpkgBlobToGeometry(blob) : null;
          } catch {
            geometry = {type: 'Unreadable geometry', coordinates: null};
          }
          const properties = ownRecord(Object.entries(row).filter(([k]) => k !== geometryColumn && k !== 'fid'));
          features.push({geometry, properties, where: `${table} row ${rowNumber}`});
        }
      }
      return {ok: true, features, crs, encoding: 'utf-8', notices: []};
    } catch (e) {
      return unreadable((e as Error).message);
    } finally {
      db.close();
    }
  },
};
