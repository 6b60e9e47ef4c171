import {describe, expect, it} from 'vitest';
import {readFileSync, readdirSync} from 'node:fs';
import type {FeatureCollection} from 'geojson';
import {importPlotFile} from '../geo/import/import-plot-file';
import {kmlCoordinates} from '../geo/import/xml-coordinates';
import {corruptRecord, unreadableGeometry} from '../geo/import/import-reasons';
import type {ImportNotice} from '../geo/import/staged-import';
import {checkPlotShape} from '../geo/plot-shape';
import {validatePlot, type ValidationReason} from '../geo/validate';
import {LANGS} from './lang';
import {importStatusText, noticeText, reasonText} from './reason-text';

/*
 * src/geo reports codes with parameters; these are the words the UI (and the tally) gives
 * them. The texts asserted here are the ones the app showed before the words moved out of
 * src/geo: the move must not change a reader's message.
 */

const fixture = (dir: string, file: string) => new Uint8Array(readFileSync(new URL(`../../tests/fixtures/${dir}${file}`, import.meta.url)));
const validateDir = new URL('../geo/test/validate/in/', import.meta.url);

describe('reason words', () => {
  it.each(readdirSync(validateDir).filter((f) => f.endsWith('.geojson')))('words every reason of %s in both languages, every slot filled', (file) => {
    const collection = JSON.parse(readFileSync(new URL(file, validateDir), 'utf8')) as FeatureCollection;
    for (const reason of validatePlot(collection.features[0]).reasons) {
      for (const lang of LANGS) {
        const text = reasonText(reason, lang);
        expect(text.length).toBeGreaterThan(10);
        expect(text).not.toMatch(/\{\w+\}|undefined|\[object/);
      }
    }
  });

  it('names the ring and the position of an unreadable KML coordinate', () => {
    const issues: ValidationReason[] = [];
    kmlCoordinates('1,2 3,4 abc,def 5,6', {ring: 0}, issues);
    expect(reasonText(issues[0]!, 'en')).toBe('position 3 of the outer ring, "abc,def", is not a number; it was neither dropped nor half-read');
    expect(reasonText(issues[0]!, 'zh')).toBe('外环第 3 个坐标“abc,def”不是数字，无法读取（未丢弃，也未截取）');
  });

  it('numbers the part only when a geometry has several, and names holes', () => {
    const ring = [[101.6, 36.9], [101.61, 36.9], [101.61, 36.91], [101.6, 36.91]];
    const open = validatePlot({type: 'Feature', properties: {status: 'planned'}, geometry: {type: 'MultiPolygon', coordinates: [[[...ring, ring[0]]], [[...ring, ring[0]], ring]]}});
    const reason = open.reasons.find((r) => r.code === 'ring-not-closed')!;
    expect(reasonText(reason, 'en')).toBe('hole 1 of part 2 is not closed: first and last positions differ');
    expect(reasonText(reason, 'zh')).toBe('第 2 部分的第 1 个内环未闭合：首尾坐标不同');
  });

  it('says a swapped position looks swapped, and only then', () => {
    const at = (coordinates: number[][]) => validatePlot({type: 'Feature', properties: {status: 'planned'}, geometry: {type: 'Polygon', coordinates: [coordinates]}}).reasons.find((r) => r.code === 'outside-project-area')!;
    const swapped = at([[36.9, 101.6], [36.9, 101.61], [36.91, 101.61], [36.9, 101.6]]);
    const beijing = at([[116.4, 39.9], [116.41, 39.9], [116.41, 39.91], [116.4, 39.9]]);
    expect(reasonText(swapped, 'en')).toBe('position [36.9, 101.6] is outside Qinghai; longitude and latitude look swapped (GeoJSON is [lon, lat])');
    expect(reasonText(beijing, 'zh')).toBe('坐标 [116.4, 39.9] 不在青海省范围内（约东经 89–104°、北纬 31–40°）');
  });

  it('words the import reasons from their details', () => {
    expect(reasonText(unreadableGeometry({detail: 'no-coordinates', element: 'LineString'}), 'en')).toBe('the geometry cannot be read: the LineString has no <coordinates>');
    expect(reasonText(unreadableGeometry({detail: 'no-coordinates', ring: 2, part: 1}), 'zh')).toBe('几何图形无法读取：第 1 部分的第 2 个内环没有 <coordinates>');
    expect(reasonText(corruptRecord(4, {detail: 'content-too-short', contentBytes: 20}), 'en')).toBe('record 4 is corrupt: its content is 20 bytes, too short for a polygon header');
    expect(reasonText(corruptRecord(4, {detail: 'bad-part-start', part: 2, index: 9, lastPoint: 4}), 'zh')).toBe('第 4 条记录已损坏：第 2 个部分的起点序号 9 不在 0–4 之内或顺序错乱');
  });

  it('words a refused drawn shape, with its area to two decimals', () => {
    const tiny = checkPlotShape({type: 'Polygon', coordinates: [[[101.6, 36.9], [101.6001, 36.9], [101.6001, 36.9001], [101.6, 36.9]]]});
    expect(tiny.problems.map((p) => p.code)).toEqual(['too-small']);
    expect(reasonText(tiny.problems[0]!, 'en')).toMatch(/^The plot is too small \(0\.0\d mu\); the minimum is 0\.1 mu$/);
    expect(reasonText({code: 'too-few-vertices', params: {minimum: 3}}, 'zh')).toBe('至少需要 3 个边界点才能闭合地块');
  });
});

describe('notice words', () => {
  it('joins a list in each language’s own way', () => {
    const notice: ImportNotice = {code: 'unmapped-fields', params: {fields: ['owner', 'survey']}};
    expect(noticeText(notice, 'en')).toBe('attributes with no plot field: owner, survey (stored with each plot as extra attributes, kept in exports and backups)');
    expect(noticeText(notice, 'zh')).toBe('未对应到地块字段的属性：owner、survey（作为附加属性随地块保存，并随导出和备份保留）');
  });

  it('words the notices of a real import: undated claims, network links, duplicate keys', async () => {
    const kml = await importPlotFile('links.kml', fixture('', 'hostile-network-links-only.kml'));
    const json = await importPlotFile('dup.geojson', fixture('', 'hostile-duplicate-keys.geojson'));
    if (kml.status !== 'ready' || json.status !== 'ready') throw new Error('fixtures should read');
    expect(kml.notices.map((n) => noticeText(n, 'en'))).toEqual(['2 NetworkLink(s) were not followed; nothing was fetched']);
    expect(json.notices.filter((n) => n.code === 'duplicate-key').map((n) => noticeText(n, 'en'))).toEqual(['key /features/0/properties/status appears twice; the last value was kept']);
    const undated: ImportNotice = {code: 'undated-claims', params: {n: 2, names: '甲, 丙'}};
    expect(noticeText(undated, 'en')).toBe('2 plot(s) claimed remediated/verified have no completion date (甲, 丙): counted in the total under “no completion date”, left out of as-of totals');
    expect(noticeText(undated, 'zh')).toMatch(/^2 个地块标为已治理\/已验收但没有完成日期（甲, 丙）/);
    expect(noticeText({code: 'encoding-guessed', params: {encoding: 'gbk', file: 'dbf'}}, 'en')).toBe('the .dbf declares no encoding; read as gbk');
  });
});

describe('import status words', () => {
  it("asks for a datum shift naming the Xi'an 1980 system", async () => {
    const asked = await importPlotFile('datong-plots-xian80.shp.zip', fixture('', 'datong-plots-xian80.shp.zip'));
    if (asked.status !== 'needs-crs') throw new Error('should ask for a coordinate system');
    expect(importStatusText(asked, 'en')).toMatch(/^the file is in Xian 1980.*datum-shift parameters/);
    expect(importStatusText(asked, 'zh')).toMatch(/^文件使用 Xian 1980.*七参数/);
  });

  it('words an unreadable file with its cause, and an encoding question with the declared encoding', () => {
    expect(importStatusText({status: 'unreadable', file: 'a.zip', format: null, cause: 'not a zip'}, 'zh')).toBe('无法读取 a.zip：not a zip');
    expect(importStatusText({status: 'needs-encoding', file: 'a.csv', format: 'csv', why: 'invalid', declared: 'UTF-8', candidates: []}, 'en')).toBe('the file is not valid UTF-8 text; choose its encoding');
  });
});
