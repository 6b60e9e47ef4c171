import {zxyToTileId} from 'pmtiles';
import type {BBox} from '../bbox';

/**
 * Writes a PMTiles v3 archive (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md)
 * whose tiles arrive one at a time and in any order, without holding them: the tile data is
 * streamed straight after a reserved first 16 KiB, and the header and root directory are written
 * into that space at the end, once every tile's offset is known. Metadata and leaf directories
 * follow the tile data (the spec addresses every section by offset, so this order is valid).
 * Directories are not compressed, and the tiles are stored as given (images are compressed already).
 *
 * Hand-written because the `pmtiles` package only reads; the layout mirrors its `bytesToHeader`
 * and `deserializeIndex`.
 */

/** Header and root directory must lie within the first 16 KiB (what readers fetch first). */
export const PMTILES_RESERVED_BYTES = 16_384;
const HEADER_BYTES = 127;
/** Entries per leaf directory: ≈8 bytes each uncompressed, so a leaf is ≈16–32 KiB. */
const LEAF_ENTRIES = 4096;

export type PmtilesEntry = {readonly tileId: number; readonly offset: number; readonly length: number};

export type PmtilesTail = {
  /** PMTiles tile type: 2 PNG, 3 JPEG, 4 WebP. */
  readonly tileType: 2 | 3 | 4;
  readonly minZoom: number;
  readonly maxZoom: number;
  readonly bounds: BBox;
  readonly metadata: Readonly<Record<string, unknown>>;
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

type DirEntry = PmtilesEntry & {readonly runLength: number};

function serializeDirectory(entries: readonly DirEntry[]): Uint8Array {
  const ids: number[] = [];
  let last = 0;
  for (const e of entries) {
    ids.push(e.tileId - last);
    last = e.tileId;
  }
  // 0 means "right after the previous entry"; otherwise offset + 1.
  const offsets = entries.map((e, i) => (i > 0 && e.offset === entries[i - 1]!.offset + entries[i - 1]!.length ? 0 : e.offset + 1));
  return varints([entries.length, ...ids, ...entries.map((e) => e.runLength), ...entries.map((e) => e.length), ...offsets]);
}

/** The tile id of z/x/y (Hilbert order, as the spec defines it). */
export const pmtilesTileId = (z: number, x: number, y: number): number => zxyToTileId(z, x, y);

/**
 * What is written once the tiles are in: `head` goes at byte 0 (it fits the reserved space),
 * `tail` right after the tile data. `tileDataLength` is the bytes streamed after the reserved space.
 */
export function pmtilesFinish(entries: readonly PmtilesEntry[], tileDataLength: number, o: PmtilesTail): {head: Uint8Array; tail: Uint8Array} {
  const sorted = [...entries].sort((a, b) => a.tileId - b.tileId).map((e) => ({...e, runLength: 1}));
  const metadata = new TextEncoder().encode(JSON.stringify(o.metadata));
  const tileDataOffset = PMTILES_RESERVED_BYTES;
  const metadataOffset = tileDataOffset + tileDataLength;
  const leafOffset = metadataOffset + metadata.length;

  let root: Uint8Array;
  const leaves: Uint8Array[] = [];
  if (sorted.length <= LEAF_ENTRIES) {
    root = serializeDirectory(sorted);
  } else {
    const rootEntries: DirEntry[] = [];
    let at = 0;
    for (let i = 0; i < sorted.length; i += LEAF_ENTRIES) {
      const chunk = sorted.slice(i, i + LEAF_ENTRIES);
      const leaf = serializeDirectory(chunk);
      rootEntries.push({tileId: chunk[0]!.tileId, offset: at, length: leaf.length, runLength: 0});
      leaves.push(leaf);
      at += leaf.length;
    }
    root = serializeDirectory(rootEntries);
  }
  if (HEADER_BYTES + root.length > PMTILES_RESERVED_BYTES) throw new Error(`pmtilesFinish: root directory of ${root.length} bytes does not fit`);
  const leafLength = leaves.reduce((n, l) => n + l.length, 0);

  const head = new Uint8Array(HEADER_BYTES + root.length);
  const v = new DataView(head.buffer);
  head.set(new TextEncoder().encode('PMTiles'), 0);
  v.setUint8(7, 3);
  const u64 = (at: number, n: number) => {
    v.setUint32(at, n % 2 ** 32, true);
    v.setUint32(at + 4, Math.floor(n / 2 ** 32), true);
  };
  u64(8, HEADER_BYTES);
  u64(16, root.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, leafOffset);
  u64(48, leafLength);
  u64(56, tileDataOffset);
  u64(64, tileDataLength);
  u64(72, sorted.length);
  u64(80, sorted.length);
  u64(88, sorted.length);
  // Not clustered: tiles are stored in the order they were made (a quadtree walk), not by tile id.
  v.setUint8(96, 0);
  v.setUint8(97, 1); // internal compression: none
  v.setUint8(98, 1); // tile compression: none
  v.setUint8(99, o.tileType);
  v.setUint8(100, o.minZoom);
  v.setUint8(101, o.maxZoom);
  const e7 = (deg: number) => Math.round(deg * 1e7);
  const [w, s, e, n] = o.bounds;
  v.setInt32(102, e7(w), true);
  v.setInt32(106, e7(s), true);
  v.setInt32(110, e7(e), true);
  v.setInt32(114, e7(n), true);
  v.setUint8(118, o.maxZoom);
  v.setInt32(119, e7((w + e) / 2), true);
  v.setInt32(123, e7((s + n) / 2), true);
  head.set(root, HEADER_BYTES);

  const tail = new Uint8Array(metadata.length + leafLength);
  tail.set(metadata, 0);
  let at = metadata.length;
  for (const l of leaves) {
    tail.set(l, at);
    at += l.length;
  }
  return {head, tail};
}
