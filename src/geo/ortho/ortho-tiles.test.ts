import {describe, expect, it} from 'vitest';
import {applyAffine, invertAffine, orthoCrsFromEpsg} from './ortho-georef';
import type {Affine, OrthoCrs} from './ortho-georef';
import {
  GRID_STEP, groundMetersPerPixel, gridLookup, gridWindow, lonLatFromMercator, mercatorFromLonLat, orthoZooms,
  sourceMetersPerPixel, tileBounds, tilePixelToMercator, tileRange, tileSourceGrid,
} from './ortho-tiles';

const crs = (code: number): OrthoCrs => {
  const r = orthoCrsFromEpsg(code);
  if (!r.ok) throw new Error(`no ${code}`);
  return r.crs;
};

/** 0.5 m pixels, north-up, top-left corner 2 km west and north of Qiaotou in EPSG:4522. */
function datongAffine(): Affine {
  const [x, y] = crs(4522).fromLonLat(101.69, 36.95);
  return [x - 2000, 0.5, 0, y + 2000, 0, -0.5];
}

describe('Web Mercator', () => {
  it('round-trips a Datong position and puts z0’s centre at 0, 0', () => {
    const [x, y] = mercatorFromLonLat(101.69, 36.95);
    const [lon, lat] = lonLatFromMercator(x, y);
    expect(lon).toBeCloseTo(101.69, 10);
    expect(lat).toBeCloseTo(36.95, 10);
    expect(tilePixelToMercator(0, 0, 0, 128, 128)).toEqual([0, 0]);
  });

  it('names the z16 tile of Qiaotou as the slippy-map formula does', () => {
    const n = 2 ** 16;
    const lat = (36.95 * Math.PI) / 180;
    const x = Math.floor(((101.69 + 180) / 360) * n);
    const y = Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n);
    expect(tileRange([101.69, 36.95, 101.69, 36.95], 16)).toEqual({x0: x, y0: y, x1: x, y1: y});
    const [w, s, e, nn] = tileBounds(16, x, y);
    expect(w <= 101.69 && 101.69 < e && s < 36.95 && 36.95 <= nn).toBe(true);
  });
});

describe('orthoZooms', () => {
  it('cuts a 0.5 m ortho at 37°N down to z18 (0.48 m) and a 2 m one to z16, six zooms deep', () => {
    expect(groundMetersPerPixel(18, 37)).toBeCloseTo(0.477, 3);
    expect(orthoZooms(0.5, 37)).toEqual({minZoom: 12, maxZoom: 18});
    expect(orthoZooms(2, 37)).toEqual({minZoom: 10, maxZoom: 16});
    expect(orthoZooms(0.02, 37).maxZoom).toBe(20);
  });

  it('measures the source pixel on the ground (Gauss-Krüger scale is ≈1 near the central meridian)', () => {
    expect(sourceMetersPerPixel(datongAffine(), 8000, 8000, crs(4522))).toBeCloseTo(0.5, 3);
  });
});

describe('tileSourceGrid', () => {
  it('places every pixel of a z18 tile over Qiaotou within 0.01 source pixel of the exact reprojection', () => {
    const affine = datongAffine();
    const c = crs(4522);
    const n = 2 ** 18;
    const lat = (36.95 * Math.PI) / 180;
    const x = Math.floor(((101.69 + 180) / 360) * n);
    const y = Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n);
    const grid = tileSourceGrid(18, x, y, affine, c);
    const inverse = invertAffine(affine);
    let worst = 0;
    for (let py = 0.5; py < 256; py += 7) {
      for (let px = 0.5; px < 256; px += 7) {
        const [lon, la] = lonLatFromMercator(...tilePixelToMercator(18, x, y, px, py));
        const exact = applyAffine(inverse, ...c.fromLonLat(lon, la));
        const approx = gridLookup(grid, px, py);
        worst = Math.max(worst, Math.hypot(exact[0] - approx[0], exact[1] - approx[1]));
      }
    }
    expect(worst).toBeLessThan(0.01);
    // Qiaotou itself is 2 km (4000 px) from the image's top-left corner in each direction.
    const [mx, my] = mercatorFromLonLat(101.69, 36.95);
    const size = (2 * Math.PI * 6378137) / n;
    const px = ((mx + Math.PI * 6378137) / size - x) * 256;
    const py = ((Math.PI * 6378137 - my) / size - y) * 256;
    const [col, row] = gridLookup(grid, px, py);
    expect(col).toBeCloseTo(4000, 1);
    expect(row).toBeCloseTo(4000, 1);
    expect(GRID_STEP).toBe(16);
  });

  it('gives the source window a tile needs, clipped to the image, and none for a tile outside it', () => {
    const affine = datongAffine();
    const [x, y] = [tileRange([101.69, 36.95, 101.69, 36.95], 18).x0, tileRange([101.69, 36.95, 101.69, 36.95], 18).y0];
    const w = gridWindow(tileSourceGrid(18, x, y, affine, crs(4522)), 8000, 8000)!;
    // A z18 tile is ≈122 m across here: ≈245 source pixels plus the margin.
    expect(w[2] - w[0]).toBeGreaterThan(240);
    expect(w[2] - w[0]).toBeLessThan(260);
    expect(gridWindow(tileSourceGrid(18, x + 100, y, affine, crs(4522)), 8000, 8000)).toBeNull();
  });
});
