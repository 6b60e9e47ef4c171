import {describe, expect, it, vi} from 'vitest';
import type * as maplibregl from 'maplibre-gl';
import {IMPORT_PREVIEW_SOURCE, PLOTS_SOURCE} from '../../catalogue/plots';
import type {Plot} from '../../geo/plot';
import {MemoryStorage} from '../../state/memory-storage';
import {createAppStore} from '../../state/store';
import type {AppState} from '../../state/store';
import {selectStyleInputs} from '../map-style';
import {EDIT_HOLD_MS, attachStyleSync} from './style-sync';

const plot = (id: string, status: Plot['properties']['status'] = 'planned'): Plot => ({
  type: 'Feature', geometry: {type: 'Polygon', coordinates: [[[101, 37], [101.01, 37], [101.01, 37.01], [101, 37]]]},
  properties: {id, name: id, zone: 'z', measure: 'cover-regreen', status, completed: null, team: 't', notes: '', updated: '2025-01-01T00:00:00Z'},
});

/** A map with the two fed sources, recording what each update hands the plots source. */
function setUp() {
  const store = createAppStore(new MemoryStorage());
  store.setState({geodata: {} as AppState['geodata'], plots: {a: {plot: plot('a'), version: 1}, b: {plot: plot('b'), version: 1}},
    saveState: {a: {state: 'saved'}, b: {state: 'saved'}}});
  const updates: string[][] = [];
  const source = (records: boolean) => ({
    setData: vi.fn(async () => undefined),
    updateData: vi.fn(async (diff: {add: {id?: string | number}[]}) => void (records && updates.push(diff.add.map((f) => String(f.id))))),
  });
  const sources = new Map<string, unknown>([[PLOTS_SOURCE, source(true)], [IMPORT_PREVIEW_SOURCE, source(false)]]);
  const map = {
    getSource: (id: string) => sources.get(id), on: () => undefined, off: () => undefined, once: () => undefined,
    isSourceLoaded: () => true, setStyle: vi.fn(), getCenter: () => ({toArray: () => [101, 37]}), getZoom: () => 10,
  } as unknown as maplibregl.Map;
  const detach = attachStyleSync(map, store, selectStyleInputs(store.getState())!);
  return {store, updates, detach};
}

const edit = (s: AppState, id: string): Partial<AppState> => ({
  plots: {...s.plots, [id]: {plot: plot(id, 'remediated'), version: 1}}, saveState: {...s.saveState, [id]: {state: 'saving'}},
});
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('style sync', () => {
  it('hands the map a saved plot once the save is through and its total shown, in a later task', async () => {
    const {store, updates, detach} = setUp();
    store.setState((s) => edit(s, 'a'));
    await tick();
    expect(updates).toEqual([]);
    // Stored; in the same task the tally service finds the worker still counting, and the header
    // shows the old total as updating.
    store.setState({saveState: {...store.getState().saveState, a: {state: 'saved'}}});
    store.setState({workerTally: {tally: {} as never, current: false}});
    await tick();
    expect(updates).toEqual([]);
    store.setState({workerTally: {tally: {} as never, current: true}});
    expect(updates).toEqual([]);
    await tick();
    expect(updates).toEqual([['a']]);
    detach();
  });

  it('hands it a selection at once, and a save that hangs after EDIT_HOLD_MS', async () => {
    const {store, updates, detach} = setUp();
    store.setState({selectedPlotId: 'b'});
    expect(updates).toEqual([['b']]);
    store.setState((s) => edit(s, 'a'));
    await tick(EDIT_HOLD_MS / 2);
    expect(updates).toEqual([['b']]);
    await tick(EDIT_HOLD_MS);
    expect(updates).toEqual([['b'], ['a']]);
    expect(store.getState().saveState.a?.state).toBe('saving');
    detach();
  });
});
