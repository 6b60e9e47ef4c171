import {writeArrayBuffer} from 'geotiff';
import proj4 from 'proj4';
import {gdalStyleCog} from './cog-writer';

/*
 * Orthophoto GeoTIFFs made in the test run (geotiff.js's writer: uncompressed RGB, one strip,
 * GeoKeys + ModelTiepoint/ModelPixelScale), never downloaded. The picture is SYNTHETIC: four
 * coloured quadrants meeting at a known point, so a test can tell from the colour either side of
 * the meeting point whether the image landed in the right place.
 */

export type Rgb = readonly [number, number, number];
export const QUADRANTS = {nw: [220, 40, 40], ne: [40, 200, 60], sw: [40, 70, 220], se: [240, 220, 40]} as const satisfies Record<string, Rgb>;

/** CGCS2000 / 3-degree Gauss-Kruger zone 34 (central meridian 102°E, zone prefix in the easting): Datong's zone. */
export const EPSG_4522 = '+proj=tmerc +lat_0=0 +lon_0=102 +k=1 +x_0=34500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
const MERCATOR = 'EPSG:3857';

export type TestOrtho = {
  readonly bytes: Uint8Array;
  /** Where the quadrants meet (lon, lat). */
  readonly centre: readonly [number, number];
  readonly widthPixels: number;
  readonly heightPixels: number;
};

/**
 * A `size`² image of `pixelMeters` pixels in `epsg` (4522 or 3857), centred on `centre`,
 * its four quadrants coloured as QUADRANTS and a 2-pixel black (nodata 0) frame round it.
 */
export function orthoTiff(o: {epsg: 4522 | 3857 | 4490; centre: readonly [number, number]; size: number; pixelMeters: number; dateTime?: string}): TestOrtho {
  const {size} = o;
  const [cx, cy] = o.epsg === 4522 ? proj4('WGS84', EPSG_4522, [...o.centre]) : o.epsg === 3857 ? proj4('WGS84', MERCATOR, [...o.centre]) : [...o.centre];
  // Degrees per pixel for the geographic file: metres along the meridian.
  const step = o.epsg === 4490 ? o.pixelMeters / 111_320 : o.pixelMeters;
  const data = new Uint8Array(size * size * 3);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const edge = row < 2 || col < 2 || row >= size - 2 || col >= size - 2;
      const q = row < size / 2 ? (col < size / 2 ? QUADRANTS.nw : QUADRANTS.ne) : col < size / 2 ? QUADRANTS.sw : QUADRANTS.se;
      data.set(edge ? [0, 0, 0] : q, (row * size + col) * 3);
    }
  }
  const half = (size / 2) * step;
  const keys = o.epsg === 4490
    ? {GTModelTypeGeoKey: 2, GeographicTypeGeoKey: 4490}
    : {GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: o.epsg};
  const buffer = writeArrayBuffer(data, {
    width: size,
    height: size,
    ...keys,
    GTRasterTypeGeoKey: 1,
    ModelPixelScale: [step, o.epsg === 4490 ? step : step, 0],
    ModelTiepoint: [0, 0, 0, cx! - half, cy! + half, 0],
    GDAL_NODATA: '0',
    PhotometricInterpretation: 2,
    ...(o.dateTime ? {DateTime: o.dateTime} : {}),
  } as Parameters<typeof writeArrayBuffer>[1]);
  return {bytes: new Uint8Array(buffer), centre: o.centre, widthPixels: size, heightPixels: size};
}

/** A point `east`, `north` metres from `from` (small offsets, local sphere). */
export function offsetMeters(from: readonly [number, number], east: number, north: number): [number, number] {
  const lat = (from[1] * Math.PI) / 180;
  return [from[0] + east / (111_320 * Math.cos(lat)), from[1] + north / 110_574];
}

/**
 * A baseline TIFF written by hand (TIFF 6.0: little-endian header, one IFD, uncompressed RGB
 * strips), optionally with GeoTIFF tags. Its strips all point at one small block of grey pixels,
 * so it can declare a size far larger than its bytes: enough for the checks made before any
 * pixel is read (no georeferencing, block size, tile budget).
 */
