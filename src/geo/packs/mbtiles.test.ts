import {describe, expect, it} from 'vitest';
import {writeMbtiles} from '../../../tests/helpers/mbtiles-writer';
import {DATONG_PACK_BOUNDS, imageTiles, vectorTiles} from '../../../tests/helpers/test-packs';
import {loadSqlWasmFromNodeModules} from '../import/sql-wasm-node';
import {describePackFile} from './describe-pack';
import {MAX_MBTILES_BYTES, MbtilesArchive, inspectMbtiles} from './mbtiles';

const wasm = loadSqlWasmFromNodeModules;

async function vectorMbtiles(meta: Record<string, string> = {}) {
  const {tiles, layers} = vectorTiles(DATONG_PACK_BOUNDS, [10, 12]);
  const bytes = await writeMbtiles(tiles, {name: 'Datong MBTiles (synthetic)', format: 'pbf', minzoom: '10', maxzoom: '12', bounds: DATONG_PACK_BOUNDS.join(','),
    attribution: 'synthetic <i>test</i> data', json: JSON.stringify({vector_layers: layers.map((id) => ({id}))}), ...meta}, {gzip: true});
  return {bytes, tiles};
}

describe('MBTiles packs', () => {
  it('describes a vector MBTiles (gzipped pbf) with its zooms, bounds, layers and Protomaps schema', async () => {
    const {bytes} = await vectorMbtiles();
    const d = await describePackFile(new Blob([bytes as BlobPart]), wasm);
    expect(d.ok && d.container).toBe('mbtiles');
    expect(d.ok && d.pack).toMatchObject({kind: 'vector', tileFormat: 'mvt', schema: 'protomaps', minZoom: 10, maxZoom: 12, bounds: [...DATONG_PACK_BOUNDS],
      title: 'Datong MBTiles (synthetic)', attribution: 'synthetic test data'});
  });

  it('reads tiles by XYZ (flipping TMS rows) and un-gzips vector tiles', async () => {
    const {bytes, tiles} = await vectorMbtiles();
    const archive = await MbtilesArchive.open(bytes, wasm);
    const t = tiles.find((x) => x.z === 12)!;
    expect(Buffer.compare(Buffer.from(archive.tile(t.z, t.x, t.y)!), Buffer.from(t.data))).toBe(0);
    expect(archive.tile(12, t.x, 2 ** 12 - 1 - t.y)).toBeNull();
    archive.close();
  });

  it('computes zooms and bounds from the tiles when the metadata lacks them, and reads a terrarium DEM as terrain', async () => {
    const tiles = imageTiles(DATONG_PACK_BOUNDS, [9, 10], () => [1, 2, 3]);
    const bytes = await writeMbtiles(tiles, {name: 'dem', format: 'png', encoding: 'terrarium'});
    const r = await inspectMbtiles(new Blob([bytes as BlobPart]), wasm);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pack).toMatchObject({kind: 'terrain', encoding: 'terrarium', minZoom: 9, maxZoom: 10, tileSizePixels: 256});
    const [w, s, e, n] = r.pack.bounds;
    // The tiles covering the Datong box at z10 reach past it, never short of it.
    expect(w).toBeLessThanOrEqual(101.6);
    expect(s).toBeLessThanOrEqual(36.9);
    expect(e).toBeGreaterThanOrEqual(101.8);
    expect(n).toBeGreaterThanOrEqual(37.0);
    expect(e - w).toBeLessThan(1);
  });

  it('refuses what it cannot use, with its reason', async () => {
    const blob = (b: Uint8Array) => new Blob([b as BlobPart]);
    expect((await inspectMbtiles(blob((await vectorMbtiles({format: 'tiff'})).bytes), wasm)).ok).toBe(false);
    expect(await inspectMbtiles(blob((await vectorMbtiles({format: 'tiff'})).bytes), wasm)).toEqual({ok: false, problem: {code: 'unsupported-mbtiles-format', format: 'tiff'}});
    expect(await inspectMbtiles(blob((await vectorMbtiles({json: '{}'})).bytes), wasm)).toEqual({ok: false, problem: {code: 'no-vector-layers'}});
    expect(await inspectMbtiles(blob(await writeMbtiles([], {format: 'png'})), wasm)).toEqual({ok: false, problem: {code: 'no-tiles'}});
    // An SQLite file that is not MBTiles, and a truncated one.
    const initSqlJs = (await import('sql.js')).default;
    const SQL = await initSqlJs({wasmBinary: (await wasm()).slice().buffer});
    const other = new SQL.Database();
    other.run('create table gpkg_contents (x)');
    expect(await inspectMbtiles(blob(other.export()), wasm)).toEqual({ok: false, problem: {code: 'not-mbtiles'}});
    const {bytes} = await vectorMbtiles();
    expect((await inspectMbtiles(blob(bytes.slice(0, 4096)), wasm)).ok).toBe(false);
    // Too big for memory: refused before it is read.
    const huge = {size: MAX_MBTILES_BYTES + 1, slice: () => new Blob([])} as unknown as Blob;
    expect(await inspectMbtiles(huge, wasm)).toEqual({ok: false, problem: {code: 'mbtiles-too-large', sizeBytes: MAX_MBTILES_BYTES + 1, maxBytes: MAX_MBTILES_BYTES}});
  });
});
