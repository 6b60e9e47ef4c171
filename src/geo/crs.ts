import proj4 from 'proj4';

/*
 * Coordinate reference systems met in Chinese survey data, identified by EPSG code, by a
 * shapefile `.prj` (WKT 1, OGC or ESRI flavour) or by a legacy GeoJSON `crs` member, and the
 * transforms (proj4js) to and from WGS84 longitude/latitude.
 *
 * CGCS2000 and WGS84 differ by centimetres at today's epochs (both realise ITRF; GB/T 18522),
 * far below a field survey's accuracy, so CGCS2000 coordinates are used as WGS84 unchanged.
 * Xi'an 1980 and Beijing 1954 sit on other ellipsoids with shifts of tens to a hundred metres
 * that need locally published parameters; they are recognised and flagged, never converted.
 */

export type Datum = 'wgs84' | 'cgcs2000' | 'xian1980' | 'beijing1954';

export type CrsInfo = {
  /** `EPSG:4522`, or null for a system described only by its parameters. */
  readonly code: string | null;
  readonly name: string;
  readonly datum: Datum;
  readonly kind: 'geographic' | 'projected';
  /** The proj4 definition; for Xi'an 1980 / Beijing 1954 it omits the datum shift (see `needsDatumShift`). */
  readonly proj4: string;
  /** True for Xi'an 1980 and Beijing 1954: converting needs a datum shift this app does not have. */
  readonly needsDatumShift: boolean;
  readonly centralMeridianDegrees?: number;
  readonly falseEastingMeters?: number;
  /** Gauss-Krüger zone width (3 or 6 degrees) and zone number, where the system is one. */
  readonly zoneWidthDegrees?: 3 | 6;
  readonly zone?: number;
};

export const WGS84: CrsInfo = {code: 'EPSG:4326', name: 'WGS 84', datum: 'wgs84', kind: 'geographic', proj4: '+proj=longlat +datum=WGS84 +no_defs', needsDatumShift: false};
export const CGCS2000_GEOGRAPHIC: CrsInfo = {code: 'EPSG:4490', name: 'China Geodetic Coordinate System 2000', datum: 'cgcs2000', kind: 'geographic', proj4: '+proj=longlat +ellps=GRS80 +no_defs', needsDatumShift: false};
const XIAN1980_GEOGRAPHIC: CrsInfo = {code: 'EPSG:4610', name: 'Xian 1980', datum: 'xian1980', kind: 'geographic', proj4: '+proj=longlat +a=6378140 +rf=298.257 +no_defs', needsDatumShift: true};
const BEIJING1954_GEOGRAPHIC: CrsInfo = {code: 'EPSG:4214', name: 'Beijing 1954', datum: 'beijing1954', kind: 'geographic', proj4: '+proj=longlat +ellps=krass +no_defs', needsDatumShift: true};

const ELLIPSOID: Record<Datum, string> = {wgs84: '+datum=WGS84', cgcs2000: '+ellps=GRS80', xian1980: '+a=6378140 +rf=298.257', beijing1954: '+ellps=krass'};
const DATUM_NAME: Record<Datum, string> = {wgs84: 'WGS 84', cgcs2000: 'CGCS2000', xian1980: 'Xian 1980', beijing1954: 'Beijing 1954'};

/**
 * The first EPSG code of each Gauss-Krüger family (EPSG Geodetic Parameter Dataset):
 * 6° zones 13–23 (central meridians 75°–135°E) with the zone number prefixed to the easting,
 * the same without the prefix, 3° zones 25–45 (75°–135°E) with and without the prefix.
 */
const GK_FIRST_CODE: Record<Datum, {six: number; sixNoPrefix: number; three: number; threeNoPrefix: number} | null> = {
  cgcs2000: {six: 4491, sixNoPrefix: 4502, three: 4513, threeNoPrefix: 4534},
  xian1980: {six: 2327, sixNoPrefix: 2338, three: 2349, threeNoPrefix: 2370},
  beijing1954: {six: 21413, sixNoPrefix: 21453, three: 2401, threeNoPrefix: 2422},
  wgs84: null,
};

/**
 * A Gauss-Krüger (transverse Mercator, scale 1 on the central meridian, GB/T 17798) system.
 * 3° zone n has its central meridian at 3n°E; 6° zone n at 6n − 3°E. With `prefixed`, the
 * false easting is n·10⁶ + 500 000 m, so the easting's leading digits name the zone.
 */
