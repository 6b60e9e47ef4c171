import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {importPlotFile} from '../geo/import/import-plot-file';
import type {Plot} from '../geo/plot';
import {zonesFromImport, type OfficialZones} from '../geo/zones-import';
import {MemoryStorage} from './memory-storage';
import {newPlotAt, subsidenceZones} from './new-plot';
import {zonesStore} from './persistence/zones-db';
import {selectTally} from './selectors';
import {createAppStore} from './store';
import {selectZonesSource} from './zones-slice';

const fromDisk = (async (url: string) => new Response(readFileSync(new URL(`../../geodata/${url}`, import.meta.url), 'utf8'), {status: 200})) as unknown as typeof fetch;
const fixture = (name: string) => readFileSync(new URL(`../../tests/fixtures/${name}`, import.meta.url));

async function officialZones(): Promise<OfficialZones> {
  const staged = await importPlotFile('official-zones-test.kml', fixture('official-zones-test.kml'));
  if (staged.status !== 'ready') throw new Error(staged.status);
  const zones = zonesFromImport(staged);
  return {source: {kind: 'official', fileName: 'official-zones-test.kml', date: '2026-01-02', zones: zones.length}, zones};
}

async function loadedStore(factory: IDBFactory) {
  const store = createAppStore(new MemoryStorage());
  store.setState({zonesStore: zonesStore(factory)});
  await store.getState().loadGeodata((file) => file, fromDisk);
  return store;
}

const plot = (lon: number, lat: number): Plot => ({
  type: 'Feature',
  geometry: {type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.002, lat], [lon + 0.002, lat + 0.002], [lon, lat + 0.002], [lon, lat]]]},
  properties: {id: `p-${lon}`, name: '', zone: '', measure: 'cover-regreen', status: 'verified', completed: '2025-03-01', team: '', notes: '', updated: '2025-03-01T00:00:00Z'},
});

describe('official zones', () => {
  it('are read through the import pipeline with their ids and both names', async () => {
    const {zones} = await officialZones();
    expect(zones.map((z) => z.properties)).toEqual([
      {id: 'TEST-A', name_zh: '测试正式区甲', name_en: 'Test official zone A'},
      {id: 'TEST-B', name_zh: '测试正式区乙', name_en: 'Test official zone B'},
    ]);
  });

  it('replace the indicative zones for the map layer, suggestion and tally, survive a reload, and can be reverted', async () => {
    const factory = new IDBFactory();
    const store = await loadedStore(factory);
    const shipped = store.getState().geodata!.datong;
    expect(selectZonesSource(store.getState())).toEqual({kind: 'indicative'});
    expect(subsidenceZones(store.getState()).map((z) => z.properties.id)).toContain('datong-subsidence-qiaotou-north');

    const applied = await store.getState().applyOfficialZones(await officialZones());
    expect(applied).toEqual({ok: true});
    const state = store.getState();
    const layer = state.geodata!.datong.features.features;
    expect(layer.filter((f) => f.properties?.kind === 'subsidence-zone').map((f) => [f.properties?.id, f.properties?.accuracy, f.properties?.official])).toEqual([
      ['TEST-A', 'published', true], ['TEST-B', 'published', true],
    ]);
    expect(layer.some((f) => f.properties?.kind === 'county')).toBe(true);
    expect(state.geodata!.datong.labels.features.length).toBe(layer.length);
    expect(selectZonesSource(state)).toMatchObject({kind: 'official', fileName: 'official-zones-test.kml'});
    // Zone suggestion for a new plot, and the tally's rows, use the official zones.
    expect(newPlotAt(state)(plot(101.65, 36.945).geometry).properties.zone).toBe('TEST-A');
    store.setState({plots: {a: {plot: plot(101.65, 36.945)} as never}});
    expect(selectTally(store.getState(), '2025-06-30').byZone.map((z) => z.id)).toEqual(['TEST-A', 'TEST-B', 'outside']);

    // A new page on the same device reads them back before or after the layers.
    const reloaded = await loadedStore(factory);
    expect(subsidenceZones(reloaded.getState()).map((z) => z.properties.id)).not.toContain('TEST-A');
    expect(await reloaded.getState().loadStoredZones()).toEqual({ok: true});
    expect(subsidenceZones(reloaded.getState()).map((z) => z.properties.id)).toEqual(['TEST-A', 'TEST-B']);
    const early = createAppStore(new MemoryStorage());
    early.setState({zonesStore: zonesStore(factory)});
    await early.getState().loadStoredZones();
    await early.getState().loadGeodata((file) => file, fromDisk);
    expect(subsidenceZones(early.getState()).map((z) => z.properties.id)).toEqual(['TEST-A', 'TEST-B']);

    expect(await reloaded.getState().revertToIndicativeZones()).toEqual({ok: true});
    expect(reloaded.getState().geodata!.datong).toEqual(shipped);
    expect(selectZonesSource(reloaded.getState())).toEqual({kind: 'indicative'});
    const afterRevert = await loadedStore(factory);
    await afterRevert.getState().loadStoredZones();
    expect(afterRevert.getState().officialZones).toBeNull();
  });

  it('are not used when the device cannot store them, and the caller is told why', async () => {
    const store = await loadedStore(new IDBFactory());
    const failing = {load: async () => null, save: async () => { throw new Error('QuotaExceededError'); }, clear: async () => {}};
    expect(await store.getState().applyOfficialZones(await officialZones(), failing)).toEqual({ok: false, message: 'QuotaExceededError'});
    expect(selectZonesSource(store.getState())).toEqual({kind: 'indicative'});
  });

  it('reach another tab of the app, which re-reads them from the device', async () => {
    const factory = new IDBFactory();
    const [tabA, tabB] = [await loadedStore(factory), await loadedStore(factory)];
    const stop = tabA.getState().followZonesInOtherTabs();
    try {
      await tabB.getState().applyOfficialZones(await officialZones());
      await expect.poll(() => subsidenceZones(tabA.getState()).map((z) => z.properties.id)).toEqual(['TEST-A', 'TEST-B']);
      await tabB.getState().revertToIndicativeZones();
      await expect.poll(() => tabA.getState().officialZones).toBeNull();
      expect(subsidenceZones(tabA.getState()).map((z) => z.properties.id)).toContain('datong-subsidence-qiaotou-north');
    } finally {
      stop();
    }
  });
});
