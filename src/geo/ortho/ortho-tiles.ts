import type {BBox} from '../bbox';
import {applyAffine, invertAffine} from './ortho-georef';
import type {Affine, OrthoCrs} from './ortho-georef';

/*
 * The Web-Mercator tile grid an orthophoto is cut into, and the map from a tile's pixels back
 * to the source image's pixels. Spherical Mercator on the WGS 84 semi-major axis (EPSG:3857,
 * as MapLibre draws it); tiles are slippy-map tiles of 256 pixels.
 */

export const TILE_SIZE = 256;
const R = 6378137;
const HALF_WORLD = Math.PI * R;
/** Web Mercator's latitude limit (the world square). */
export const MAX_MERCATOR_LAT = 85.0511287798066;

export function mercatorFromLonLat(lon: number, lat: number): [number, number] {
  const phi = (Math.max(-MAX_MERCATOR_LAT, Math.min(MAX_MERCATOR_LAT, lat)) * Math.PI) / 180;
  return [(lon * Math.PI * R) / 180, R * Math.log(Math.tan(Math.PI / 4 + phi / 2))];
}

export function lonLatFromMercator(x: number, y: number): [number, number] {
  return [(x / R) * (180 / Math.PI), (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI)];
}

/** Mercator metres of a tile pixel position (px, py from the tile's top-left corner, in pixels). */
export function tilePixelToMercator(z: number, x: number, y: number, px: number, py: number): [number, number] {
  const size = (2 * HALF_WORLD) / 2 ** z;
  return [-HALF_WORLD + (x + px / TILE_SIZE) * size, HALF_WORLD - (y + py / TILE_SIZE) * size];
}

/** Ground size of a Mercator pixel at zoom z and latitude lat, in metres. */
export function groundMetersPerPixel(z: number, latDegrees: number): number {
  return ((2 * HALF_WORLD) / (TILE_SIZE * 2 ** z)) * Math.cos((latDegrees * Math.PI) / 180);
}

/** The image's outline in longitude/latitude, sampled along its edges (a projected image's edges curve in degrees). */
export function footprintLonLat(affine: Affine, width: number, height: number, crs: OrthoCrs, perSide = 16): [number, number][] {
  const ring: [number, number][] = [];
  const edge = (c0: number, r0: number, c1: number, r1: number) => {
    for (let i = 0; i < perSide; i++) {
      const t = i / perSide;
      const [x, y] = applyAffine(affine, c0 + (c1 - c0) * t, r0 + (r1 - r0) * t);
      ring.push(crs.toLonLat(x, y));
    }
  };
  edge(0, 0, width, 0);
  edge(width, 0, width, height);
  edge(width, height, 0, height);
  edge(0, height, 0, 0);
  ring.push(ring[0]!);
  return ring;
}

export function bboxOf(points: readonly (readonly number[])[]): BBox {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const [x, y] of points) {
    w = Math.min(w, x!);
    e = Math.max(e, x!);
    s = Math.min(s, y!);
    n = Math.max(n, y!);
  }
  return [w, s, e, n];
}

/** The source's pixel size in metres on the ground, at the image's centre (geometric mean of both axes). */
export function sourceMetersPerPixel(affine: Affine, width: number, height: number, crs: OrthoCrs): number {
  const c = width / 2, r = height / 2;
  const ll = (col: number, row: number) => crs.toLonLat(...applyAffine(affine, col, row));
  const [lon0, lat0] = ll(c, r);
  const meters = ([lon, lat]: [number, number]) => {
    const k = (Math.PI / 180) * R;
    return Math.hypot((lon - lon0) * k * Math.cos((lat0 * Math.PI) / 180), (lat - lat0) * k);
  };
  return Math.sqrt(meters(ll(c + 1, r)) * meters(ll(c, r + 1)));
}

/**
 * The zooms to cut: the deepest is the first whose pixels are as fine as the source's (within
 * 15 %, so a 0.5 m ortho is not blown up to z19's 0.23 m at 37°N), capped at 20; the shallowest six
 * zooms up, where the image is a few hundred pixels across and the small-scale basemap takes over.
 */
export function orthoZooms(metersPerPixel: number, latDegrees: number): {minZoom: number; maxZoom: number} {
  let maxZoom = 0;
  while (maxZoom < 20 && groundMetersPerPixel(maxZoom, latDegrees) > metersPerPixel * 1.15) maxZoom++;
  return {minZoom: Math.max(0, maxZoom - 6), maxZoom};
}