export function gaussKrugerCrs(datum: Exclude<Datum, 'wgs84'>, zoneWidthDegrees: 3 | 6, zone: number, prefixed: boolean): CrsInfo {
  const centralMeridian = zoneWidthDegrees === 3 ? 3 * zone : 6 * zone - 3;
  const falseEasting = prefixed ? zone * 1_000_000 + 500_000 : 500_000;
  const first = GK_FIRST_CODE[datum]!;
  const [base, firstZone] = zoneWidthDegrees === 3 ? [prefixed ? first.three : first.threeNoPrefix, 25] : [prefixed ? first.six : first.sixNoPrefix, 13];
  const inFamily = zone >= firstZone && zone <= firstZone + (zoneWidthDegrees === 3 ? 20 : 10);
  const label = zoneWidthDegrees === 3 ? '3-degree Gauss-Kruger' : 'Gauss-Kruger';
  return {
    code: inFamily ? `EPSG:${base + zone - firstZone}` : null,
    name: `${DATUM_NAME[datum]} / ${label} ${prefixed ? `zone ${zone}` : `CM ${centralMeridian}E`}`,
    datum,
    kind: 'projected',
    proj4: `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 ${ELLIPSOID[datum]} +units=m +no_defs`,
    needsDatumShift: datum !== 'cgcs2000',
    centralMeridianDegrees: centralMeridian,
    falseEastingMeters: falseEasting,
    zoneWidthDegrees,
    zone,
  };
}

/** The system for an EPSG code this app knows (WGS84, CGCS2000, Xi'an 1980, Beijing 1954 and their Gauss-Krüger zones), else null. */
export function crsFromEpsgCode(code: number): CrsInfo | null {
  if (code === 4326) return WGS84;
  if (code === 4490) return CGCS2000_GEOGRAPHIC;
  if (code === 4610) return XIAN1980_GEOGRAPHIC;
  if (code === 4214) return BEIJING1954_GEOGRAPHIC;
  // 21473–21483 are the deprecated codes of Beijing 1954 / Gauss-Kruger CM 75E–135E (now 21453–21463).
  if (code >= 21473 && code <= 21483) return gaussKrugerCrs('beijing1954', 6, code - 21473 + 13, false);
  for (const datum of ['cgcs2000', 'xian1980', 'beijing1954'] as const) {
    const f = GK_FIRST_CODE[datum]!;
    if (code >= f.six && code <= f.six + 10) return gaussKrugerCrs(datum, 6, code - f.six + 13, true);
    if (code >= f.sixNoPrefix && code <= f.sixNoPrefix + 10) return gaussKrugerCrs(datum, 6, code - f.sixNoPrefix + 13, false);
    if (code >= f.three && code <= f.three + 20) return gaussKrugerCrs(datum, 3, code - f.three + 25, true);
    if (code >= f.threeNoPrefix && code <= f.threeNoPrefix + 20) return gaussKrugerCrs(datum, 3, code - f.threeNoPrefix + 25, false);
  }
  return null;
}

/** `EPSG:4522`, `epsg:4522`, `urn:ogc:def:crs:EPSG::4522`, `urn:ogc:def:crs:OGC:1.3:CRS84` → the system, else null. */
export function crsFromName(name: string): CrsInfo | null {
  const trimmed = name.trim();
  if (/^urn:ogc:def:crs:OGC:(1\.3:)?CRS84$/i.test(trimmed) || /^CRS84$/i.test(trimmed)) return WGS84;
  const match = /^(?:urn:ogc:def:crs:)?EPSG:(?:[\d.]*:)?(\d+)$/i.exec(trimmed);
  return match ? crsFromEpsgCode(Number(match[1])) : null;
}

