/*
 * A baseline JPEG encoder (ITU-T T.81) for the tests' GDAL-style COGs, written by hand because
 * the one on npm (jpeg-js) writes 4:4:4 only, and GDAL's YCbCr JPEG tiles are 4:2:0
 * (YCbCrSubSampling 2 2). It writes what libtiff's JPEG codec writes for
 * `gdal_translate -co COMPRESS=JPEG -co PHOTOMETRIC=YCBCR` (checked against GDAL 3.6's output with
 * tiffdump and a marker dump):
 *  - the TIFF's JPEGTables hold only the quantisation tables: SOI, DQT (luma), DQT (chroma), EOI;
 *  - each tile is an abbreviated stream: SOI, SOF0 (components 1: 2×2, q0; 2 and 3: 1×1, q1),
 *    four DHT segments (GDAL optimises the Huffman tables per tile), SOS, data, EOI — no JFIF APP0,
 *    no Adobe marker, so the samples are YCbCr and the TIFF reader converts them.
 * The Huffman tables here give every symbol an 8-bit code (valid: 162 AC symbols < 255 codes), not
 * GDAL's optimised ones: a decoder reads either the same way.
 */

/** The JPEG standard's example quantisation tables (T.81 Annex K.1), in natural (row-major) order. */
const LUMA_Q = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_Q = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
  ...new Array<number>(32).fill(99),
];

/** ZIGZAG[k] = the natural index of the k-th coefficient in zigzag order. */
const ZIGZAG = (() => {
  const order: number[] = [];
  for (let s = 0; s < 15; s++) {
    const cells: number[] = [];
    for (let row = 0; row < 8; row++) {
      const col = s - row;
      if (col >= 0 && col < 8) cells.push(row * 8 + col);
    }
    // Odd diagonals run down-left (row rising), even ones up-right.
    order.push(...(s % 2 === 1 ? cells : cells.reverse()));
  }
  return order;
})();

/** libjpeg's quality scaling (jcparam.c, jpeg_quality_scaling). */
function scaled(table: readonly number[], quality: number): number[] {
  const q = quality < 50 ? 5000 / quality : 200 - quality * 2;
  return table.map((v) => Math.min(255, Math.max(1, Math.floor((v * q + 50) / 100))));
}

const COS = (() => {
  const c = new Float64Array(64);
  for (let x = 0; x < 8; x++) for (let u = 0; u < 8; u++) c[x * 8 + u] = Math.cos(((2 * x + 1) * u * Math.PI) / 16) * (u === 0 ? Math.SQRT1_2 : 1);
  return c;
})();

/** The 8×8 forward DCT (T.81 A.3.3), quantised, in zigzag order. */
function dctQuantise(block: Float64Array, q: readonly number[]): Int32Array {
  const tmp = new Float64Array(64);
  for (let y = 0; y < 8; y++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0;
      for (let x = 0; x < 8; x++) sum += block[y * 8 + x]! * COS[x * 8 + u]!;
      tmp[y * 8 + u] = sum / 2;
    }
  }
  const out = new Int32Array(64);
  for (let k = 0; k < 64; k++) {
    const natural = ZIGZAG[k]!;
    const v = natural >> 3, u = natural & 7;
    let sum = 0;
    for (let y = 0; y < 8; y++) sum += tmp[y * 8 + u]! * COS[y * 8 + v]!;
    out[k] = Math.round(sum / 2 / q[natural]!);
  }
  return out;
}

/** Symbols of a table: DC categories 0–11; AC (run << 4 | size) for runs 0–15, sizes 1–10, EOB and ZRL. */
const DC_SYMBOLS = Array.from({length: 12}, (_, i) => i);
const AC_SYMBOLS = [0x00, 0xf0, ...Array.from({length: 160}, (_, i) => ((i / 10) | 0) * 16 + (i % 10) + 1)];
const codesOf = (symbols: readonly number[]) => new Map(symbols.map((s, i) => [s, i]));
const DC_CODES = codesOf(DC_SYMBOLS);
const AC_CODES = codesOf(AC_SYMBOLS);

function dht(tableClass: 0 | 1, id: number, symbols: readonly number[]): number[] {
  const bits = new Array<number>(16).fill(0);
  bits[7] = symbols.length;
  const length = 2 + 1 + 16 + symbols.length;
  return [0xff, 0xc4, length >> 8, length & 0xff, (tableClass << 4) | id, ...bits, ...symbols];
}

function dqt(id: number, table: readonly number[]): number[] {
  return [0xff, 0xdb, 0, 67, id, ...ZIGZAG.map((n) => table[n]!)];
}

