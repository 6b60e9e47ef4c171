import {deflateSync} from 'node:zlib';
import {jpegYcbcrEncoder} from './jpeg-ycbcr';

/*
 * A Cloud-Optimised GeoTIFF laid out as GDAL 3.6 writes one with
 * `gdal_translate -of COG -co COMPRESS=JPEG` from an RGBA image (which is what
 * `gdal_translate -co COMPRESS=JPEG -co PHOTOMETRIC=YCBCR -mask 4` plus `gdaladdo` amounts to),
 * made in the test run. Compared tag by tag with tiffdump on GDAL's own file:
 *  - header, then GDAL's "ghost" structural metadata (LAYOUT=IFDS_BEFORE_DATA, BLOCK_LEADER=SIZE_AS_UINT4,
 *    BLOCK_TRAILER=LAST_4_BYTES_REPEATED, MASK_INTERLEAVED_WITH_IMAGERY=YES), then every IFD, then the tiles;
 *  - IFD order: full resolution, its mask, then each overview followed by its mask;
 *  - image IFDs: Compression 7, Photometric 6, 8/8/8 bits, PlanarConfig 1, tiles, SampleFormat 1/1/1,
 *    JPEGTables (quantisation tables only), YCbCrSubSampling 2 2, ReferenceBlackWhite 0 255 128 255 128 255;
 *    GeoTIFF tags on the first only; overviews NewSubfileType 1;
 *  - mask IFDs: NewSubfileType 4 (full) / 5 (overviews), 1 bit, Deflate, Photometric 4 (transparency mask), Predictor 1;
 *  - tile data from the smallest overview to full resolution, each image tile followed by its mask tile,
 *    each with its 4-byte size before it and its last 4 bytes repeated after it.
 * SYNTHETIC pictures only (the pixel function is the test's).
 */

export type Rgb = readonly [number, number, number];

export type CogSpec = {
  readonly width: number;
  readonly height: number;
  /** GDAL's COG default is 512. */
  readonly tileSize?: number;
  /** The colour of full-resolution pixel (col, row); overviews sample it every 2^k pixels. */
  readonly pixel: (col: number, row: number) => Rgb;
  /** Where the image has data; with it the file has GDAL's internal masks (else none). */
  readonly opaque?: (col: number, row: number) => boolean;
  /** Internal overview levels (2×, 4×, …). */
  readonly overviews?: number;
  /** Georeferencing: projected (metres, e.g. 4522, 3857) or geographic (degrees, 4490). */
  readonly geo: {readonly epsg: number; readonly geographic?: boolean; readonly west: number; readonly north: number; readonly pixelSize: number};
  readonly quality?: number;
  /**
   * Tiles with the same key are encoded once and share their bytes (a large image in few bytes,
   * as a real file never would). The first tile with a key decides its pixels.
   */
  readonly tileKey?: (col: number, row: number, level: number) => string;
};

type Tag = {tag: number; type: 2 | 3 | 4 | 5 | 7 | 12; values: readonly number[] | Uint8Array | string};
const TYPE_SIZE = {2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 12: 8} as const;

type Level = {width: number; height: number; scale: number; across: number; down: number};

