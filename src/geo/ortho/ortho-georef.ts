import proj4 from 'proj4';
import {CGCS2000_GEOGRAPHIC, WGS84, crsFromEpsgCode} from '../crs';

/*
 * Where a GeoTIFF's pixels lie: its affine pixel-to-model transform (GeoTIFF 1.1, OGC 19-008,
 * §7.2 ModelTiepoint + ModelPixelScale or ModelTransformation) and the coordinate system its
 * GeoKeys name, limited to what the programme's orthophotos come in: CGCS2000 geographic
 * (EPSG:4490), CGCS2000 Gauss-Krüger 3° and 6° zones (EPSG:4491–4554), WGS 84 (4326), WGS 84 /
 * UTM (326zz/327zz) and Web Mercator (3857). CGCS2000 is used as WGS84 unchanged (centimetres apart; see crs.ts).
 */

/** GDAL's geotransform order: x = a + b·col + c·row, y = d + e·col + f·row (col/row at pixel corners). */
export type Affine = readonly [a: number, b: number, c: number, d: number, e: number, f: number];

/** Why a file cannot become an orthophoto layer; the UI words each code (src/i18n/pack-messages.ts). */
export type OrthoProblem =
  | {readonly code: 'not-tiff'}
  | {readonly code: 'corrupt'; readonly detail: string}
  | {readonly code: 'no-georeferencing'}
  | {readonly code: 'unknown-crs'; readonly epsg: number | null}
  | {readonly code: 'datum-shift'; readonly epsg: number; readonly name: string}
  | {readonly code: 'unsupported-samples'; readonly samplesPerPixel: number; readonly bitsPerSample: number}
  | {readonly code: 'too-large'; readonly blockBytes: number; readonly maxBlockBytes: number}
  | {readonly code: 'too-many-tiles'; readonly tiles: number; readonly maxTiles: number}
  | {readonly code: 'outside-mercator'};

/** A source coordinate system: to and from Web Mercator metres (EPSG:3857). */
export type OrthoCrs = {
  readonly epsg: number;
  readonly name: string;
  /** Source [x, y] → [lon, lat] in degrees. */
  toLonLat(x: number, y: number): [number, number];
  /** [lon, lat] → source [x, y]. */
  fromLonLat(lon: number, lat: number): [number, number];
};

/** The GeoTIFF tags this needs, as geotiff.js reads them. */
export type GeoTags = {
  readonly modelTiepoint?: readonly number[] | null;
  readonly modelPixelScale?: readonly number[] | null;
  readonly modelTransformation?: readonly number[] | null;
  /** GTRasterTypeGeoKey 2: the tie point is a pixel's centre, not its corner. */
  readonly pixelIsPoint?: boolean;
};

/**
 * The pixel-to-model transform, or null when the file carries none (a plain TIFF, or tie points
 * without scale, which would need a warp this app does not do).
 */
export function affineFromTags(tags: GeoTags): Affine | null {
  const shift = tags.pixelIsPoint ? 0.5 : 0;
  const t = tags.modelTransformation;
  if (t && t.length >= 16 && t.slice(0, 8).every(Number.isFinite)) {
    const [b, c, , a, e, f, , d] = t as number[];
    // Pixel-is-point: (0, 0) is the centre of the first pixel, so its corner is half a pixel up-left.
    return valid([a! - shift * (b! + c!), b!, c!, d! - shift * (e! + f!), e!, f!]);
  }
  const tp = tags.modelTiepoint;
  const sc = tags.modelPixelScale;
  if (tp && tp.length >= 6 && sc && sc.length >= 2) {
    const [i, j, , x, y] = tp as number[];
    const [sx, sy] = sc as number[];
    return valid([x! - (i! + shift) * sx!, sx!, 0, y! + (j! + shift) * sy!, 0, -sy!]);
  }
  return null;
}

function valid(m: Affine): Affine | null {
  return m.every(Number.isFinite) && m[1] * m[5] - m[2] * m[4] !== 0 ? m : null;
}

