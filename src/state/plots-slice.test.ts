import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import {describe, expect, it} from 'vitest';
import type {Plot} from '../geo/plot';
import {syntheticPlots} from '../geo/test/synthetic-plots';
import {MemoryStorage} from './memory-storage';
import {inMemoryCrossTabHub} from './persistence/cross-tab';
import {PlotRepository} from './persistence/plot-repository';
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
      order.push(`write while ${store.getState().saveState[id]?.state}`);
      return write(change);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.saveState[id] !== prev.saveState[id]) order.push(s.saveState[id]!.state);
    });
    const result = await store.getState().savePlot(remediated(plot!));
    unsubscribe();
    expect(result.ok).toBe(true);
    expect(order).toEqual(['write while saved', 'saving', 'saved']);
    expect(store.getState().storedPlots[id]?.version).toBe(2);
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
