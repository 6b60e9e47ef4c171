import {describe, expect, it} from 'vitest';
import type {Plot} from '../plot';
import {syntheticPlots} from '../test/synthetic-plots';
import {packPlotBatch, unpackPlotBatch} from './plot-batch';

const multi: Plot = {
  type: 'Feature',
  properties: {...syntheticPlots(1)[0]!.properties, id: 'multi'},
  geometry: {type: 'MultiPolygon', coordinates: [
    [[[100, 36], [100.01, 36], [100.01, 36.01], [100, 36]], [[100.002, 36.002], [100.004, 36.002], [100.004, 36.004], [100.002, 36.002]]],
    [[[-0, 1e-300], [100.5, 36], [100.5, 36.5], [-0, 1e-300]]],
  ]},
};
// A height on one position: not lon/lat only, so it goes as it is.
const withHeight: Plot = {...multi, properties: {...multi.properties, id: 'height'}, geometry: {type: 'Polygon', coordinates: [[[1, 2, 3], [1, 3, 3], [2, 3, 3], [1, 2, 3]]]}};

describe('plot batch', () => {
  it('gives back every plot, geometry and properties equal, bit for bit', () => {
    const plots = [...syntheticPlots(30), multi, withHeight];
    const {batch} = packPlotBatch(plots);
    expect(batch.plots).toEqual([withHeight]);
    const back = structuredClone(batch);
    const byId = new Map(unpackPlotBatch(back).map((p) => [p.properties.id, p]));
    expect(byId.size).toBe(plots.length);
    for (const p of plots) {
      const got = byId.get(p.properties.id)!;
      expect(got.properties).toEqual(p.properties);
      expect(got.geometry).toStrictEqual(p.geometry);
    }
    expect(Object.is((byId.get('multi')!.geometry.coordinates[1] as number[][][])[0]![0]![0], -0)).toBe(true);
  });

  it('hands its buffers over: after a transfer the page holds none of them', () => {
    const {batch, transfer} = packPlotBatch(syntheticPlots(5));
    expect(transfer).toHaveLength(5);
    const moved = structuredClone(batch, {transfer});
    expect(batch.positions.length).toBe(0);
    expect(unpackPlotBatch(moved)).toHaveLength(5);
  });

  it('packs no plots as an empty batch', () => {
    expect(unpackPlotBatch(packPlotBatch([]).batch)).toEqual([]);
  });
});