class BitWriter {
  readonly bytes: number[] = [];
  private acc = 0;
  private count = 0;
  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }
  private flushByte(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0); // byte stuffing (T.81 F.1.2.3)
    this.acc = 0;
    this.count = 0;
  }
  /** Pads the last byte with 1-bits (T.81 F.1.2.3). */
  finish(): number[] {
    while (this.count !== 0) this.write(1, 1);
    return this.bytes;
  }
}

const category = (v: number) => (v === 0 ? 0 : 32 - Math.clz32(Math.abs(v)));
const magnitude = (v: number, size: number) => (v < 0 ? v + (1 << size) - 1 : v);

function encodeBlock(w: BitWriter, coefficients: Int32Array, previousDc: number): number {
  const diff = coefficients[0]! - previousDc;
  const dcSize = category(diff);
  w.write(DC_CODES.get(dcSize)!, 8);
  if (dcSize) w.write(magnitude(diff, dcSize), dcSize);
  let run = 0;
  for (let k = 1; k < 64; k++) {
    const v = coefficients[k]!;
    if (v === 0) {
      run++;
      continue;
    }
    while (run > 15) {
      w.write(AC_CODES.get(0xf0)!, 8);
      run -= 16;
    }
    const size = category(v);
    w.write(AC_CODES.get((run << 4) | size)!, 8);
    w.write(magnitude(v, size), size);
    run = 0;
  }
  if (run > 0) w.write(AC_CODES.get(0x00)!, 8);
  return coefficients[0]!;
}

export type JpegYcbcr = {
  /** The TIFF JPEGTables tag's value: SOI, the two DQT segments, EOI. */
  readonly tables: Uint8Array;
  /** One tile (`width` and `height` multiples of 16) as an abbreviated JPEG stream; rgb is interleaved RGB. */
  encode(rgb: Uint8Array, width: number, height: number): Uint8Array;
};

/** An encoder with libjpeg's quality scaling (GDAL's JPEG_QUALITY defaults to 75). */
export function jpegYcbcrEncoder(quality = 75): JpegYcbcr {
  const lumaQ = scaled(LUMA_Q, quality);
  const chromaQ = scaled(CHROMA_Q, quality);
  const tables = new Uint8Array([0xff, 0xd8, ...dqt(0, lumaQ), ...dqt(1, chromaQ), 0xff, 0xd9]);
  const huffman = [...dht(0, 0, DC_SYMBOLS), ...dht(1, 0, AC_SYMBOLS), ...dht(0, 1, DC_SYMBOLS), ...dht(1, 1, AC_SYMBOLS)];

  function encode(rgb: Uint8Array, width: number, height: number): Uint8Array {
    if (width % 16 || height % 16) throw new Error('tile sides must be multiples of 16');
    // JFIF's full-range YCbCr (libjpeg's RGB → YCbCr, jccolor.c), level-shifted by 128 for the DCT.
    const luma = new Float64Array(width * height);
    const cb = new Float64Array(width * height);
    const cr = new Float64Array(width * height);
    for (let i = 0; i < width * height; i++) {
      const r = rgb[i * 3]!, g = rgb[i * 3 + 1]!, b = rgb[i * 3 + 2]!;
      luma[i] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
      cb[i] = -0.168736 * r - 0.331264 * g + 0.5 * b;
      cr[i] = 0.5 * r - 0.418688 * g - 0.081312 * b;
    }
    const w = new BitWriter();
    const dc = [0, 0, 0];
    const block = new Float64Array(64);
    for (let my = 0; my < height; my += 16) {
      for (let mx = 0; mx < width; mx += 16) {
        // Four luma blocks in raster order, then one Cb and one Cr averaged over 2×2 pixels (T.81 A.2.3).
        for (const [bx, by] of [[0, 0], [8, 0], [0, 8], [8, 8]] as const) {
          for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) block[y * 8 + x] = luma[(my + by + y) * width + mx + bx + x]!;
          dc[0] = encodeBlock(w, dctQuantise(block, lumaQ), dc[0]!);
        }
        for (const [c, plane] of [[1, cb], [2, cr]] as const) {
          for (let y = 0; y < 8; y++) {
            for (let x = 0; x < 8; x++) {
              const at = (my + 2 * y) * width + mx + 2 * x;
              block[y * 8 + x] = (plane[at]! + plane[at + 1]! + plane[at + width]! + plane[at + width + 1]!) / 4;
            }
          }
          dc[c] = encodeBlock(w, dctQuantise(block, chromaQ), dc[c]!);
        }
      }
    }
    const sof = [0xff, 0xc0, 0, 17, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
    const sos = [0xff, 0xda, 0, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0];
    return new Uint8Array([0xff, 0xd8, ...sof, ...huffman, ...sos, ...w.finish(), 0xff, 0xd9]);
  }

  return {tables, encode};
}