function datumOfName(text: string): Datum | null {
  if (/china[_\s-]*(geodetic[_\s-]*coordinate[_\s-]*system[_\s-]*)?2000|cgcs[_\s-]*2000/i.test(text)) return 'cgcs2000';
  if (/xi'?an[_\s-]*(19)?80/i.test(text)) return 'xian1980';
  if (/beijing[_\s-]*(19)?54/i.test(text)) return 'beijing1954';
  if (/wgs[_\s-]*(19)?84|world[_\s-]*geodetic[_\s-]*system[_\s-]*1984/i.test(text)) return 'wgs84';
  return null;
}

export type PrjReading =
  | {readonly ok: true; readonly crs: CrsInfo}
  | {readonly ok: false; readonly reason: 'unknown-datum' | 'unsupported-projection' | 'not-wkt'; readonly name: string};

/**
 * Reads a WKT 1 coordinate system (OGC 01-009, and the ESRI flavour GDAL writes into `.prj`
 * files). Gauss-Krüger and transverse Mercator systems on a known datum are rebuilt from
 * their parameters, so a `.prj` with no EPSG code still works; other projections on WGS84
 * or CGCS2000 go to proj4js's WKT reader.
 */
export function crsFromPrj(wkt: string): PrjReading {
  const text = wkt.trim();
  const rootName = /^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[\s*"([^"]*)"/i.exec(text);
  if (!rootName) return {ok: false, reason: 'not-wkt', name: text.slice(0, 60)};
  const name = rootName[2]!;
  const datumMatch = /DATUM\s*\[\s*"([^"]*)"/i.exec(text);
  const datum = datumOfName(datumMatch?.[1] ?? '') ?? datumOfName(/(?:GEOGCS|BASEGEOGCRS|GEOGCRS)\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? '') ?? datumOfName(name);
  if (!datum) return {ok: false, reason: 'unknown-datum', name};
  const projected = /^PROJ/i.test(rootName[1]!);
  if (!projected) return {ok: true, crs: {wgs84: WGS84, cgcs2000: CGCS2000_GEOGRAPHIC, xian1980: XIAN1980_GEOGRAPHIC, beijing1954: BEIJING1954_GEOGRAPHIC}[datum]};

  const parameter = (key: RegExp): number | null => {
    for (const m of text.matchAll(/PARAMETER\s*\[\s*"([^"]*)"\s*,\s*(-?[\d.eE+-]+)/gi)) if (key.test(m[1]!)) return Number(m[2]);
    return null;
  };
  const projection = /PROJECTION\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? /METHOD\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? '';
  const unitMeters = /UNIT\s*\[\s*"(?:metre|meter|m)"\s*,\s*1(?:\.0*)?\s*[\],]/i.test(text.slice(text.lastIndexOf('UNIT')));
  if (/gauss|transverse[_\s]*mercator/i.test(projection) && unitMeters) {
    const cm = parameter(/central[_\s]*meridian|longitude[_\s]*of[_\s]*(natural[_\s]*)?origin/i) ?? 0;
    const fe = parameter(/false[_\s]*easting/i) ?? 0;
    const fn = parameter(/false[_\s]*northing/i) ?? 0;
    const k = parameter(/scale[_\s]*factor/i) ?? 1;
    const lat0 = parameter(/latitude[_\s]*of[_\s]*(natural[_\s]*)?origin/i) ?? 0;
    if (datum !== 'wgs84' && k === 1 && lat0 === 0 && fn === 0) {
      const prefix = Math.floor(fe / 1_000_000);
      const prefixed = prefix > 0 && fe - prefix * 1_000_000 === 500_000;
      if (prefixed || fe === 500_000) {
        const threeDegree = prefixed ? prefix >= 25 : /3[_\s-]*degree/i.test(name) || cm % 6 !== 3;
        const zone = prefixed ? prefix : threeDegree ? cm / 3 : (cm + 3) / 6;
        if (Number.isInteger(zone) && (threeDegree ? zone * 3 : zone * 6 - 3) === cm) return {ok: true, crs: gaussKrugerCrs(datum, threeDegree ? 3 : 6, zone, prefixed)};
      }
    }
    return {ok: true, crs: {
      code: null, name, datum, kind: 'projected', needsDatumShift: datum === 'xian1980' || datum === 'beijing1954',
      proj4: `+proj=tmerc +lat_0=${lat0} +lon_0=${cm} +k=${k} +x_0=${fe} +y_0=${fn} ${ELLIPSOID[datum]} +units=m +no_defs`,
      centralMeridianDegrees: cm, falseEastingMeters: fe,
    }};
  }
  if (datum === 'wgs84' || datum === 'cgcs2000') {
    try {
      proj4(text, WGS84.proj4, [0, 0]);
      return {ok: true, crs: {code: null, name, datum, kind: 'projected', proj4: text, needsDatumShift: false}};
    } catch {
      return {ok: false, reason: 'unsupported-projection', name};
    }
  }
  return {ok: false, reason: 'unsupported-projection', name};
}

