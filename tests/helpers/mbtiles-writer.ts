import {gzipSync} from 'fflate';
import initSqlJs from 'sql.js';
import {loadSqlWasmFromNodeModules} from '../../src/geo/import/sql-wasm-node';
import type {TileInput} from './pmtiles-writer';

/**
 * A small MBTiles 1.3 writer for tests (https://github.com/mapbox/mbtiles-spec/blob/master/1.3/spec.md),
 * with sql.js: `metadata` and `tiles` tables, rows counted from the south (TMS), vector tiles
 * gzipped as tilemaker and gdal write them.
 */
export async function writeMbtiles(tiles: readonly TileInput[], metadata: Record<string, string>, options: {gzip?: boolean} = {}): Promise<Uint8Array> {
  const SQL = await initSqlJs({wasmBinary: (await loadSqlWasmFromNodeModules()).slice().buffer});
  const db = new SQL.Database();
  try {
    db.run('create table metadata (name text, value text); create table tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob); create unique index tile_index on tiles (zoom_level, tile_column, tile_row);');
    for (const [k, v] of Object.entries(metadata)) db.run('insert into metadata values (?, ?)', [k, v]);
    for (const t of tiles) db.run('insert into tiles values (?, ?, ?, ?)', [t.z, t.x, 2 ** t.z - 1 - t.y, options.gzip ? gzipSync(t.data) : t.data]);
    return db.export();
  } finally {
    db.close();
  }
}
