import {describe, expect, it} from 'vitest';
import type {Plot, PlotProperties} from '../geo/plot';
import {selectPhotoSetKey, selectPlotList} from './selectors';
import type {AppState} from './store';

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

describe('the plot list kept newest first from one state to the next', () => {
  const at = (i: number) => `2025-01-01T00:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(3, '0')}Z`;
  const make = (id: string, i: number) => ({plot: plot({id, name: id, updated: at(i)}), version: 1});
  const listOf = (plots: Record<string, {plot: Plot; version: number}>) => selectPlotList({plots} as unknown as AppState);
  const fresh = (plots: Record<string, {plot: Plot; version: number}>) =>
    Object.values(plots).map((r) => r.plot).sort((a, b) => b.properties.updated.localeCompare(a.properties.updated));

  it('is the same array when only versions changed, and in order after edits, additions and removals', () => {
    let plots: Record<string, {plot: Plot; version: number}> = {};
    for (let i = 0; i < 200; i++) plots[`p${i}`] = make(`p${i}`, (i * 37) % 200);
    const first = listOf(plots);
    expect(first).toEqual(fresh(plots));
    plots = Object.fromEntries(Object.entries(plots).map(([id, r]) => [id, {...r, version: 2}]));
    expect(listOf(plots)).toBe(first);
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let step = 0; step < 50; step++) {
      plots = {...plots};
      const ids = Object.keys(plots);
      const pick = ids[next() % ids.length]!;
      const kind = next() % 3;
      if (kind === 0) plots[pick] = make(pick, 200 + step);
      else if (kind === 1) delete plots[pick];
      else plots[`n${step}`] = make(`n${step}`, 300 + step);
      expect(listOf(plots).map((p) => p.properties.id)).toEqual(fresh(plots).map((p) => p.properties.id));
    }
  });
});
