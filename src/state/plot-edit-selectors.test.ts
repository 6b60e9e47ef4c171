import {describe, expect, it} from 'vitest';
import type {Feature} from 'geojson';
import {collectionDiffFrom, type CollectionDiff} from '../catalogue/collection-diffs';
import {plotsCollection} from '../catalogue/plots';
import type {Plot} from '../geo/plot';
import {syntheticPlots} from '../geo/test/synthetic-plots';
import {MemoryStorage} from './memory-storage';
import type {Change, CommitResult, PlotRecord, PlotRepository} from './persistence/plot-repository';
import {plotSearchKeeper, selectListedPlots, selectNotSavedPlots, selectPlotCount, selectPlotList, selectPlotsCollection, selectSaveState} from './selectors';
import {createAppStore} from './store';

/** Storage that keeps versions in memory; `fail` makes the next writes fail as a full disk would. */
function memoryRepository(records: readonly PlotRecord[]) {
  const versions = new Map(records.map((r) => [r.plot.properties.id, r.version]));
  const control = {fail: false};
  const repo = {
    onRemoteChange: () => () => undefined,
    loadAll: async () => [...records],
    loadSlides: async () => [],
    commit: async (change: Change): Promise<CommitResult> => {
      if (change.kind !== 'put') throw new Error('puts only');
      if (control.fail) return {ok: false, reason: 'quota', message: 'disk full'};
      const id = change.plot.properties.id;
      const version = (versions.get(id) ?? 0) + 1;
      versions.set(id, version);
      return {ok: true, record: {plot: change.plot, version}};
    },
  } as unknown as PlotRepository;
  return {repo, control};
}

/** The collection as it would be drawn from scratch for the state now. */
function drawnInFull(s: ReturnType<ReturnType<typeof createAppStore>['getState']>) {
  const notSaved = new Set(selectNotSavedPlots(s).map((p) => p.properties.id));
  return plotsCollection(selectPlotList(s), (p) => ({unsaved: notSaved.has(p.properties.id), selected: p.properties.id === s.selectedPlotId}));
}

const byFeatureId = (x: Feature, y: Feature) => String(x.id).localeCompare(String(y.id));
const edited = (p: Plot, at: string): Plot => ({...p, properties: {...p.properties, status: 'remediated', completed: '2025-06-30', updated: at}});

describe('one edit among many plots', () => {
  it('patches the edited and selected plots into the list and the map collection, and says which they were', async () => {
    const plots = syntheticPlots(400);
    const {repo, control} = memoryRepository(plots.map((plot) => ({plot, version: 1})));
    const store = createAppStore(new MemoryStorage());
    await store.getState().connectRepository(repo);
    let drawn = selectPlotsCollection(store.getState());
    const diffs: CollectionDiff[] = [];
    const noted: boolean[] = [];
    const applied: Feature[][] = [];
    const wanted: Feature[][] = [];
    store.subscribe((s) => {
      const next = selectPlotsCollection(s);
      if (next !== drawn) {
        // Known from the patch, not found by comparing every feature; applied to what was
        // drawn, it gives what is to be drawn.
        const diff = collectionDiffFrom(drawn, next);
        noted.push(diff !== null);
        if (diff) {
          const byId = new Map(drawn.features.map((f) => [f.id, f]));
          for (const id of diff.remove) byId.delete(id);
          for (const f of diff.add) byId.set(f.id, f);
          applied.push([...byId.values()].sort(byFeatureId));
          wanted.push([...next.features].sort(byFeatureId));
          diffs.push(diff);
        }
      }
      drawn = next;
    });

    const [a, b, c] = [plots[7]!, plots[123]!, plots[321]!];
    store.getState().selectPlot(a.properties.id);
    expect(await store.getState().savePlot(edited(a, '2026-01-02T00:00:00.000Z'))).toMatchObject({ok: true});
    store.getState().selectPlot(b.properties.id);
    // An edit dated before others: it goes back in its place, not to the top.
    expect(await store.getState().savePlot(edited(b, '2024-01-01T00:00:00.000Z'))).toMatchObject({ok: true});
    control.fail = true;
    expect(await store.getState().savePlot(edited(c, '2026-02-01T00:00:00.000Z'))).toMatchObject({ok: false});

    const s = store.getState();
    expect(selectPlotList(s)).toEqual([...Object.values(s.plots).map((r) => r.plot)].sort((x, y) => (x.properties.updated < y.properties.updated ? 1 : x.properties.updated > y.properties.updated ? -1 : 0)));
    expect(selectPlotCount(s)).toBe(400);
    expect(selectPlotsCollection(s)).toEqual(drawnInFull(s));
    expect(selectPlotsCollection(s).features.find((f) => f.id === c.properties.id)?.properties).toMatchObject({unsaved: true});
    expect(selectNotSavedPlots(s).map((p) => p.properties.id)).toEqual([c.properties.id]);
    // Each change of the drawing names only the plots it touched, as a full comparison would.
    expect(diffs.length).toBeGreaterThan(0);
    expect(noted.every(Boolean)).toBe(true);
    expect(applied).toEqual(wanted);
    for (const diff of diffs) {
      expect(diff.add.length).toBeLessThanOrEqual(2);
      expect(diff.add.map((f) => f.id).sort()).toEqual([...diff.remove].sort());
    }
    expect(diffs.flatMap((d) => d.add.map((f) => f.id))).toEqual(expect.arrayContaining([a, b, c].map((p) => p.properties.id)));
  });
});

