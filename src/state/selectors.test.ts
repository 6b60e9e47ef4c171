import {describe, expect, it} from 'vitest';
import type {Plot, PlotProperties} from '../geo/plot';
import {selectPhotoSetKey} from './selectors';

function plot(p: Partial<PlotProperties> & {photos?: string[]} = {}): Plot {
  return {
    type: 'Feature',
    geometry: {type: 'Polygon', coordinates: [[[101.68, 36.95], [101.681, 36.95], [101.681, 36.951], [101.68, 36.951], [101.68, 36.95]]]},
    properties: {id: 'a', name: 'a', zone: 'z', measure: 'cover-regreen', status: 'planned', completed: null, team: 't', notes: '', updated: '2025-01-01T00:00:00Z', ...p},
  };
}
const state = (record: {plot: Plot; version: number} | undefined): {plots: Record<string, {plot: Plot; version: number}>} => ({plots: record ? {a: record} : {}});

describe('the photo strip reads again only when the plot’s photos change', () => {
  it('keeps its key through an edit of the plot’s fields', () => {
    const before = selectPhotoSetKey(state({plot: plot({photos: ['h1']}), version: 3}), 'a');
    const after = selectPhotoSetKey(state({plot: plot({photos: ['h1'], status: 'remediated', completed: '2025-06-30'}), version: 4}), 'a');
    expect(after).toBe(before);
  });

  it('changes its key when a photo is added or removed', () => {
    const one = selectPhotoSetKey(state({plot: plot({photos: ['h1']}), version: 3}), 'a');
    expect(selectPhotoSetKey(state({plot: plot({photos: ['h1', 'h2']}), version: 4}), 'a')).not.toBe(one);
    expect(selectPhotoSetKey(state({plot: plot({photos: []}), version: 5}), 'a')).not.toBe(one);
  });

  it('follows the version of a plot that names no photos', () => {
    expect(selectPhotoSetKey(state({plot: plot(), version: 1}), 'a')).not.toBe(selectPhotoSetKey(state({plot: plot(), version: 2}), 'a'));
    expect(selectPhotoSetKey(state(undefined), 'a')).toBe('none');
    expect(selectPhotoSetKey(state(undefined), null)).toBe('');
  });
});
