import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {Plot} from '../geo/plot';
import {tallyPlots} from '../geo/tally';
import {outlookOf, teamFigures} from './dashboard';
import {summaryToCsv} from './dashboard-csv';
import {NO_FILTERS} from './filters-slice';

const plots = (JSON.parse(readFileSync(new URL('../../tests/fixtures/datong-programme-plots.geojson', import.meta.url), 'utf8')) as {features: Plot[]}).features;

function csvFor(list: readonly Plot[]) {
  const tally = tallyPlots(list, {asOf: '2025-06-30'});
  return {tally, csv: summaryToCsv({tally, outlook: outlookOf(tally), teams: teamFigures(list, '2025-06-30'), filters: NO_FILTERS, lang: 'en'})};
}

describe('summary CSV', () => {
  it('starts with a byte-order mark, ends lines with CRLF and carries the tally total', () => {
    const {tally, csv} = csvFor(plots);
    expect(csv.startsWith('\uFEFFsection,item,plots,area_mu')).toBe(true);
    expect(csv.split('\r\n').length).toBeGreaterThan(20);
    const row = csv.split('\r\n').find((l) => l.startsWith('total,remediated,'))!.split(',');
    expect(Number(row[3])).toBeCloseTo(tally.remediatedMu, 3);
  });

  it('keeps a team name that looks like a formula as text', () => {
    const hostile = plots.map((p, i) => (i === 0 ? {...p, properties: {...p.properties, team: '=HYPERLINK("x")'}} : i === 1 ? {...p, properties: {...p.properties, team: '＋1'}} : p));
    const {csv} = csvFor(hostile);
    expect(csv).toContain(`team,"'=HYPERLINK(""x"")"`);
    expect(csv).toContain("team,'＋1,");
  });

  it('says which zones the by-zone rows are by, and names the outside and undated rows', () => {
    const {csv} = csvFor(plots);
    expect(csv).toContain('zone,zones_source,,"indicative (outlines drawn by this project, not official boundaries)"');
    expect(csv).toMatch(/\r\nzone,Outside every zone,\d+,/);
    expect(csv).toMatch(/\r\nmonth,no completion date,1,/);
    const tally = tallyPlots(plots, {asOf: '2025-06-30', undated: 'leave-out'});
    const official = summaryToCsv({tally, outlook: outlookOf(tally), teams: [], filters: NO_FILTERS, lang: 'zh',
      zonesSource: {kind: 'official', fileName: 'zones.shp.zip', date: '2026-01-02', zones: 3}});
    expect(official).toContain('按沉陷区,分区依据,,正式边界：zones.shp.zip（2026-01-02）');
    expect(official).toMatch(/\r\n截至日期未计入,无完成日期的已治理地块,1,/);
  });

  it('carries Chinese headers in zh, with the code next to each worded status and measure', () => {
    const tally = tallyPlots(plots, {asOf: '2025-06-30'});
    const zh = summaryToCsv({tally, outlook: outlookOf(tally), teams: [], filters: NO_FILTERS, lang: 'zh'});
    expect(zh.startsWith('\uFEFF部分,项目,地块数,面积（亩）,面积（公顷）,面积（平方米）,代码\r\n')).toBe(true);
    expect(zh).toMatch(/\r\n按状态,施工中,\d+,[\d.]+,[\d.]+,[\d.]+,in_progress\r\n/);
    expect(zh).toMatch(/\r\n按治理措施,沉陷坑覆土复绿,\d+,[\d.]+,[\d.]+,[\d.]+,cover-regreen\r\n/);
    const en = summaryToCsv({tally, outlook: outlookOf(tally), teams: [], filters: NO_FILTERS, lang: 'en'});
    expect(en).toMatch(/\r\nstatus,In progress,\d+,[\d.]+,[\d.]+,[\d.]+,in_progress\r\n/);
  });
});
