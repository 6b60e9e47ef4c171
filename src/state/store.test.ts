import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {createAppStore, mergePersisted} from './store';
import {MemoryStorage} from './memory-storage';

describe('app store', () => {
  it('shows every layer at full opacity by default', () => {
    const store = createAppStore(new MemoryStorage());
    const {layerState} = store.getState();
    expect(Object.values(layerState).every((l) => l.visible && l.opacity === 1)).toBe(true);
    expect(Object.keys(layerState)).toEqual(['haixi', 'datong', 'muli', 'industrial-parks', 'rail-lines']);
  });

  it('remembers layer choices across a reload but not the language', () => {
    const storage = new MemoryStorage();
    const first = createAppStore(storage);
    first.getState().setVisible('muli', false);
    first.getState().setOpacity('haixi', 0.25);
    first.getState().setLang('en');
    const second = createAppStore(storage);
    expect(second.getState().layerState.muli.visible).toBe(false);
    expect(second.getState().layerState.haixi.opacity).toBe(0.25);
    expect(second.getState().lang).toBe('zh');
  });

  it('clamps opacity into 0–1', () => {
    const store = createAppStore(new MemoryStorage());
    store.getState().setOpacity('datong', 3);
    expect(store.getState().layerState.datong.opacity).toBe(1);
    store.getState().setOpacity('datong', -1);
    expect(store.getState().layerState.datong.opacity).toBe(0);
  });

  it('ignores a corrupt saved state instead of failing', () => {
    const current = createAppStore(new MemoryStorage()).getState();
    const merged = mergePersisted({layerState: {muli: {visible: 'yes', opacity: 'x'}, bogus: 1}}, current);
    expect(merged.layerState.muli).toEqual({visible: true, opacity: 1});
    expect(merged.layerState).not.toHaveProperty('bogus');
  });
});

describe('loading geodata', () => {
  const fromDisk = (async (url: string) => {
    const body = readFileSync(new URL(`../../geodata/${url}`, import.meta.url), 'utf8');
    return new Response(body, {status: 200});
  }) as unknown as typeof fetch;

  it('loads all six files with label points and bounding boxes', async () => {
    const store = createAppStore(new MemoryStorage());
    await store.getState().loadGeodata((file) => file, fromDisk);
    const {geodata, geodataStatus} = store.getState();
    expect(geodataStatus).toBe('ready');
    expect(Object.keys(geodata!).sort()).toEqual(['basemap', 'datong', 'haixi', 'industrial-parks', 'muli', 'rail-lines']);
    expect(geodata!.haixi.labels.features.length).toBe(geodata!.haixi.features.features.length);
    expect(geodata!.datong.bbox![0]).toBeGreaterThan(100);
  });

  it('names the file that failed and loads nothing', async () => {
    const store = createAppStore(new MemoryStorage());
    const broken = (async (url: string) =>
      url === 'muli.geojson' ? new Response('{"type":"Feature', {status: 200}) : fromDisk(url)) as unknown as typeof fetch;
    await store.getState().loadGeodata((file) => file, broken);
    expect(store.getState().geodataStatus).toBe('error');
    expect(store.getState().geodataError).toMatch(/^muli\.geojson: not valid JSON/);
    expect(store.getState().geodata).toBeNull();
  });
});