export function handTiff(o: {width: number; height: number; rowsPerStrip: number; geo?: {epsg: number; tiepoint: [number, number]; pixelMeters: number}}): Uint8Array {
  const strips = Math.ceil(o.height / o.rowsPerStrip);
  const pixels = new Uint8Array(Math.min(o.width * o.rowsPerStrip * 3, 4096)).fill(128);
  type Entry = {tag: number; type: 3 | 4 | 12; values: number[]};
  const entries: Entry[] = [
    {tag: 256, type: 4, values: [o.width]},
    {tag: 257, type: 4, values: [o.height]},
    {tag: 258, type: 3, values: [8, 8, 8]},
    {tag: 259, type: 3, values: [1]},
    {tag: 262, type: 3, values: [2]},
    {tag: 273, type: 4, values: new Array<number>(strips).fill(0)},
    {tag: 277, type: 3, values: [3]},
    {tag: 278, type: 4, values: [o.rowsPerStrip]},
    {tag: 279, type: 4, values: new Array<number>(strips).fill(pixels.length)},
    {tag: 284, type: 3, values: [1]},
  ];
  if (o.geo) {
    entries.push(
      {tag: 33550, type: 12, values: [o.geo.pixelMeters, o.geo.pixelMeters, 0]},
      {tag: 33922, type: 12, values: [0, 0, 0, o.geo.tiepoint[0], o.geo.tiepoint[1], 0]},
      {tag: 34735, type: 3, values: [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, o.geo.epsg]},
    );
  }
  const size = {3: 2, 4: 4, 12: 8} as const;
  const ifdBytes = 2 + entries.length * 12 + 4;
  let extra = 8 + ifdBytes;
  const placed = entries.map((e) => {
    const bytes = e.values.length * size[e.type];
    const at = bytes > 4 ? extra : -1;
    if (bytes > 4) extra += bytes + (bytes % 2);
    return {...e, at};
  });
  const dataAt = extra;
  const out = new Uint8Array(dataAt + pixels.length);
  const v = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0], 0);
  v.setUint32(4, 8, true);
  v.setUint16(8, entries.length, true);
  const put = (at: number, type: 3 | 4 | 12, value: number) =>
    type === 3 ? v.setUint16(at, value, true) : type === 4 ? v.setUint32(at, value, true) : v.setFloat64(at, value, true);
  placed.forEach((e, i) => {
    const at = 10 + i * 12;
    v.setUint16(at, e.tag, true);
    v.setUint16(at + 2, e.type, true);
    v.setUint32(at + 4, e.values.length, true);
    const values = e.tag === 273 ? e.values.map(() => dataAt) : e.values;
    if (e.at < 0) values.forEach((x, k) => put(at + 8 + k * size[e.type], e.type, x));
    else {
      v.setUint32(at + 8, e.at, true);
      values.forEach((x, k) => put(e.at + k * size[e.type], e.type, x));
    }
  });
  v.setUint32(10 + entries.length * 12, 0, true);
  out.set(pixels, dataAt);
  return out;
}

/**
 * The same picture as orthoTiff, as GDAL writes a JPEG COG (tests/helpers/cog-writer.ts: YCbCr
 * 4:2:0 tiles with JPEGTables, internal overviews and masks). The outer `maskedPixels` on every
 * side are black and masked out, as GDAL leaves the collar of a warped ortho: drawn, they would
 * show as a black frame.
 */
export function orthoCogYcbcr(o: {epsg: 4522 | 3857; centre: readonly [number, number]; size: number; pixelMeters: number; maskedPixels?: number; overviews?: number; tileSize?: number}): TestOrtho {
  const {size} = o;
  const edge = o.maskedPixels ?? 8;
  const [cx, cy] = o.epsg === 4522 ? proj4('WGS84', EPSG_4522, [...o.centre]) : proj4('WGS84', MERCATOR, [...o.centre]);
  const half = (size / 2) * o.pixelMeters;
  const opaque = (col: number, row: number) => col >= edge && row >= edge && col < size - edge && row < size - edge;
  const bytes = gdalStyleCog({
    width: size,
    height: size,
    tileSize: o.tileSize ?? 256,
    overviews: o.overviews ?? 2,
    pixel: (col, row) => (!opaque(col, row) ? [0, 0, 0] : row < size / 2 ? (col < size / 2 ? QUADRANTS.nw : QUADRANTS.ne) : col < size / 2 ? QUADRANTS.sw : QUADRANTS.se),
    opaque,
    geo: {epsg: o.epsg, west: cx! - half, north: cy! + half, pixelSize: o.pixelMeters},
  });
  return {bytes, centre: o.centre, widthPixels: size, heightPixels: size};
}
