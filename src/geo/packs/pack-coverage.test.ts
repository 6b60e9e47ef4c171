import {describe, expect, it} from 'vitest';
import {basemapDetailAlong, basemapDetailAt} from './pack-coverage';
import type {PackCoverage} from './pack-coverage';

const datong: PackCoverage = {kind: 'vector', bounds: [101.6, 36.9, 101.8, 37.0], maxZoom: 15, visible: true};
const imagery: PackCoverage = {kind: 'raster', bounds: [101.65, 36.92, 101.7, 36.96], maxZoom: 18, visible: true};
const dem: PackCoverage = {kind: 'terrain', bounds: [100, 36, 103, 38], maxZoom: 12, visible: true};
const qiaotou = [101.6845, 36.9355];
const muli = [99.2, 38.1];

describe('basemapDetailAt', () => {
  it('is detailed inside a vector pack, to three zooms past its maximum', () => {
    expect(basemapDetailAt([datong], qiaotou, 16)).toEqual({status: 'detailed'});
    expect(basemapDetailAt([datong], qiaotou, 18)).toEqual({status: 'detailed'});
    expect(basemapDetailAt([datong], qiaotou, 18.5)).toEqual({status: 'beyond-zoom', maxZoom: 18});
  });

  it('is outside when no pack, a hidden pack or only relief lies under the point', () => {
    expect(basemapDetailAt([], qiaotou, 10)).toEqual({status: 'outside'});
    expect(basemapDetailAt([datong, imagery], muli, 10)).toEqual({status: 'outside'});
    expect(basemapDetailAt([{...datong, visible: false}], qiaotou, 14)).toEqual({status: 'outside'});
    expect(basemapDetailAt([dem], qiaotou, 10)).toEqual({status: 'outside'});
  });

  it('takes the deepest of the packs under the point', () => {
    const coarse: PackCoverage = {...imagery, maxZoom: 12};
    expect(basemapDetailAt([coarse], qiaotou, 14)).toEqual({status: 'beyond-zoom', maxZoom: 13});
    expect(basemapDetailAt([coarse, datong], qiaotou, 14)).toEqual({status: 'detailed'});
  });
});

describe('basemapDetailAlong', () => {
  it('reports outside as soon as one vertex leaves every pack', () => {
    expect(basemapDetailAlong([datong], [qiaotou, [101.7, 36.95]], 16)).toEqual({status: 'detailed'});
    expect(basemapDetailAlong([datong], [qiaotou, [101.9, 36.95]], 16)).toEqual({status: 'outside'});
  });
});
