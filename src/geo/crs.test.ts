import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {unzipSync} from 'fflate';
import {crsFromEpsgCode, crsFromName, crsFromPrj, gaussKrugerCandidates, positionFromWgs84, positionToWgs84, prjForCrs, WGS84} from './crs';

const prjOf = (zip: string) => {
  const files = unzipSync(readFileSync(new URL(`../../tests/fixtures/${zip}`, import.meta.url)));
  return new TextDecoder().decode(Object.entries(files).find(([n]) => n.endsWith('.prj'))![1]);
};

describe('crs', () => {
  // Names as GDAL 3.6 (gdalsrsinfo, EPSG database) gives them for each code.
  it.each([
    [4522, 'CGCS2000 / 3-degree Gauss-Kruger zone 34'], [4543, 'CGCS2000 / 3-degree Gauss-Kruger CM 102E'],
    [4518, 'CGCS2000 / 3-degree Gauss-Kruger zone 30'], [4539, 'CGCS2000 / 3-degree Gauss-Kruger CM 90E'],
    [4491, 'CGCS2000 / Gauss-Kruger zone 13'], [4502, 'CGCS2000 / Gauss-Kruger CM 75E'], [4554, 'CGCS2000 / 3-degree Gauss-Kruger CM 135E'],
    [2358, 'Xian 1980 / 3-degree Gauss-Kruger zone 34'], [2327, 'Xian 1980 / Gauss-Kruger zone 13'], [2390, 'Xian 1980 / 3-degree Gauss-Kruger CM 135E'],
    [2410, 'Beijing 1954 / 3-degree Gauss-Kruger zone 34'], [21413, 'Beijing 1954 / Gauss-Kruger zone 13'], [21453, 'Beijing 1954 / Gauss-Kruger CM 75E'],
  ])('names EPSG:%i as the EPSG dataset does', (code, name) => {
    expect(crsFromEpsgCode(code)?.name).toBe(name);
  });

  it('flags Xian 1980 and Beijing 1954 as needing a datum shift, CGCS2000 not', () => {
    expect(crsFromEpsgCode(2358)?.needsDatumShift).toBe(true);
    expect(crsFromEpsgCode(2410)?.needsDatumShift).toBe(true);
    expect(crsFromEpsgCode(4522)?.needsDatumShift).toBe(false);
    expect(crsFromEpsgCode(3857)).toBeNull();
  });

  it('reads legacy GeoJSON crs names', () => {
    expect(crsFromName('urn:ogc:def:crs:EPSG::4522')?.code).toBe('EPSG:4522');
    expect(crsFromName('EPSG:4490')?.datum).toBe('cgcs2000');
    expect(crsFromName('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe(WGS84);
    expect(crsFromName('EPSG:99999')).toBeNull();
  });

  it('recognises the .prj files ogr2ogr wrote for zone 34 with and without the zone prefix', () => {
    expect(crsFromPrj(prjOf('datong-plots-epsg4522.shp.zip'))).toMatchObject({ok: true, crs: {code: 'EPSG:4522'}});
    expect(crsFromPrj(prjOf('datong-plots-epsg4543.shp.zip'))).toMatchObject({ok: true, crs: {code: 'EPSG:4543'}});
    expect(crsFromPrj(prjOf('datong-plots-xian80.shp.zip'))).toMatchObject({ok: true, crs: {code: 'EPSG:2358', needsDatumShift: true}});
    expect(crsFromPrj(prjOf('datong-plots-wgs84.shp.zip'))).toMatchObject({ok: true, crs: {kind: 'geographic', datum: 'wgs84'}});
  });

  it('says why a .prj cannot be used', () => {
    expect(crsFromPrj('PROJCS["Local grid",GEOGCS["Unknown datum",DATUM["D_Local",SPHEROID["x",6378245,298.3]]],PROJECTION["Transverse_Mercator"],UNIT["Meter",1.0]]'))
      .toMatchObject({ok: false, reason: 'unknown-datum'});
    expect(crsFromPrj('garbage')).toMatchObject({ok: false, reason: 'not-wkt'});
  });

  it('writes a .prj that reads back as the same system, as GDAL wrote it', () => {
    const zone34 = crsFromEpsgCode(4522)!;
    expect(prjForCrs(zone34)).toBe(prjOf('datong-plots-epsg4522.shp.zip'));
    expect(prjForCrs(crsFromEpsgCode(4543)!)).toBe(prjOf('datong-plots-epsg4543.shp.zip'));
  });

  it('projects Datong to zone 34 and back to within a millimetre', () => {
    // ogr2ogr put 101.62E 36.92N at easting 34466140.092, northing 4087700.273 (datong-plots-gk-xy.csv).
    const [e, n] = positionFromWgs84(crsFromEpsgCode(4522)!)([101.62, 36.92]);
    expect(e).toBeCloseTo(34466140.092, 2);
    expect(n).toBeCloseTo(4087700.273, 2);
    const [lon, lat] = positionToWgs84(crsFromEpsgCode(4522)!)([e, n]);
    expect(lon).toBeCloseTo(101.62, 8);
    expect(lat).toBeCloseTo(36.92, 8);
  });

  it('guesses the zone from an easting prefix, or offers the zones over Qinghai without one', () => {
    expect(gaussKrugerCandidates([34466140]).map((c) => c.code)).toEqual(['EPSG:4522', 'EPSG:2358', 'EPSG:2410']);
    expect(gaussKrugerCandidates([17466140]).map((c) => c.code)).toEqual(['EPSG:4495', 'EPSG:2331', 'EPSG:21417']);
    expect(gaussKrugerCandidates([466140]).map((c) => c.code)).toEqual(['EPSG:4539', 'EPSG:4540', 'EPSG:4541', 'EPSG:4542', 'EPSG:4543']);
  });
});
