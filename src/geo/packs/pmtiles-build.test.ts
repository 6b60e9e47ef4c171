import {PMTiles} from 'pmtiles';
import {describe, expect, it} from 'vitest';
import {encodePng} from '../../../tests/helpers/png';
import {BlobSource} from './blob-source';
import {inspectPack} from './inspect-pack';
import {PMTILES_RESERVED_BYTES, pmtilesFinish, pmtilesTileId} from './pmtiles-build';
import type {PmtilesEntry} from './pmtiles-build';

/** Lays the pieces out as the pack storage does: tiles after the reserved space, tail after them, head at 0. */
function build(tiles: {z: number; x: number; y: number; bytes: Uint8Array}[]): Blob {
  const entries: PmtilesEntry[] = [];
  const data: Uint8Array[] = [];
  let length = 0;
  for (const t of tiles) {
    entries.push({tileId: pmtilesTileId(t.z, t.x, t.y), offset: length, length: t.bytes.length});
    data.push(t.bytes);
    length += t.bytes.length;
  }
  const {head, tail} = pmtilesFinish(entries, length, {tileType: 2, minZoom: 14, maxZoom: 16, bounds: [101.6, 36.9, 101.8, 37.0], metadata: {name: 'built'}});
  const reserved = new Uint8Array(PMTILES_RESERVED_BYTES);
  reserved.set(head, 0);
  return new Blob([reserved, ...data, tail] as BlobPart[]);
}

describe('pmtilesFinish', () => {
  it('writes an archive that the pmtiles reader and the pack check read back, tiles in any order', async () => {
    const red = encodePng(256, 256, () => [200, 0, 0]);
    const blue = encodePng(256, 256, () => [0, 0, 200]);
    // A quadtree walk's order: deeper tiles before their parents.
    const file = build([{z: 16, x: 51_276, y: 25_530, bytes: blue}, {z: 15, x: 25_638, y: 12_765, bytes: red}]);
    const check = await inspectPack(file);
    expect(check).toMatchObject({ok: true, pack: {kind: 'raster', tileFormat: 'png', minZoom: 14, maxZoom: 16, title: 'built', tileCount: 2, tileSizePixels: 256}});
    const pm = new PMTiles(new BlobSource(file, 'built'));
    expect(new Uint8Array((await pm.getZxy(15, 25_638, 12_765))!.data)).toEqual(red);
    expect(new Uint8Array((await pm.getZxy(16, 51_276, 25_530))!.data)).toEqual(blue);
    expect(await pm.getZxy(16, 51_277, 25_530)).toBeUndefined();
  });

  it('moves the entries of a large archive into leaf directories so the root stays in the first 16 KiB', async () => {
    const png = encodePng(256, 256, () => [10, 120, 10]);
    const tiles: {z: number; x: number; y: number; bytes: Uint8Array}[] = [];
    for (let x = 0; x < 100; x++) for (let y = 0; y < 100; y++) tiles.push({z: 16, x: 51_200 + x, y: 25_500 + y, bytes: png.subarray(0, 64 + ((x + y) % 7))});
    const file = build(tiles);
    const pm = new PMTiles(new BlobSource(file, 'large'));
    const header = await pm.getHeader();
    expect(header.leafDirectoryLength).toBeGreaterThan(0);
    expect(header.rootDirectoryLength).toBeLessThan(PMTILES_RESERVED_BYTES - 127);
    for (const [x, y] of [[0, 0], [37, 81], [99, 99]] as const) {
      expect((await pm.getZxy(16, 51_200 + x, 25_500 + y))!.data.byteLength).toBe(64 + ((x + y) % 7));
    }
  });
});
