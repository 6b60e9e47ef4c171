import {describe, expect, it} from 'vitest';
import {writeMbtiles} from '../../tests/helpers/mbtiles-writer';
import {DATONG_PACK_BOUNDS, vectorPack, vectorTiles} from '../../tests/helpers/test-packs';
import {loadSqlWasmFromNodeModules} from '../geo/import/sql-wasm-node';
import {PackTileReader} from './pack-protocol';

const load = (reader: PackTileReader, url: string) => reader.load({url} as never, new AbortController()) as Promise<{data: Uint8Array}>;

describe('PackTileReader', () => {
  it('serves the same tile from a PMTiles and an MBTiles pack', async () => {
    const {tiles, layers} = vectorTiles(DATONG_PACK_BOUNDS, [10, 11]);
    const mb = await writeMbtiles(tiles, {format: 'pbf', json: JSON.stringify({vector_layers: layers.map((id) => ({id}))})}, {gzip: true});
    const files: Record<string, Blob> = {pm: new Blob([vectorPack(DATONG_PACK_BOUNDS, [10, 11]) as BlobPart]), mb: new Blob([mb as BlobPart])};
    const reader = new PackTileReader(async (id) => files[id]!, loadSqlWasmFromNodeModules);
    const t = tiles.find((x) => x.z === 11)!;
    const fromPm = await load(reader, `qhpack://pm/${t.z}/${t.x}/${t.y}`);
    const fromMb = await load(reader, `qhpack://mb/${t.z}/${t.x}/${t.y}`);
    expect(fromMb.data.length).toBeGreaterThan(100);
    expect(Buffer.compare(Buffer.from(fromMb.data), Buffer.from(fromPm.data))).toBe(0);
    expect((await load(reader, 'qhpack://mb/11/0/0')).data.length).toBe(0);
  });
});