/** A function taking [x, y] in `crs` to [lon, lat] in WGS84 (identity for geographic WGS84/CGCS2000). */
export function positionToWgs84(crs: CrsInfo): (xy: readonly number[]) => [number, number] {
  if (crs.kind === 'geographic') return (xy) => [xy[0]!, xy[1]!];
  const converter = proj4(crs.proj4, WGS84.proj4);
  return (xy) => converter.forward([xy[0]!, xy[1]!]) as [number, number];
}

/** A function taking [lon, lat] in WGS84 to [x, y] (easting, northing in metres) in `crs`. */
export function positionFromWgs84(crs: CrsInfo): (lonLat: readonly number[]) => [number, number] {
  if (crs.kind === 'geographic') return (p) => [p[0]!, p[1]!];
  const converter = proj4(WGS84.proj4, crs.proj4);
  return (p) => converter.forward([p[0]!, p[1]!]) as [number, number];
}

/** Qinghai lies between 89.4° and 103.1°E: the CGCS2000 3° zones 30–34 cover it. */
export const PROJECT_GK_ZONES_3_DEGREE = [30, 31, 32, 33, 34] as const;

/**
 * The systems a projected file without a usable `.prj` may be in, most likely first. An
 * easting with a zone prefix names its zone (25–45: 3° zones; 13–23: 6° zones); without one,
 * each CGCS2000 3° zone over Qinghai is a candidate. Eastings are metres, never degrees. The
 * zone is the one most eastings name (more than half of the finite ones): a few stray values
 * are rejected with their features later rather than emptying the list.
 */
export function gaussKrugerCandidates(eastingsMeters: readonly number[]): CrsInfo[] {
  const finite = eastingsMeters.filter((e) => Number.isFinite(e) && e > 0);
  const counts = new Map<number, number>();
  for (const e of finite) counts.set(Math.floor(e / 1_000_000), (counts.get(Math.floor(e / 1_000_000)) ?? 0) + 1);
  const [prefix, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  if (prefix !== null && count * 2 > finite.length) {
    if (prefix >= 25 && prefix <= 45) return (['cgcs2000', 'xian1980', 'beijing1954'] as const).map((d) => gaussKrugerCrs(d, 3, prefix, true));
    if (prefix >= 13 && prefix <= 23) return (['cgcs2000', 'xian1980', 'beijing1954'] as const).map((d) => gaussKrugerCrs(d, 6, prefix, true));
    if (prefix === 0) return PROJECT_GK_ZONES_3_DEGREE.map((z) => gaussKrugerCrs('cgcs2000', 3, z, false));
  }
  return [];
}

/**
 * The `.prj` text (ESRI WKT 1, as ArcGIS and QGIS read it) for WGS84 or a CGCS2000
 * Gauss-Krüger zone, matching what GDAL writes for the same EPSG code.
 */
export function prjForCrs(crs: CrsInfo): string {
  const wgs = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  const cgcs = 'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  if (crs.kind === 'geographic') return crs.datum === 'cgcs2000' ? cgcs : wgs;
  if (crs.datum !== 'cgcs2000' || crs.zoneWidthDegrees === undefined || crs.zone === undefined) {
    throw new Error(`prjForCrs: only WGS84 and CGCS2000 Gauss-Kruger zones are written, not ${crs.name}`);
  }
  const prefixed = crs.falseEastingMeters !== 500_000;
  const name = crs.zoneWidthDegrees === 3
    ? (prefixed ? `CGCS2000_3_Degree_GK_Zone_${crs.zone}` : `CGCS2000_3_Degree_GK_CM_${crs.centralMeridianDegrees}E`)
    : (prefixed ? `CGCS2000_GK_Zone_${crs.zone}` : `CGCS2000_GK_CM_${crs.centralMeridianDegrees}E`);
  return `PROJCS["${name}",${cgcs},PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${crs.falseEastingMeters!.toFixed(1)}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${crs.centralMeridianDegrees!.toFixed(1)}],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
}
