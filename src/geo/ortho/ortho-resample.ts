import {GRID_STEP, TILE_SIZE} from './ortho-tiles';

/*
 * Filling a Web-Mercator tile from the source pixels: bilinear between the four nearest source
 * pixel centres, with pixels outside the image, of zero alpha or equal to the file's nodata value
 * counting for nothing (they make the tile transparent there, not dark). Lower zooms are made
 * from the four tiles below by 2×2 averaging (a box filter, as gdal2tiles' "average").
 */

/** A block of decoded source pixels, `channels` samples a pixel (3 RGB or 4 RGBA), interleaved. */
export type SourceWindow = {
  readonly data: ArrayLike<number>;
  /** Pixels in `data`, across and down. */
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
  /** The source pixel window [col0, row0, col1, row1) the block was read from (it may have been read at a lower resolution). */
  readonly window: readonly [number, number, number, number];
  /** The full image's size, in source pixels. */
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** Samples are 8-bit (255) or 16-bit (65 535). */
  readonly maxValue: number;
  /** GDAL_NODATA: a pixel whose samples all equal it is no data. */
  readonly nodata: number | null;
};

/** An RGBA tile, TILE_SIZE² pixels, or null when nothing of the image falls in it. */
export type TileRgba = Uint8ClampedArray;

export function renderTile(grid: Float64Array, src: SourceWindow): TileRgba | null {
  const out = new Uint8ClampedArray(TILE_SIZE * TILE_SIZE * 4);
  const [c0, r0, c1, r1] = src.window;
  const sx = src.width / (c1 - c0);
  const sy = src.height / (r1 - r0);
  const scale = 255 / src.maxValue;
  const {data, channels, width, height, nodata, imageWidth, imageHeight} = src;
  const points = TILE_SIZE / GRID_STEP + 1;
  let any = false;
  // The grid lookup of ortho-tiles.ts (gridLookup), inlined: this loop runs 65 536 times a tile.
  for (let py = 0; py < TILE_SIZE; py++) {
    const fy = (py + 0.5) / GRID_STEP;
    const gy = Math.min(points - 2, Math.floor(fy));
    const ty = fy - gy;
    for (let px = 0; px < TILE_SIZE; px++) {
      const fx = (px + 0.5) / GRID_STEP;
      const gx = Math.min(points - 2, Math.floor(fx));
      const tx = fx - gx;
      const a00 = (gy * points + gx) * 2, a10 = a00 + 2, a01 = a00 + points * 2, a11 = a01 + 2;
      const col = (grid[a00]! * (1 - tx) + grid[a10]! * tx) * (1 - ty) + (grid[a01]! * (1 - tx) + grid[a11]! * tx) * ty;
      const row = (grid[a00 + 1]! * (1 - tx) + grid[a10 + 1]! * tx) * (1 - ty) + (grid[a01 + 1]! * (1 - tx) + grid[a11 + 1]! * tx) * ty;
      if (!(col >= 0 && row >= 0 && col < imageWidth && row < imageHeight)) continue;
      // Position in the block, relative to its pixel centres.
      const u = Math.min(width - 1, Math.max(0, (col - c0) * sx - 0.5));
      const v = Math.min(height - 1, Math.max(0, (row - r0) * sy - 0.5));
      const i0 = Math.floor(u), j0 = Math.floor(v);
      const i1 = Math.min(width - 1, i0 + 1), j1 = Math.min(height - 1, j0 + 1);
      const fu = u - i0, fv = v - j0;
      let a = 0, r = 0, g = 0, b = 0;
      for (let k = 0; k < 4; k++) {
        const at = ((k < 2 ? j0 : j1) * width + (k % 2 === 0 ? i0 : i1)) * channels;
        const weight = (k % 2 === 0 ? 1 - fu : fu) * (k < 2 ? 1 - fv : fv);
        const sr = data[at]!, sg = data[at + 1]!, sb = data[at + 2]!;
        if (nodata !== null && sr === nodata && sg === nodata && sb === nodata) continue;
        const w = weight * (channels === 4 ? data[at + 3]! * scale : 255);
        a += w;
        r += w * sr;
        g += w * sg;
        b += w * sb;
      }
      if (a <= 0) continue;
      const o = (py * TILE_SIZE + px) * 4;
      out[o] = (r / a) * scale;
      out[o + 1] = (g / a) * scale;
      out[o + 2] = (b / a) * scale;
      out[o + 3] = a;
      any = true;
    }
  }
  return any ? out : null;
}

/** A tile from its four children (top-left, top-right, bottom-left, bottom-right), averaged with their alpha. */
export function downsampleQuad(children: readonly (TileRgba | null)[]): TileRgba | null {
  if (children.every((c) => c === null)) return null;
  const out = new Uint8ClampedArray(TILE_SIZE * TILE_SIZE * 4);
  const half = TILE_SIZE / 2;
  for (let q = 0; q < 4; q++) {
    const child = children[q];
    if (!child) continue;
    const ox = (q % 2) * half, oy = Math.floor(q / 2) * half;
    for (let y = 0; y < half; y++) {
      for (let x = 0; x < half; x++) {
        let a = 0, r = 0, g = 0, b = 0;
        for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
          const i = ((2 * y + dy) * TILE_SIZE + 2 * x + dx) * 4;
          const w = child[i + 3]!;
          a += w;
          r += w * child[i]!;
          g += w * child[i + 1]!;
          b += w * child[i + 2]!;
        }
        if (a === 0) continue;
        const o = ((oy + y) * TILE_SIZE + ox + x) * 4;
        out[o] = r / a;
        out[o + 1] = g / a;
        out[o + 2] = b / a;
        out[o + 3] = a / 4;
      }
    }
  }
  return out;
}
