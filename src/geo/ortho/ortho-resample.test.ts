import {describe, expect, it} from 'vitest';
import {downsampleQuad, renderTile} from './ortho-resample';
import {GRID_STEP, TILE_SIZE} from './ortho-tiles';

/** A grid mapping tile pixel (px, py) to source (px / 2, py / 2): the source is half the tile's resolution. */
function halfGrid(offset = 0): Float64Array {
  const n = TILE_SIZE / GRID_STEP + 1;
  const g = new Float64Array(n * n * 2);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
    g[(j * n + i) * 2] = (i * GRID_STEP) / 2 + offset;
    g[(j * n + i) * 2 + 1] = (j * GRID_STEP) / 2;
  }
  return g;
}

const pixel = (rgba: Uint8ClampedArray, x: number, y: number) => [...rgba.slice((y * TILE_SIZE + x) * 4, (y * TILE_SIZE + x) * 4 + 4)];

describe('renderTile', () => {
  it('samples a two-colour source bilinearly, blending only across the seam', () => {
    // 128 × 128 source: left half red, right half blue.
    const data = new Uint8Array(128 * 128 * 3);
    for (let i = 0; i < 128 * 128; i++) data.set((i % 128) < 64 ? [255, 0, 0] : [0, 0, 255], i * 3);
    const tile = renderTile(halfGrid(), {data, width: 128, height: 128, channels: 3, window: [0, 0, 128, 128], imageWidth: 128, imageHeight: 128, maxValue: 255, nodata: null})!;
    expect(pixel(tile, 10, 10)).toEqual([255, 0, 0, 255]);
    expect(pixel(tile, 200, 10)).toEqual([0, 0, 255, 255]);
    const seam = pixel(tile, 128, 10);
    expect(seam[0]).toBeGreaterThan(50);
    expect(seam[2]).toBeGreaterThan(50);
  });

  it('leaves pixels outside the image, of nodata or of zero alpha transparent', () => {
    const data = new Uint8Array(128 * 128 * 4);
    for (let i = 0; i < 128 * 128; i++) data.set(i % 128 < 32 ? [0, 0, 0, 255] : i % 128 < 64 ? [9, 9, 9, 0] : [90, 90, 90, 255], i * 4);
    // Shifted 64 source pixels right: the tile's right half falls beyond the image.
    const tile = renderTile(halfGrid(64), {data, width: 128, height: 128, channels: 4, window: [0, 0, 128, 128], imageWidth: 128, imageHeight: 128, maxValue: 255, nodata: 0})!;
    expect(pixel(tile, 60, 10)).toEqual([90, 90, 90, 255]);
    expect(pixel(tile, 200, 10)[3]).toBe(0);
    const none = renderTile(halfGrid(), {data, width: 128, height: 128, channels: 4, window: [0, 0, 128, 128], imageWidth: 128, imageHeight: 128, maxValue: 255, nodata: 0})!;
    expect(pixel(none, 10, 10)[3]).toBe(0);
    expect(pixel(none, 90, 10)[3]).toBe(0);
  });

  it('scales 16-bit samples to 8 bits and gives null for a tile wholly outside the image', () => {
    const data = new Uint16Array(128 * 128 * 3).fill(65535);
    const tile = renderTile(halfGrid(), {data, width: 128, height: 128, channels: 3, window: [0, 0, 128, 128], imageWidth: 128, imageHeight: 128, maxValue: 65535, nodata: null})!;
    expect(pixel(tile, 5, 5)).toEqual([255, 255, 255, 255]);
    expect(renderTile(halfGrid(500), {data, width: 128, height: 128, channels: 3, window: [0, 0, 128, 128], imageWidth: 128, imageHeight: 128, maxValue: 65535, nodata: null})).toBeNull();
  });
});

describe('downsampleQuad', () => {
  it('puts each child in its quarter, averaging 2×2 pixels with their alpha', () => {
    const solid = (r: number, a = 255) => {
      const t = new Uint8ClampedArray(TILE_SIZE * TILE_SIZE * 4);
      for (let i = 0; i < TILE_SIZE * TILE_SIZE; i++) t.set([r, 0, 0, a], i * 4);
      return t;
    };
    const half = solid(200);
    for (let y = 0; y < TILE_SIZE; y++) for (let x = 0; x < TILE_SIZE; x += 2) half[(y * TILE_SIZE + x) * 4 + 3] = 0;
    const parent = downsampleQuad([solid(100), null, half, solid(50)])!;
    expect(pixel(parent, 10, 10)).toEqual([100, 0, 0, 255]);
    expect(pixel(parent, 200, 10)[3]).toBe(0);
    // Half the bottom-left child's pixels are transparent: the colour stays, the alpha halves.
    expect(pixel(parent, 10, 200)).toEqual([200, 0, 0, 128]);
    expect(pixel(parent, 200, 200)).toEqual([50, 0, 0, 255]);
    expect(downsampleQuad([null, null, null, null])).toBeNull();
  });
});
