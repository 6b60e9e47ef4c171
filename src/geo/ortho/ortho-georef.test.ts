import proj4 from 'proj4';
import {describe, expect, it} from 'vitest';
import {affineFromTags, applyAffine, invertAffine, orthoCrsFromEpsg, orthoCrsFromGeoKeys} from './ortho-georef';

describe('affineFromTags', () => {
  it('reads a tie point and pixel scale as a north-up transform from pixel corners', () => {
    const m = affineFromTags({modelTiepoint: [0, 0, 0, 34_469_000, 4_091_000, 0], modelPixelScale: [0.5, 0.5, 0]})!;
    expect(applyAffine(m, 0, 0)).toEqual([34_469_000, 4_091_000]);
    expect(applyAffine(m, 2000, 1000)).toEqual([34_470_000, 4_090_500]);
  });

  it('moves a pixel-is-point tie point half a pixel up and left, to the corner', () => {
    const m = affineFromTags({modelTiepoint: [0, 0, 0, 100, 200, 0], modelPixelScale: [2, 2, 0], pixelIsPoint: true})!;
    expect(applyAffine(m, 0, 0)).toEqual([99, 201]);
  });

  it('reads a rotated ModelTransformation and inverts it', () => {
    const t = [0.4, 0.3, 0, 500, 0.3, -0.4, 0, 900, 0, 0, 0, 0, 0, 0, 0, 1];
    const m = affineFromTags({modelTransformation: t})!;
    expect(applyAffine(m, 10, 20)).toEqual([500 + 4 + 6, 900 + 3 - 8]);
    const [col, row] = applyAffine(invertAffine(m), 510, 895);
    expect(col).toBeCloseTo(10, 9);
    expect(row).toBeCloseTo(20, 9);
  });

  it('finds no georeferencing in a plain TIFF or a tie point without a scale', () => {
    expect(affineFromTags({})).toBeNull();
    expect(affineFromTags({modelTiepoint: [0, 0, 0, 1, 2, 0]})).toBeNull();
    expect(affineFromTags({modelTiepoint: [0, 0, 0, 1, 2, 0], modelPixelScale: [0, 1, 0]})).toBeNull();
  });
});

describe('orthoCrsFromGeoKeys', () => {
  it('takes EPSG:4522 (CGCS2000 3° zone 34, CM 102°E) to Datong, as proj4 does with the EPSG definition', () => {
    const r = orthoCrsFromGeoKeys({GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 4522});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const epsg = '+proj=tmerc +lat_0=0 +lon_0=102 +k=1 +x_0=34500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
    const xy = proj4('WGS84', epsg, [101.69, 36.95]);
    const [lon, lat] = r.crs.toLonLat(xy[0]!, xy[1]!);
    expect(lon).toBeCloseTo(101.69, 8);
    expect(lat).toBeCloseTo(36.95, 8);
    expect(r.crs.fromLonLat(101.69, 36.95)[0]).toBeCloseTo(xy[0]!, 3);
    expect(r.crs.name).toBe('CGCS2000 / 3-degree Gauss-Kruger zone 34');
  });

  it('knows the unprefixed 3° zone (EPSG:4543, CM 102°E) and a 6° zone (EPSG:4507, CM 105°E)', () => {
    const a = orthoCrsFromEpsg(4543);
    const b = orthoCrsFromEpsg(4507);
    expect(a.ok && a.crs.fromLonLat(102, 37)[0]).toBeCloseTo(500_000, 3);
    expect(b.ok && b.crs.fromLonLat(105, 37)[0]).toBeCloseTo(500_000, 3);
  });

  it('reads geographic CGCS2000 and Web Mercator', () => {
    const g = orthoCrsFromGeoKeys({GTModelTypeGeoKey: 2, GeographicTypeGeoKey: 4490});
    expect(g.ok && g.crs.toLonLat(101.7, 36.9)).toEqual([101.7, 36.9]);
    const m = orthoCrsFromGeoKeys({GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 3857});
    expect(m.ok && m.crs.toLonLat(0, 0)).toEqual([0, 0]);
    const [x] = m.ok ? m.crs.fromLonLat(180, 0) : [0];
    expect(x).toBeCloseTo(20_037_508.34, 1);
  });

  it('reads WGS 84 / UTM zone 47N (EPSG:32647), as drone software writes', () => {
    const u = orthoCrsFromEpsg(32647);
    expect(u.ok && u.crs.fromLonLat(99, 0)[0]).toBeCloseTo(500_000, 3);
  });

  it('refuses Xian 1980 Gauss-Krüger (needs a datum shift), unknown codes and files without keys', () => {
    expect(orthoCrsFromGeoKeys({GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 2360})).toMatchObject({ok: false, problem: {code: 'datum-shift', epsg: 2360}});
    expect(orthoCrsFromGeoKeys({GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 2000})).toMatchObject({ok: false, problem: {code: 'unknown-crs', epsg: 2000}});
    expect(orthoCrsFromGeoKeys({GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 32767})).toMatchObject({ok: false, problem: {code: 'unknown-crs', epsg: 32767}});
    expect(orthoCrsFromGeoKeys({GTModelTypeGeoKey: 1})).toMatchObject({ok: false, problem: {code: 'unknown-crs', epsg: null}});
    expect(orthoCrsFromGeoKeys(null)).toMatchObject({ok: false, problem: {code: 'no-georeferencing'}});
  });
});
