import {describe, expect, it} from 'vitest';
import {importPlotFile} from './import-plot-file';

const square = (lon: number) => [[[lon, 36.95], [lon + 0.001, 36.95], [lon + 0.001, 36.951], [lon, 36.951], [lon, 36.95]]];
const file = (features: {name: string; status: string; completed: string | null}[]) =>
  new TextEncoder().encode(JSON.stringify({
    type: 'FeatureCollection',
    features: features.map((p, i) => ({type: 'Feature', properties: {id: `u${i}`, ...p}, geometry: {type: 'Polygon', coordinates: square(101.7 + i * 0.002)}})),
  }));

describe('undated claims at import', () => {
  it('warns in the staged report, naming the remediated/verified plots with no completion date, and still stages them', async () => {
    const result = await importPlotFile('claims.geojson', file([
      {name: '甲', status: 'remediated', completed: null},
      {name: '乙', status: 'verified', completed: '2025-04-01'},
      {name: '丙', status: 'verified', completed: null},
      {name: '丁', status: 'planned', completed: null},
    ]));
    expect(result.status).toBe('ready');
    if (result.status !== 'ready') return;
    expect(result.plots).toHaveLength(4);
    const notice = result.notices.filter((n) => n.code === 'undated-claims');
    expect(notice).toHaveLength(1);
    expect(notice[0]!.params).toEqual({n: 2, names: '甲, 丙'});
    expect(result.plots.map((p) => p.warnings.map((w) => w.code))).toEqual([['no-completion-date'], [], ['no-completion-date'], []]);
  });

  it('says nothing when every claim has its date', async () => {
    const result = await importPlotFile('dated.geojson', file([{name: '乙', status: 'verified', completed: '2025-04-01'}]));
    expect(result.status === 'ready' && result.notices.some((n) => n.code === 'undated-claims')).toBe(false);
  });
});
