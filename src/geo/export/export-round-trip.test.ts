import {describe, expect, it} from 'vitest';
import {unzipSync} from 'fflate';
import {PLOT_PALETTE} from '../../catalogue/plots';
import {crsFromEpsgCode} from '../crs';
import type {Plot} from '../plot';
import {expectReady, FIXED_NOW, importFixture, plotFields, plotFigures} from '../import/fixture-helpers';
import {importPlotFile} from '../import/import-plot-file';
import {serializeBackup, parseBackup, type Backup} from './backup';
import {escapeCsvText, plotsToCsv} from './csv-export';
import {plotsToGeoJson} from './geojson-export';
import {plotsToKml} from './kml-export';
import {plotsToShapefileZip} from './shapefile-export';

/* Export → import round trips: every exported format imports back to the same plots. */

const source = expectReady(await importFixture('datong-plots.geojson'));
const plots: Plot[] = source.plots.map((p) => p.plot);
const utf8 = (text: string) => new TextEncoder().encode(text);

async function roundTrip(file: string, bytes: Uint8Array) {
  return expectReady(await importPlotFile(file, bytes, {now: () => FIXED_NOW}));
}

function expectSamePlots(result: Awaited<ReturnType<typeof roundTrip>>, areaDigits = 2) {
  expect(result.rejected).toEqual([]);
  expect(plotFields(result)).toEqual(plotFields(source));
  plotFigures(result).forEach((f, i) => expect(f.areaSquareMeters).toBeCloseTo(plotFigures(source)[i]!.areaSquareMeters, areaDigits));
}