describe('a plot whose id is "__proto__"', () => {
  // Ids come from the files plots were imported from. Set with `plots[id] = record`, this one
  // replaced the prototype of the store's records instead of adding a plot: it was left out of
  // the list, the map and the total.
  it('is stored, listed and drawn like any other, when read back and when saved', async () => {
    const [first, second] = syntheticPlots(2) as [Plot, Plot];
    const odd: Plot = {...first, properties: {...first.properties, id: '__proto__'}};
    const {repo} = memoryRepository([{plot: odd, version: 1}, {plot: second, version: 1}]);
    const store = createAppStore(new MemoryStorage());
    await store.getState().connectRepository(repo);
    const listed = () => selectPlotList(store.getState()).map((p) => p.properties.id).sort();
    expect(listed()).toEqual(['__proto__', second.properties.id].sort());
    expect(Object.getPrototypeOf(store.getState().plots)).toBe(Object.prototype);
    const result = await store.getState().savePlot(edited(odd, '2026-01-02T00:00:00Z'));
    expect(result.ok).toBe(true);
    const s = store.getState();
    expect(Object.getPrototypeOf(s.plots)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(s.storedPlots)).toBe(Object.prototype);
    expect(Object.keys(s.storedPlots).sort()).toEqual(['__proto__', second.properties.id].sort());
    expect(s.storedPlots['__proto__']).toMatchObject({version: 2});
    expect(selectSaveState(s, '__proto__')).toEqual({state: 'saved'});
    expect(listed()).toEqual(['__proto__', second.properties.id].sort());
    expect(selectPlotsCollection(s).features.map((f) => f.id).sort()).toEqual(['__proto__', second.properties.id].sort());
  });
});

describe('the plot list search', () => {
  it('follows each save without filtering every plot again, and finds what a full search finds', async () => {
    const plots = syntheticPlots(400);
    const {repo} = memoryRepository(plots.map((plot) => ({plot, version: 1})));
    const store = createAppStore(new MemoryStorage());
    await store.getState().connectRepository(repo);
    // As the mounted list does: the listed plots are asked for at every update.
    store.subscribe((s) => void selectListedPlots(s));
    const search = plotSearchKeeper();
    const query = 'plot 1';
    const fully = (list: readonly Plot[]) => list.filter((p) => p.properties.name.toLowerCase().includes(query) || p.properties.id.toLowerCase().includes(query));
    expect(search(selectListedPlots(store.getState()), query)).toEqual(fully(selectListedPlots(store.getState())));
    const renamed = (p: Plot, name: string, at: string): Plot => ({...p, properties: {...p.properties, name, updated: at}});
    // A match edited, a match renamed out of the search, another plot renamed into it, two saves at the same instant.
    const edits = [
      edited(plots[12]!, '2026-03-01T00:00:00Z'),
      renamed(plots[150]!, 'Field north', '2026-03-02T00:00:00Z'),
      renamed(plots[250]!, 'Plot 1 east', '2026-03-03T00:00:00Z'),
      edited(plots[13]!, '2026-03-03T00:00:00Z'),
      edited(plots[300]!, '2026-03-03T00:00:00Z'),
    ];
    for (const plot of edits) {
      await store.getState().savePlot(plot);
      const list = selectListedPlots(store.getState());
      let filtered = 0;
      // The full pass is list.filter: counted on this list only.
      Object.defineProperty(list, 'filter', {value: (...args: Parameters<Plot[]['filter']>) => (filtered++, Array.prototype.filter.apply(list, args)), configurable: true});
      const found = search(list, query);
      expect(filtered).toBe(0);
      delete (list as {filter?: unknown}).filter;
      expect(found.map((p) => p.properties.id)).toEqual(fully(list).map((p) => p.properties.id));
    }
    expect(search(selectListedPlots(store.getState()), query).map((p) => p.properties.name)).toContain('Plot 1 east');
    expect(search(selectListedPlots(store.getState()), query).map((p) => p.properties.name)).not.toContain('Field north');
  });
});