/** Model coordinates of a pixel position (corners at integers). */
export function applyAffine(m: Affine, col: number, row: number): [number, number] {
  return [m[0] + m[1] * col + m[2] * row, m[3] + m[4] * col + m[5] * row];
}

/** The inverse: model x, y → pixel col, row. */
export function invertAffine(m: Affine): Affine {
  const [a, b, c, d, e, f] = m;
  const det = b * f - c * e;
  return [(c * d - a * f) / det, f / det, -c / det, (a * e - b * d) / det, -e / det, b / det];
}

const MERCATOR = '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs';

/** The GeoKeys geotiff.js parses (GeoTIFF 1.1 §7.3). */
export type GeoKeys = {
  readonly GTModelTypeGeoKey?: number;
  readonly GTRasterTypeGeoKey?: number;
  readonly GeographicTypeGeoKey?: number;
  readonly ProjectedCSTypeGeoKey?: number;
};

/** The system the GeoKeys name, or why it is not one this app reprojects. */
export function orthoCrsFromGeoKeys(keys: GeoKeys | null): {readonly ok: true; readonly crs: OrthoCrs} | {readonly ok: false; readonly problem: OrthoProblem} {
  if (!keys) return {ok: false, problem: {code: 'no-georeferencing'}};
  const projected = keys.ProjectedCSTypeGeoKey;
  const geographic = keys.GeographicTypeGeoKey;
  // Model type 1 is projected, 2 geographic; files that omit it still say which by their keys.
  const code = keys.GTModelTypeGeoKey === 2 ? geographic : projected ?? (keys.GTModelTypeGeoKey === 1 ? null : geographic);
  if (code === undefined || code === null) return {ok: false, problem: {code: 'unknown-crs', epsg: null}};
  return orthoCrsFromEpsg(code);
}

export function orthoCrsFromEpsg(code: number): {readonly ok: true; readonly crs: OrthoCrs} | {readonly ok: false; readonly problem: OrthoProblem} {
  if (code === 3857 || code === 900913 || code === 3785) {
    const merc = proj4(MERCATOR, WGS84.proj4);
    return {ok: true, crs: {epsg: 3857, name: 'WGS 84 / Pseudo-Mercator', toLonLat: (x, y) => merc.forward([x, y]) as [number, number], fromLonLat: (lon, lat) => merc.inverse([lon, lat]) as [number, number]}};
  }
  if (code === 4326 || code === 4490) {
    const name = code === 4490 ? CGCS2000_GEOGRAPHIC.name : WGS84.name;
    return {ok: true, crs: {epsg: code, name, toLonLat: (x, y) => [x, y], fromLonLat: (lon, lat) => [lon, lat]}};
  }
  // WGS 84 / UTM (326zz north, 327zz south): what drone photogrammetry software writes by default.
  if ((code > 32600 && code <= 32660) || (code > 32700 && code <= 32760)) {
    const zone = code % 100;
    const south = code > 32700;
    const utm = proj4(`+proj=utm +zone=${zone}${south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`, WGS84.proj4);
    return {ok: true, crs: {epsg: code, name: `WGS 84 / UTM zone ${zone}${south ? 'S' : 'N'}`, toLonLat: (x, y) => utm.forward([x, y]) as [number, number], fromLonLat: (lon, lat) => utm.inverse([lon, lat]) as [number, number]}};
  }
  const crs = crsFromEpsgCode(code);
  if (!crs || crs.kind !== 'projected' || crs.zoneWidthDegrees === undefined) return {ok: false, problem: {code: 'unknown-crs', epsg: code}};
  if (crs.needsDatumShift) return {ok: false, problem: {code: 'datum-shift', epsg: code, name: crs.name}};
  const converter = proj4(crs.proj4, WGS84.proj4);
  return {ok: true, crs: {epsg: code, name: crs.name, toLonLat: (x, y) => converter.forward([x, y]) as [number, number], fromLonLat: (lon, lat) => converter.inverse([lon, lat]) as [number, number]}};
}