describe('export round trips', () => {
  it('GeoJSON: RFC 7946, 7 decimals, right-hand winding, imports back unchanged', async () => {
    const text = plotsToGeoJson(plots);
    const doc = JSON.parse(text);
    expect(doc).not.toHaveProperty('crs');
    // dt-002's hole was counterclockwise in the source; RFC 7946 §3.1.6 wants holes clockwise.
    const hole = doc.features[1].geometry.coordinates[1] as number[][];
    const signed = hole.slice(1).reduce((s, p, i) => s + hole[i]![0]! * p[1]! - p[0]! * hole[i]![1]!, 0);
    expect(signed).toBeLessThan(0);
    expect(text).not.toMatch(/\d\.\d{8,}/);
    expectSamePlots(await roundTrip('out.geojson', utf8(text)));
  });

  it('KML: one style per status, every field as ExtendedData, imports back unchanged', async () => {
    const text = plotsToKml(plots, {palette: PLOT_PALETTE, documentName: '采煤沉陷区治理地块'});
    expect(text.match(/<Style id="status-/g)).toHaveLength(4);
    expect(text).toContain('<styleUrl>#status-verified</styleUrl>');
    expect(text).toContain('Phase 2 &lt;b&gt;plan&lt;/b&gt;');
    expectSamePlots(await roundTrip('out.kml', utf8(text)));
  });

  it('CSV: BOM, WKT and area columns, imports back unchanged', async () => {
    const text = plotsToCsv(plots);
    expect(text.startsWith('\uFEFFid,name,zone,measure,status,completed,team,notes,updated,area_m2,area_mu,wkt,extra\r\n')).toBe(true);
    const first = text.split('\r\n')[1]!;
    const area = plotFigures(source)[0]!.areaSquareMeters;
    expect(first).toContain(`,${area.toFixed(2)},${(area / (10000 / 15)).toFixed(4)},"POLYGON ((101.62 36.92, 101.626 36.92`);
    expectSamePlots(await roundTrip('out.csv', utf8(text)));
  });

  it('CSV: escapes formula-like text with an apostrophe, ASCII and full-width, and reads it back', async () => {
    expect(['=1+1', '+86', '-x', '@SUM(A1)', '＝1', '＋1', '－1', '＠a', 'ok'].map(escapeCsvText)).toEqual(["'=1+1", "'+86", "'-x", "'@SUM(A1)", "'＝1", "'＋1", "'－1", "'＠a", 'ok']);
    const hostile = {...plots[0]!, properties: {...plots[0]!.properties, name: '=HYPERLINK("http://x")', notes: '－5 cm'}};
    const text = plotsToCsv([hostile]);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain(",'－5 cm,");
    expect(text).toMatch(/,\d+\.\d{2},\d+\.\d{4},"POLYGON/);
    const back = await roundTrip('out.csv', utf8(text));
    expect(back.plots[0]!.plot.properties.name).toBe('=HYPERLINK("http://x")');
    expect(back.plots[0]!.plot.properties.notes).toBe('－5 cm');
  });

  it('CSV: escapes formulas hidden behind leading spaces or tabs, and cells that start with a tab or line break', async () => {
    const cells = [' =1+1', '  +86', '\t-x', ' \t@SUM(A1)', '\u3000＝1', '\u00a0=cmd', '\tplain', '\rplain', '\nplain'];
    expect(cells.map(escapeCsvText)).toEqual(cells.map((c) => `'${c}`));
    expect(['a =1', ' ok', '5-3', 'x@y', ''].map(escapeCsvText)).toEqual(['a =1', ' ok', '5-3', 'x@y', '']);
    const plotsWith = cells.map((c, i) => ({...plots[0]!, properties: {...plots[0]!.properties, id: `f-${i}`, name: c, notes: c}}));
    const text = plotsToCsv(plotsWith);
    expect(text).toContain(`,' =1+1,`);
    const back = await roundTrip('out.csv', utf8(text));
    expect(back.plots.map((p) => p.plot.properties.notes)).toEqual(cells);
  });

  it('CSV: the formula-cells fixture keeps its text and the export escapes it', async () => {
    const result = expectReady(await importFixture('formula-cells.csv'));
    expect(plotsToCsv(result.plots.map((p) => p.plot))).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it('shapefile in WGS84: .shp .shx .dbf .prj .cpg, clockwise shells, imports back unchanged', async () => {
    const {bytes, truncated} = plotsToShapefileZip(plots);
    expect(truncated).toEqual([]);
    expect(Object.keys(unzipSync(bytes)).sort()).toEqual(['plots.cpg', 'plots.dbf', 'plots.prj', 'plots.shp', 'plots.shx']);
    const result = await roundTrip('out.zip', bytes);
    expect(result.crs.code).toBe('EPSG:4326');
    expectSamePlots(result);
  });

  it('shapefile in CGCS2000 zone 34: GDAL-style .prj, imports back to the same plots', async () => {
    const {bytes} = plotsToShapefileZip(plots, {crs: crsFromEpsgCode(4522)!, layerName: 'datong'});
    const prj = new TextDecoder().decode(unzipSync(bytes)['datong.prj']);
    expect(prj).toMatch(/^PROJCS\["CGCS2000_3_Degree_GK_Zone_34"/);
    const result = await roundTrip('out.shp.zip', bytes);
    expect(result.crs.code).toBe('EPSG:4522');
    expectSamePlots(result, 1);
  });

  it('shapefile: names every value cut to fit a 254-byte dBASE field', () => {
    const long = {...plots[0]!, properties: {...plots[0]!.properties, notes: '很'.repeat(100)}};
    expect(plotsToShapefileZip([long]).truncated).toEqual([{id: 'dt-001', field: 'notes'}]);
  });

  it('backup: serialise then parse gives back exactly the same data', () => {
    const backup: Backup = {
      format: 'qh-remediation-backup', version: 1, exportedAt: '2025-06-30T08:00:00.000Z',
      plots: plots.map((plot, i) => ({plot, version: i + 1})),
      history: [{plotId: 'dt-001', at: '2025-06-01T00:00:00Z', change: {status: ['remediated', 'verified']}}, 0.1 + 0.2, null],
      photos: [{id: 'ph-1', plotId: 'dt-001', name: '北坡.jpg', type: 'image/jpeg', takenAt: '2025-06-01T03:00:00Z', dataBase64: '/9j/4AAQSkZJRg==', thumbnailBase64: 'iVBORw0KGgo='}],
    };
    const parsed = parseBackup(serializeBackup(backup));
    expect(parsed).toEqual({ok: true, backup});
    expect(parsed.ok && serializeBackup(parsed.backup)).toBe(serializeBackup(backup));
  });

  it('carries unmapped attributes (properties.extra) through GeoJSON, CSV, KML, shapefile and backup', async () => {
    const extra = {'面积亩': 12.5, '图斑号': 'A-1', '核查': true, 'parts': {n: [1, 2]}, '__proto__': {polluted: 'no'}};
    const withExtra: Plot[] = plots.map((p, i) => (i === 0 ? {...p, properties: {...p.properties, extra: JSON.parse(JSON.stringify(extra))}} : p));
    const exports: [string, Uint8Array][] = [
      ['out.geojson', utf8(plotsToGeoJson(withExtra))],
      ['out.csv', utf8(plotsToCsv(withExtra))],
      ['out.kml', utf8(plotsToKml(withExtra, {palette: PLOT_PALETTE}))],
      ['out.shp.zip', plotsToShapefileZip(withExtra).bytes],
    ];
    for (const [file, bytes] of exports) {
      const back = await roundTrip(file, bytes);
      expect(back.plots[0]!.plot.properties.extra, file).toEqual(JSON.parse(JSON.stringify(extra)));
      expect(Object.prototype).not.toHaveProperty('polluted');
    }
    const backup: Backup = {format: 'qh-remediation-backup', version: 1, exportedAt: FIXED_NOW, plots: withExtra.map((plot) => ({plot, version: 1})), history: [], photos: []};
    const parsed = parseBackup(serializeBackup(backup));
    expect(parsed.ok && parsed.backup.plots[0]!.plot.properties.extra).toEqual(JSON.parse(JSON.stringify(extra)));
  });

  it('backup: refuses other formats, versions and broken photos with a cause', () => {
    expect(parseBackup('{"format":"x"}')).toEqual({ok: false, cause: 'not a qh-remediation-backup file'});
    expect(parseBackup('{"format":"qh-remediation-backup","version":2}')).toMatchObject({ok: false, cause: expect.stringMatching(/version 2/)});
    const broken = {format: 'qh-remediation-backup', version: 1, exportedAt: 'x', plots: [], history: [], photos: [{id: 'a', plotId: 'b', name: 'c', type: 'd', takenAt: 'e', dataBase64: 'not base64!', thumbnailBase64: ''}]};
    expect(parseBackup(JSON.stringify(broken))).toEqual({ok: false, cause: 'photo entry 1 is incomplete or its data is not base64'});
  });
});
