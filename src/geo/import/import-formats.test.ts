import {describe, expect, it} from 'vitest';
import {tallyPlots} from '../tally';
import {expectReady, importFixture, plotFields, plotFigures} from './fixture-helpers';

/*
 * Every fixture was written by GDAL's ogr2ogr from tests/fixtures/datong-plots.geojson (see
 * tests/fixtures/README.md), so each format must import to the same four plots, the same
 * areas and the same remediated total as the source itself.
 */

const SOURCE = 'datong-plots.geojson';
const ALL_PLOTS = [
  ['datong-plots.kml', {}],
  ['datong-plots.kmz', {}],
  ['datong-plots-wkt.csv', {}],
  ['datong-plots-wkt-gbk.csv', {}],
  ['datong-plots-wgs84.shp.zip', {}],
  ['datong-plots-gbk.shp.zip', {}],
  ['datong-plots-epsg4522.shp.zip', {}],
  ['datong-plots-epsg4543.shp.zip', {}],
  ['datong-plots-epsg4522.geojson', {}],
  ['datong-plots-epsg4522.gpkg', {}],
] as const;

const total = (plots: Parameters<typeof tallyPlots>[0]) => tallyPlots(plots, {asOf: '2025-06-30', zones: []}).remediatedSquareMeters;

describe('every format imports to the same plots', async () => {
  const source = expectReady(await importFixture(SOURCE));

  it('reads the source GeoJSON as four valid plots', () => {
    expect(source.read).toBe(4);
    expect(source.rejected).toEqual([]);
    expect(plotFields(source).map((p) => [p.id, p.status, p.rings])).toEqual([
      ['dt-001', 'verified', [1]], ['dt-002', 'remediated', [2]], ['dt-003', 'in_progress', [1, 1]], ['dt-004', 'planned', [1]],
    ]);
  });

  for (const [file, options] of ALL_PLOTS) {
    it(`imports ${file} to the source's plots, areas and total`, async () => {
      const result = expectReady(await importFixture(file, options));
      expect(result.rejected).toEqual([]);
      expect(plotFields(result)).toEqual(plotFields(source));
      const figures = plotFigures(result), expected = plotFigures(source);
      figures.forEach((f, i) => {
        expect(f.areaSquareMeters).toBeCloseTo(expected[i]!.areaSquareMeters, 0);
        f.bbox.forEach((v, k) => expect(v).toBeCloseTo(expected[i]!.bbox[k]!, 6));
      });
      expect(total(result.plots.map((p) => p.plot))).toBeCloseTo(total(source.plots.map((p) => p.plot)), 0);
    });
  }

  it('reads the projected files in the system their .prj, crs member or srs table names', async () => {
    for (const [file, code] of [['datong-plots-epsg4522.shp.zip', 'EPSG:4522'], ['datong-plots-epsg4543.shp.zip', 'EPSG:4543'], ['datong-plots-epsg4522.geojson', 'EPSG:4522'], ['datong-plots-epsg4522.gpkg', 'EPSG:4522']] as const) {
      expect(expectReady(await importFixture(file)).crs.code).toBe(code);
    }
  });

  it('decodes GBK: a CSV by its content, a shapefile by its .cpg', async () => {
    const csv = expectReady(await importFixture('datong-plots-wkt-gbk.csv'));
    expect(csv.encoding).toBe('gb18030');
    expect(csv.notices.map((n) => n.code)).toContain('encoding-guessed');
    const shp = expectReady(await importFixture('datong-plots-gbk.shp.zip'));
    expect(shp.encoding).toBe('gbk');
    expect(shp.plots[0]!.plot.properties.name).toBe('老爷山北坡覆土区');
    expect(JSON.stringify([csv, shp])).not.toContain('\uFFFD');
  });

  it('reads CSV vertex rows as rings, closing each on its first vertex', async () => {
    const result = expectReady(await importFixture('datong-plots-lonlat.csv'));
    const expected = plotFields(source).filter((p) => p.id === 'dt-001' || p.id === 'dt-004');
    expect(plotFields(result).map((p) => [p.id, p.status, p.measure, p.completed])).toEqual(expected.map((p) => [p.id, p.status, p.measure, p.completed]));
    expect(plotFigures(result)[1]!.areaSquareMeters).toBeCloseTo(plotFigures(source)[3]!.areaSquareMeters, 1);
  });

  it('asks for the system of Gauss-Krüger X/Y columns, offering zone 34 from the easting prefix, then reads them', async () => {
    const asked = await importFixture('datong-plots-gk-xy.csv');
    expect(asked.status).toBe('needs-crs');
    expect(asked.status === 'needs-crs' && asked.candidates[0]!.code).toBe('EPSG:4522');
    const result = expectReady(await importFixture('datong-plots-gk-xy.csv', {sourceCrs: 'EPSG:4522'}));
    expect(plotFields(result).map((p) => [p.id, p.name, p.status])).toEqual([['dt-001', '老爷山北坡覆土区', 'verified'], ['dt-004', '新生沉陷监测点位', 'planned']]);
    expect(plotFigures(result)[0]!.areaSquareMeters).toBeCloseTo(plotFigures(source)[0]!.areaSquareMeters, -1);
    result.plots[0]!.plot.geometry.coordinates.flat(2).forEach((v) => expect(Math.abs(v as number)).toBeLessThan(180));
  });

  it('asks for the system of a projected shapefile without .prj, and never stores metres as degrees', async () => {
    const asked = await importFixture('datong-plots-no-prj.zip');
    expect(asked).toMatchObject({status: 'needs-crs', reason: 'no-crs'});
    expect(asked.status === 'needs-crs' && asked.candidates.map((c) => c.code)).toEqual(['EPSG:4522', 'EPSG:2358', 'EPSG:2410']);
    const chosen = expectReady(await importFixture('datong-plots-no-prj.zip', {sourceCrs: 'EPSG:4522'}));
    expect(plotFields(chosen)).toEqual(plotFields(source));
  });

  it("flags a Xi'an 1980 shapefile as needing a datum shift and offers the CGCS2000 zone as an approximation", async () => {
    const asked = await importFixture('datong-plots-xian80.shp.zip');
    expect(asked).toMatchObject({status: 'needs-crs', reason: 'datum-shift-needed'});
    expect(asked.status === 'needs-crs' && asked.params.crs).toMatch(/Xian 1980/);
    expect(asked.status === 'needs-crs' && asked.candidates.map((c) => c.code)).toEqual(['EPSG:4522']);
  });

  it('imports GPX tracks as polygons with new ids and the planned status', async () => {
    const result = expectReady(await importFixture('datong-plots-tracks.gpx'));
    expect(result.plots.map((p) => [p.plot.properties.id, p.plot.properties.name, p.plot.properties.status])).toEqual([
      ['generated-1', '老爷山北坡覆土区', 'planned'], ['generated-2', '新生沉陷监测点位', 'planned'],
    ]);
    expect(plotFigures(result)[0]!.areaSquareMeters).toBeCloseTo(plotFigures(source)[0]!.areaSquareMeters, 1);
  });

  it('lists a GPX waypoint as a point and offers to close an open track', async () => {
    const result = expectReady(await importFixture('open-track-and-waypoint.gpx'));
    expect(result.points.map(({where, name, position}) => ({where, name, position}))).toEqual([{where: 'wpt 1', name: '测量起点', position: [101.64, 36.93]}]);
    expect(result.repairable.map((r) => [r.where, r.repairs, r.reasons.map((x) => x.code)])).toEqual([['trk 1', ['close-ring'], ['ring-not-closed']]]);
    const ring = (result.repairable[0]!.repaired.plot.geometry.coordinates as number[][][])[0]!;
    expect(ring[ring.length - 1]).toEqual(ring[0]);
    expect(result.plots.map((p) => p.plot.properties.name)).toEqual(['闭合路线']);
  });

  it('converts GCJ-02 and BD-09 coordinates to WGS84 only when asked', async () => {
    const plain = plotFigures(expectReady(await importFixture(SOURCE)))[0]!.bbox;
    const gcj = plotFigures(expectReady(await importFixture(SOURCE, {sourceShift: 'gcj02'})))[0]!.bbox;
    const bd = plotFigures(expectReady(await importFixture(SOURCE, {sourceShift: 'bd09'})))[0]!.bbox;
    // GCJ-02 is offset from WGS84 by a few hundred metres in Qinghai; BD-09 adds about another kilometre.
    const shiftMeters = (a: number[], b: number[]) => Math.hypot((a[0]! - b[0]!) * 111_320 * Math.cos((37 * Math.PI) / 180), (a[1]! - b[1]!) * 110_950);
    expect(shiftMeters(plain, gcj)).toBeGreaterThan(100);
    expect(shiftMeters(plain, gcj)).toBeLessThan(1000);
    expect(shiftMeters(plain, bd)).toBeGreaterThan(shiftMeters(plain, gcj));
    expect(gcj[0]).toBeLessThan(plain[0]!);
  });
});
