import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import {afterEach, describe, expect, it} from 'vitest';
import type {Plot} from '../geo/plot';
import {MemoryStorage} from './memory-storage';
import {inMemoryCrossTabHub} from './persistence/cross-tab';
import {PlotRepository} from './persistence/plot-repository';
import {formValuesOf} from './plot-form-slice';
import {selectSaveState} from './selectors';
import {createAppStore} from './store';

const plot = (id: string): Plot => ({
  type: 'Feature',
  geometry: {type: 'Polygon', coordinates: [[[101.6, 36.9], [101.601, 36.9], [101.601, 36.901], [101.6, 36.901], [101.6, 36.9]]]},
  properties: {id, name: '', zone: 'other', measure: 'slope', status: 'planned', completed: null, team: '', notes: '', updated: '2025-05-02T00:00:00.000Z'},
});

const opened: PlotRepository[] = [];
afterEach(() => {
  for (const r of opened.splice(0)) r.close();
});

async function deviceStore(factory = new IDBFactory()) {
  const repo = await PlotRepository.open({factory, actor: 'team-a', channel: inMemoryCrossTabHub().channel()});
  opened.push(repo);
  const store = createAppStore(new MemoryStorage());
  await store.getState().connectRepository(repo);
  return store;
}

describe('the plot form in the store', () => {
  it('refuses a form without a name or team, and a remediated plot without its date, writing nothing', async () => {
    const store = await deviceStore();
    store.getState().openForm({plot: plot('p1'), isNew: true});
    const values = formValuesOf(plot('p1'));
    expect(await store.getState().submitForm({...values, name: '  ', team: 'A'})).toEqual({ok: false, problem: {code: 'required-missing'}});
    expect(await store.getState().submitForm({...values, name: 'North', team: 'A', status: 'remediated'})).toEqual({ok: false, problem: {code: 'completed-required'}});
    expect(store.getState().storedPlots).toEqual({});
    expect(store.getState().form).not.toBeNull();
  });

  it('saves a new plot with trimmed names and its photos, then closes the form on the saved plot', async () => {
    const store = await deviceStore();
    store.getState().openForm({plot: plot('p1'), isNew: true});
    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'fence.jpg', {type: 'image/jpeg', lastModified: Date.parse('2025-07-01T00:00:00Z')});
    const result = await store.getState().submitForm({...formValuesOf(plot('p1')), name: ' North slope ', team: ' A ', status: 'remediated', completed: '2025-06-30'}, [photo]);
    expect(result).toEqual({ok: true, conflict: false});
    expect(store.getState().storedPlots.p1).toMatchObject({version: 2, plot: {properties: {name: 'North slope', team: 'A', completed: '2025-06-30'}}});
    expect(store.getState().form).toBeNull();
    expect(store.getState().selectedPlotId).toBe('p1');
    const photos = await store.getState().loadPhotos('p1');
    expect(photos.map((p) => [p.name, p.takenAt])).toEqual([['fence.jpg', '2025-07-01T00:00:00.000Z']]);
    expect((await store.getState().loadHistory('p1')).map((h) => h.action)).toEqual(['create', 'photo-add']);
  });

  it('turns a save over a plot changed since the form opened into a conflict, not an overwrite', async () => {
    const store = await deviceStore();
    await store.getState().savePlot({...plot('p1'), properties: {...plot('p1').properties, name: 'v1', team: 'A'}}, {baseVersion: null});
    store.getState().openForm({plot: store.getState().plots.p1!.plot, isNew: false});
    await store.getState().savePlot({...plot('p1'), properties: {...plot('p1').properties, name: 'v2', team: 'A'}});
    const result = await store.getState().submitForm({...formValuesOf(store.getState().form!.plot), notes: 'mine'});
    expect(result).toEqual({ok: true, conflict: true});
    expect(store.getState().conflicts.map((c) => c.plotId)).toEqual(['p1']);
    expect(store.getState().storedPlots.p1!.plot.properties.name).toBe('v2');
  });

  it('deletes the plot open in the form', async () => {
    const store = await deviceStore();
    await store.getState().savePlot({...plot('p1'), properties: {...plot('p1').properties, name: 'v1', team: 'A'}}, {baseVersion: null});
    store.getState().openForm({plot: store.getState().plots.p1!.plot, isNew: false});
    expect(await store.getState().deleteFormPlot()).toEqual({ok: true, conflict: false});
    expect(store.getState().storedPlots).toEqual({});
    expect(store.getState().form).toBeNull();
  });
});

describe('storage actions in the store', () => {
  it('restores a backup file over the open connection and shows the restored plots', async () => {
    const source = await deviceStore();
    await source.getState().savePlot({...plot('p1'), properties: {...plot('p1').properties, name: 'kept', team: 'A'}}, {baseVersion: null});
    const text = await source.getState().backupText();
    const target = await deviceStore();
    expect(await target.getState().restoreBackupText(text)).toEqual({ok: true, plots: 1, photos: 0, history: 1});
    expect(target.getState().storedPlots.p1).toMatchObject({version: 1, plot: {properties: {name: 'kept'}}});
    expect(selectSaveState(target.getState(), 'p1')).toEqual({state: 'saved'});
    // Restoring again would overwrite: refused, with the reason.
    expect(await target.getState().restoreBackupText(text)).toMatchObject({ok: false});
    expect(await target.getState().restoreBackupText('{"format": "other"}')).toMatchObject({ok: false});
  });

  it('loads the saved slides when the database connects', async () => {
    const factory = new IDBFactory();
    const first = await deviceStore(factory);
    first.getState().setCamera({center: [101.7, 36.96], zoom: 11, bearing: 0, pitch: 0});
    first.getState().addSlide({zh: '大通', en: 'Datong'}, 's1');
    await new Promise<void>((resolve) => {
      const stop = first.subscribe((s) => s.slidesSave.state === 'saved' && (stop(), resolve()));
    });
    const second = await deviceStore(factory);
    expect(second.getState().slides.map((s) => s.id)).toEqual(['s1']);
  });

  it('answers history and photo reads with nothing when no database is open', async () => {
    const store = createAppStore(new MemoryStorage());
    expect(await store.getState().loadHistory('p1')).toEqual([]);
    expect(await store.getState().loadPhotos('p1')).toEqual([]);
    expect(await store.getState().restoreBackupText('{}')).toMatchObject({ok: false});
  });
});
