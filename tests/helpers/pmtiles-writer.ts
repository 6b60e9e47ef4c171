import {gzipSync} from 'fflate';
import {zxyToTileId} from 'pmtiles';

/**
 * A small PMTiles v3 writer for tests: every tile in the root directory, tile data clustered
 * in tile-id order. Layout and field offsets follow the spec
 * (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md) as read by the `pmtiles`
 * package's `bytesToHeader` and `deserializeIndex` (node_modules/pmtiles/src/index.ts).
 */
export type TileInput = {readonly z: number; readonly x: number; readonly y: number; readonly data: Uint8Array};

export type WriteOptions = {
  /** PMTiles tile type: 1 MVT, 2 PNG, 3 JPEG, 4 WebP. */
  readonly tileType: 1 | 2 | 3 | 4;
  /** Gzip the tiles (vector tiles usually are; images never). */
  readonly gzipTiles: boolean;
  readonly bounds: readonly [number, number, number, number];
  readonly metadata: Record<string, unknown>;
};

function varints(values: readonly number[]): Uint8Array {
  const out: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  }
  return Uint8Array.from(out);
}

type DirEntry = {tileId: number; offset: number; length: number; runLength: number};

function serializeDirectory(entries: readonly DirEntry[]): Uint8Array {
  const ids: number[] = [];
  let last = 0;
  for (const e of entries) {
    ids.push(e.tileId - last);
    last = e.tileId;
  }
  const offsets = entries.map((e, i) => (i > 0 && e.offset === entries[i - 1]!.offset + entries[i - 1]!.length ? 0 : e.offset + 1));
  return varints([entries.length, ...ids, ...entries.map((e) => e.runLength), ...entries.map((e) => e.length), ...offsets]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function writePmtiles(tiles: readonly TileInput[], o: WriteOptions): Uint8Array {
  const sorted = tiles.map((t) => ({...t, tileId: zxyToTileId(t.z, t.x, t.y)})).sort((a, b) => a.tileId - b.tileId);
  const entries: DirEntry[] = [];
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const t of sorted) {
    const data = o.gzipTiles ? gzipSync(t.data) : t.data;
    entries.push({tileId: t.tileId, offset, length: data.length, runLength: 1});
    blobs.push(data);
    offset += data.length;
  }
  const root = gzipSync(serializeDirectory(entries));
  const metadata = gzipSync(new TextEncoder().encode(JSON.stringify(o.metadata)));
  const tileData = concat(blobs);
  const zooms = sorted.map((t) => t.z);
  const minZoom = Math.min(...zooms);
  const maxZoom = Math.max(...zooms);

  const header = new Uint8Array(127);
  const v = new DataView(header.buffer);
  header.set(new TextEncoder().encode('PMTiles'), 0);
  v.setUint8(7, 3);
  const u64 = (at: number, n: number) => {
    v.setUint32(at, n % 2 ** 32, true);
    v.setUint32(at + 4, Math.floor(n / 2 ** 32), true);
  };
  const rootOffset = 127;
  const metaOffset = rootOffset + root.length;
  const leafOffset = metaOffset + metadata.length;
  const dataOffset = leafOffset;
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metaOffset);
  u64(32, metadata.length);
  u64(40, leafOffset);
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, tileData.length);
  u64(72, entries.length);
  u64(80, entries.length);
  u64(88, entries.length);
  v.setUint8(96, 1); // clustered
  v.setUint8(97, 2); // internal compression: gzip
  v.setUint8(98, o.gzipTiles ? 2 : 1);
  v.setUint8(99, o.tileType);
  v.setUint8(100, minZoom);
  v.setUint8(101, maxZoom);
  const e7 = (deg: number) => Math.round(deg * 1e7);
  const [w, s, e, n] = o.bounds;
  v.setInt32(102, e7(w), true);
  v.setInt32(106, e7(s), true);
  v.setInt32(110, e7(e), true);
  v.setInt32(114, e7(n), true);
  v.setUint8(118, minZoom);
  v.setInt32(119, e7((w + e) / 2), true);
  v.setInt32(123, e7((s + n) / 2), true);
  return concat([header, root, metadata, tileData]);
}

/** Web-Mercator tile numbers covering a bounding box at one zoom (slippy-map tile names). */
export function tilesCovering(bounds: readonly [number, number, number, number], z: number): [number, number][] {
  const n = 2 ** z;
  const x = (lon: number) => Math.min(n - 1, Math.floor(((lon + 180) / 360) * n));
  const y = (lat: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.min(n - 1, Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n));
  };
  const out: [number, number][] = [];
  for (let tx = x(bounds[0]); tx <= x(bounds[2]); tx++) for (let ty = y(bounds[3]); ty <= y(bounds[1]); ty++) out.push([tx, ty]);
  return out;
}
