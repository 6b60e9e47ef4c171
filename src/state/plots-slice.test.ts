import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import {describe, expect, it} from 'vitest';
import type {Plot} from '../geo/plot';
import {syntheticPlots} from '../geo/test/synthetic-plots';
import {MemoryStorage} from './memory-storage';
import {inMemoryCrossTabHub} from './persistence/cross-tab';
import {PlotRepository} from './persistence/plot-repository';
import {selectSaveState} from './selectors';
import {createAppStore} from './store';

const remediated = (p: Plot): Plot => ({...p, properties: {...p.properties, status: 'remediated', completed: '2025-06-30'}});

describe('savePlot', () => {
  it('starts the write before the page shows the save (subscribers, map, React run while IndexedDB works)', async () => {
    const repo = await PlotRepository.open({factory: new IDBFactory(), actor: 'team-a', channel: inMemoryCrossTabHub().channel()});
    const store = createAppStore(new MemoryStorage());
    await store.getState().connectRepository(repo);
    const [plot] = syntheticPlots(3);
    await store.getState().commitPlots([{plot: plot!, base: {baseVersion: null}}]);
    const id = plot!.properties.id;
    const order: string[] = [];
    const write = repo.commit.bind(repo);
    repo.commit = (change) => {
      order.push(`write while ${selectSaveState(store.getState(), id)?.state}`);
      return write(change);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (selectSaveState(s, id) !== selectSaveState(prev, id)) order.push(selectSaveState(s, id)!.state);
    });
    const result = await store.getState().savePlot(remediated(plot!));
    unsubscribe();
    expect(result.ok).toBe(true);
    expect(order).toEqual(['write while saved', 'saving', 'saved']);
    expect(store.getState().storedPlots[id]?.version).toBe(2);
    // Saved is no entry: a save copies no record of every plot's state.
    expect(store.getState().saveState).toEqual({});
    repo.close();
  });

  it('with no database open, the save ends as not saved (never left “saving”) and is kept for export', async () => {
    const store = createAppStore(new MemoryStorage());
    const [plot] = syntheticPlots(1);
    const result = await store.getState().savePlot(plot!);
    expect(result.ok).toBe(false);
    expect(store.getState().saveState[plot!.properties.id]?.state).toBe('not-saved');
    expect(store.getState().unsaved).toHaveLength(1);
    expect(store.getState().plots[plot!.properties.id]?.plot).toBe(plot);
  });
});

describe('loading the stored plots', () => {
  it('shows the pages in runs that double, not one update per page, and ends with every plot saved', async () => {
    const repo = await PlotRepository.open({factory: new IDBFactory(), actor: 'team-a', channel: inMemoryCrossTabHub().channel()});
    const store = createAppStore(new MemoryStorage());
    await store.getState().connectRepository(repo);
    const plots = syntheticPlots(160);
    await store.getState().commitPlots(plots.map((plot) => ({plot, base: {baseVersion: null}})));
    // Pages of 10 whatever size is asked: 16 pages.
    const loadPages = repo.loadPages.bind(repo);
    let pages = 0;
    repo.loadPages = (_size, onPage) => loadPages(10, (records) => {
      pages++;
      onPage(records);
    });
    // Another page opening the same database.
    const opened = createAppStore(new MemoryStorage());
    const shown: number[] = [];
    const unsubscribe = opened.subscribe((s, prev) => {
      if (s.plots !== prev.plots) shown.push(Object.keys(s.plots).length);
    });
    await opened.getState().connectRepository(repo);
    unsubscribe();
    expect(pages).toBe(16);
    // The first page at once, then 10, 20, 40, 80 more; the last update only drops what the database no longer has.
    expect(shown).toEqual([10, 20, 40, 80, 160, 160]);
    expect(opened.getState().plotsLoading).toBe(false);
    expect(Object.keys(opened.getState().storedPlots)).toHaveLength(160);
    for (const plot of plots) expect(opened.getState().plots[plot.properties.id]?.plot).toEqual(plot);
    for (const plot of plots) expect(selectSaveState(opened.getState(), plot.properties.id)).toEqual({state: 'saved'});
    expect(opened.getState().saveState).toEqual({});
    repo.close();
  });
});