export function gdalStyleCog(spec: CogSpec): Uint8Array {
  const tileSize = spec.tileSize ?? 512;
  const jpeg = jpegYcbcrEncoder(spec.quality ?? 75);
  const levels: Level[] = [];
  for (let k = 0; k <= (spec.overviews ?? 0); k++) {
    const scale = 2 ** k;
    const width = Math.ceil(spec.width / scale), height = Math.ceil(spec.height / scale);
    levels.push({width, height, scale, across: Math.ceil(width / tileSize), down: Math.ceil(height / tileSize)});
  }
  const masked = spec.opaque !== undefined;

  // The tiles' bytes, shared by key.
  const shared = new Map<string, Uint8Array>();
  const tileBytes = (level: Level, k: number, col: number, row: number, mask: boolean): Uint8Array => {
    const key = spec.tileKey ? `${mask ? 'm' : 'i'}${spec.tileKey(col, row, k)}` : `${mask ? 'm' : 'i'}${k}/${col}/${row}`;
    const hit = shared.get(key);
    if (hit) return hit;
    const at = (x: number, y: number) => [Math.min(spec.width - 1, (col * tileSize + x) * level.scale), Math.min(spec.height - 1, (row * tileSize + y) * level.scale)] as const;
    let bytes: Uint8Array;
    if (mask) {
      // 1 bit a pixel, most significant first, each row padded to a byte; 1 = data (TIFF 6.0, PhotometricInterpretation 4).
      const rowBytes = tileSize / 8;
      const bits = new Uint8Array(rowBytes * tileSize);
      for (let y = 0; y < tileSize; y++) {
        for (let x = 0; x < tileSize; x++) {
          const inside = col * tileSize + x < level.width && row * tileSize + y < level.height;
          if (inside && spec.opaque!(...at(x, y))) bits[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
        }
      }
      bytes = new Uint8Array(deflateSync(bits));
    } else {
      const rgb = new Uint8Array(tileSize * tileSize * 3);
      for (let y = 0; y < tileSize; y++) for (let x = 0; x < tileSize; x++) rgb.set(spec.pixel(...at(x, y)), (y * tileSize + x) * 3);
      bytes = jpeg.encode(rgb, tileSize, tileSize);
    }
    shared.set(key, bytes);
    return bytes;
  };

  const ghost = [
    'GDAL_STRUCTURAL_METADATA_SIZE=000000 bytes',
    'LAYOUT=IFDS_BEFORE_DATA',
    'BLOCK_ORDER=ROW_MAJOR',
    'BLOCK_LEADER=SIZE_AS_UINT4',
    'BLOCK_TRAILER=LAST_4_BYTES_REPEATED',
    'KNOWN_INCOMPATIBLE_EDITION=NO',
    ...(masked ? ['MASK_INTERLEAVED_WITH_IMAGERY=YES'] : []),
    ' ',
  ].join('\n');
  const ghostText = ghost.replace('000000', String(ghost.length - 'GDAL_STRUCTURAL_METADATA_SIZE=000000 bytes\n'.length).padStart(6, '0'));

  const {geo} = spec;
  const geoKeys = geo.geographic
    ? [1, 1, 0, 3, 1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, geo.epsg]
    : [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, geo.epsg];
  const short = (n: number) => (n < 65536 ? 3 : 4) as 3 | 4;

  // Each IFD's tags; tile offsets and counts are filled once the data is placed.
  type Dir = {level: Level; k: number; mask: boolean; tags: Tag[]};
  const dirs: Dir[] = [];
  levels.forEach((level, k) => {
    const tiles = level.across * level.down;
    const common = (mask: boolean): Tag[] => [
      ...(k > 0 || mask ? [{tag: 254, type: 4 as const, values: [(mask ? 4 : 0) | (k > 0 ? 1 : 0)]}] : []),
      {tag: 256, type: short(level.width), values: [level.width]},
      {tag: 257, type: short(level.height), values: [level.height]},
      {tag: 258, type: 3, values: mask ? [1] : [8, 8, 8]},
      {tag: 259, type: 3, values: [mask ? 8 : 7]},
      {tag: 262, type: 3, values: [mask ? 4 : 6]},
      {tag: 277, type: 3, values: [mask ? 1 : 3]},
      {tag: 284, type: 3, values: [1]},
      ...(mask ? [{tag: 317, type: 3 as const, values: [1]}] : []),
      {tag: 322, type: 3, values: [tileSize]},
      {tag: 323, type: 3, values: [tileSize]},
      {tag: 324, type: 4, values: new Array<number>(tiles).fill(0)},
      {tag: 325, type: 4, values: new Array<number>(tiles).fill(0)},
      {tag: 339, type: 3, values: mask ? [1] : [1, 1, 1]},
    ];
    const image = common(false);
    image.push(
      {tag: 347, type: 7, values: jpeg.tables},
      {tag: 530, type: 3, values: [2, 2]},
      {tag: 532, type: 5, values: [0, 1, 255, 1, 128, 1, 255, 1, 128, 1, 255, 1]},
    );
    if (k === 0) {
      image.push(
        {tag: 33550, type: 12, values: [geo.pixelSize, geo.pixelSize, 0]},
        {tag: 33922, type: 12, values: [0, 0, 0, geo.west, geo.north, 0]},
        {tag: 34735, type: 3, values: geoKeys},
      );
    }
    dirs.push({level, k, mask: false, tags: image});
    if (masked) dirs.push({level, k, mask: true, tags: common(true)});
  });

  // Sizes: header, ghost, then each IFD with its out-of-line values (kept word-aligned).
  const valueBytes = (t: Tag) => (typeof t.values === 'string' ? t.values.length + 1 : t.values.length * TYPE_SIZE[t.type] / (t.type === 5 ? 2 : 1));
  const dirBytes = (d: Dir) => 2 + d.tags.length * 12 + 4 + d.tags.reduce((n, t) => n + (valueBytes(t) > 4 ? valueBytes(t) + (valueBytes(t) % 2) : 0), 0);
  const firstIfd = 8 + ghostText.length + (ghostText.length % 2);
  const ifdAt: number[] = [];
  let cursor = firstIfd;
  for (const d of dirs) {
    ifdAt.push(cursor);
    cursor += dirBytes(d);
  }

  // Tile data: smallest overview first; each image tile, then its mask tile.
  const chunks: {at: number; bytes: Uint8Array}[] = [];
  for (let k = levels.length - 1; k >= 0; k--) {
    const level = levels[k]!;
    const imageDir = dirs.find((d) => d.k === k && !d.mask)!;
    const maskDir = dirs.find((d) => d.k === k && d.mask);
    for (let row = 0; row < level.down; row++) {
      for (let col = 0; col < level.across; col++) {
        const index = row * level.across + col;
        for (const [dir, mask] of [[imageDir, false], [maskDir, true]] as const) {
          if (!dir) continue;
          const bytes = tileBytes(level, k, col, row, mask);
          cursor += 4; // leader: the size as a uint32
          (dir.tags.find((t) => t.tag === 324)!.values as number[])[index] = cursor;
          (dir.tags.find((t) => t.tag === 325)!.values as number[])[index] = bytes.length;
          chunks.push({at: cursor, bytes});
          cursor += bytes.length + 4; // trailer: the last 4 bytes again
        }
      }
    }
  }

  const out = new Uint8Array(cursor);
  const v = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0], 0);
  v.setUint32(4, firstIfd, true);
  out.set(new TextEncoder().encode(ghostText), 8);
  dirs.forEach((d, i) => {
    const start = ifdAt[i]!;
    const tags = [...d.tags].sort((a, b) => a.tag - b.tag);
    v.setUint16(start, tags.length, true);
    let extra = start + 2 + tags.length * 12 + 4;
    tags.forEach((t, j) => {
      const e = start + 2 + j * 12;
      const bytes = valueBytes(t);
      v.setUint16(e, t.tag, true);
      v.setUint16(e + 2, t.type, true);
      v.setUint32(e + 4, typeof t.values === 'string' ? bytes : t.type === 5 ? t.values.length / 2 : t.values.length, true);
      let at = e + 8;
      if (bytes > 4) {
        v.setUint32(e + 8, extra, true);
        at = extra;
        extra += bytes + (bytes % 2);
      }
      const values = typeof t.values === 'string' ? new TextEncoder().encode(t.values) : t.values;
      const size = t.type === 5 ? 4 : TYPE_SIZE[t.type];
      for (let k = 0; k < values.length; k++) {
        const x = values[k]!;
        if (size === 1) v.setUint8(at + k, x);
        else if (size === 2) v.setUint16(at + k * 2, x, true);
        else if (size === 4) v.setUint32(at + k * 4, x, true);
        else v.setFloat64(at + k * 8, x, true);
      }
    });
    v.setUint32(start + 2 + tags.length * 12, i + 1 < dirs.length ? ifdAt[i + 1]! : 0, true);
  });
  for (const {at, bytes} of chunks) {
    v.setUint32(at - 4, bytes.length, true);
    out.set(bytes, at);
    out.set(bytes.subarray(bytes.length - 4), at + bytes.length);
  }
  return out;
}
