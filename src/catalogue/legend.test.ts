import {describe, expect, it} from 'vitest';
import {layersInView, mapLegendRows} from './legend';
import {LAYER_IDS} from './types';
import type {LayerId} from './types';

const allOn = Object.fromEntries(LAYER_IDS.map((id) => [id, {visible: true, opacity: 1}])) as Record<LayerId, {visible: boolean; opacity: number}>;

describe('the exported legend lists only the layers in view', () => {
  it('keeps a layer only when it is visible and drawn in the view', () => {
    const state = {...allOn, 'rail-lines': {visible: false, opacity: 1}};
    const inView = layersInView(state, new Set(['datong', 'rail-lines']));
    expect(LAYER_IDS.filter((id) => inView[id].visible)).toEqual(['datong']);
  });

  it('drops the entries of layers outside the view from the legend rows, and keeps the plot statuses', () => {
    const en = mapLegendRows(layersInView(allOn, new Set(['datong'])), 'en').map((r) => r.label);
    expect(en).toContain('Subsidence zone (indicative outline)');
    expect(en).not.toContain('Prefecture boundary');
    expect(en).not.toContain('Mine sites (indicative)');
    const everything = mapLegendRows(allOn, 'en').map((r) => r.label);
    expect(everything).toContain('Prefecture boundary');
    // Nothing rendered: statuses and the basemap only, fewer rows than with every layer.
    const none = mapLegendRows(layersInView(allOn, new Set()), 'en');
    expect(none.length).toBeLessThan(en.length);
    expect(none.some((r) => r.label === 'Subsidence zone (indicative outline)')).toBe(false);
  });
});
