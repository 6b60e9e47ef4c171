import {describe, expect, it} from 'vitest';
import {expectReady, FIXED_NOW, importFixture, plotFields, plotFigures} from '../geo/import/fixture-helpers';
import {importPlotFile} from '../geo/import/import-plot-file';
import {plotsToCsv} from '../geo/export/csv-export';
import type {Plot} from '../geo/plot';
import {plotCsvWords} from './csv-words';

/* The plot CSV worded in Chinese still imports back to the same plots. */

const source = expectReady(await importFixture('datong-plots.geojson'));
const plots: Plot[] = source.plots.map((p) => p.plot);
const utf8 = (text: string) => new TextEncoder().encode(text);

async function roundTrip(file: string, bytes: Uint8Array) {
  return expectReady(await importPlotFile(file, bytes, {now: () => FIXED_NOW}));
}

function expectSamePlots(result: Awaited<ReturnType<typeof roundTrip>>) {
  expect(result.rejected).toEqual([]);
  expect(plotFields(result)).toEqual(plotFields(source));
  plotFigures(result).forEach((f, i) => expect(f.areaSquareMeters).toBeCloseTo(plotFigures(source)[i]!.areaSquareMeters, 2));
}

describe('plot CSV words', () => {
  it('CSV in Chinese: Chinese headers, labels beside the status and measure codes, imports back unchanged', async () => {
    const text = plotsToCsv(plots, plotCsvWords('zh'));
    expect(text.startsWith('\uFEFF编号,名称,片区,措施,措施（中文）,状态,状态（中文）,完成日期,班组,备注,更新时间,面积（平方米）,面积（亩）,几何,其他属性\r\n')).toBe(true);
    const remediated = plots.find((p) => p.properties.status === 'remediated' && p.properties.measure === 'slope')!;
    const row = text.split('\r\n').find((l) => l.startsWith(`${remediated.properties.id},`))!;
    expect(row).toContain(',slope,边坡治理,remediated,已治理（自报）,');
    expectSamePlots(await roundTrip('out.csv', utf8(text)));
    // The label columns are not data: nothing of them lands in `extra`, and unmapped attributes still do.
    const withExtra = plots.map((p, i) => (i === 0 ? {...p, properties: {...p.properties, extra: {'图斑号': 'A-1'}}} : p));
    const back = await roundTrip('out.csv', utf8(plotsToCsv(withExtra, plotCsvWords('zh'))));
    expect(back.plots[0]!.plot.properties.extra).toEqual({'图斑号': 'A-1'});
    back.plots.slice(1).forEach((p, i) => expect(p.plot.properties.extra).toEqual(plots[i + 1]!.properties.extra));
    // English keeps the code headers of the format.
    expect(plotsToCsv(plots, plotCsvWords('en'))).toBe(plotsToCsv(plots));
  });
});