/** Slippy-map tile ranges covering a lon/lat box at zoom z (inclusive). */
export function tileRange(bounds: BBox, z: number): {x0: number; y0: number; x1: number; y1: number} {
  const n = 2 ** z;
  const [w, s] = mercatorFromLonLat(bounds[0], bounds[1]);
  const [e, nn] = mercatorFromLonLat(bounds[2], bounds[3]);
  const col = (m: number) => Math.max(0, Math.min(n - 1, Math.floor(((m + HALF_WORLD) / (2 * HALF_WORLD)) * n)));
  const row = (m: number) => Math.max(0, Math.min(n - 1, Math.floor(((HALF_WORLD - m) / (2 * HALF_WORLD)) * n)));
  return {x0: col(w), y0: row(nn), x1: col(e), y1: row(s)};
}

export function tileCount(bounds: BBox, minZoom: number, maxZoom: number): number {
  let count = 0;
  for (let z = minZoom; z <= maxZoom; z++) {
    const r = tileRange(bounds, z);
    count += (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1);
  }
  return count;
}

/** Lon/lat box of a tile. */
export function tileBounds(z: number, x: number, y: number): BBox {
  const [w, n] = lonLatFromMercator(...tilePixelToMercator(z, x, y, 0, 0));
  const [e, s] = lonLatFromMercator(...tilePixelToMercator(z, x, y, TILE_SIZE, TILE_SIZE));
  return [w, s, e, n];
}

/** Grid spacing of the approximate transform, in tile pixels. */
export const GRID_STEP = 16;
const GRID_POINTS = TILE_SIZE / GRID_STEP + 1;

/**
 * Source pixel positions (col, row; corners at integers) of a tile's pixels, computed exactly
 * every GRID_STEP pixels and interpolated bilinearly between: GDAL's approximate transformer
 * (gdalwarp's default, error threshold 0.125 px) in a fixed-grid form. Over 16 pixels of a
 * z14+ tile (≤ 150 m) the Gauss-Krüger-to-Mercator map is linear to far below a pixel (the
 * unit test measures it), and it costs 289 projections a tile instead of 65 536.
 */
export function tileSourceGrid(z: number, x: number, y: number, affine: Affine, crs: OrthoCrs): Float64Array {
  const inverse = invertAffine(affine);
  const grid = new Float64Array(GRID_POINTS * GRID_POINTS * 2);
  for (let j = 0; j < GRID_POINTS; j++) {
    for (let i = 0; i < GRID_POINTS; i++) {
      const [lon, lat] = lonLatFromMercator(...tilePixelToMercator(z, x, y, i * GRID_STEP, j * GRID_STEP));
      const [sx, sy] = crs.fromLonLat(lon, lat);
      const [col, row] = applyAffine(inverse, sx, sy);
      grid[(j * GRID_POINTS + i) * 2] = col;
      grid[(j * GRID_POINTS + i) * 2 + 1] = row;
    }
  }
  return grid;
}

/** The source position of tile pixel position (px, py) from the grid. */
export function gridLookup(grid: Float64Array, px: number, py: number): [number, number] {
  const gx = Math.min(GRID_POINTS - 2, Math.floor(px / GRID_STEP));
  const gy = Math.min(GRID_POINTS - 2, Math.floor(py / GRID_STEP));
  const tx = px / GRID_STEP - gx;
  const ty = py / GRID_STEP - gy;
  const at = (i: number, j: number, k: number) => grid[((gy + j) * GRID_POINTS + gx + i) * 2 + k]!;
  const lerp = (k: number) => (at(0, 0, k) * (1 - tx) + at(1, 0, k) * tx) * (1 - ty) + (at(0, 1, k) * (1 - tx) + at(1, 1, k) * tx) * ty;
  return [lerp(0), lerp(1)];
}

/** The source pixel window a grid touches, one pixel of margin for bilinear sampling, clipped to the image; null if outside. */
export function gridWindow(grid: Float64Array, width: number, height: number): [number, number, number, number] | null {
  let c0 = Infinity, r0 = Infinity, c1 = -Infinity, r1 = -Infinity;
  for (let i = 0; i < grid.length; i += 2) {
    c0 = Math.min(c0, grid[i]!);
    c1 = Math.max(c1, grid[i]!);
    r0 = Math.min(r0, grid[i + 1]!);
    r1 = Math.max(r1, grid[i + 1]!);
  }
  const w = [Math.max(0, Math.floor(c0) - 1), Math.max(0, Math.floor(r0) - 1), Math.min(width, Math.ceil(c1) + 1), Math.min(height, Math.ceil(r1) + 1)] as [number, number, number, number];
  return w[0] < w[2] && w[1] < w[3] ? w : null;
}
