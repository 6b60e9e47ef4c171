import {describe, expect, it} from 'vitest';
import {vectorPack} from '../../tests/helpers/test-packs';
import {MemoryStorage} from './memory-storage';
import {distanceMeters} from '../geo/geodesic-distance';
import {memoryPackStorage} from './pack-storage';
import type {StorageManagerLike} from './persistence/storage-persistence';
import {createAppStore} from './store';

const PACK = vectorPack(undefined, [10, 12]);
const packFile = (bytes: Uint8Array = PACK, name = 'datong.pmtiles') => new File([bytes as BlobPart], name, {lastModified: Date.UTC(2026, 10, 1)});

function storeWith(storage = memoryPackStorage(), manager: StorageManagerLike = {estimate: async () => ({usage: 1000, quota: 10_000_000}), persist: async () => true, persisted: async () => false}) {
  const store = createAppStore(new MemoryStorage());
  store.setState({packStorage: storage, storageManager: manager});
  return {store, storage, s: () => store.getState()};
}

describe('packs slice', () => {
  it('stores a good pack, lists it with its kind, zooms and size, and asks for persistent storage', async () => {
    const {s, storage} = storeWith();
    await s().importPack(packFile());
    expect(s().packImport).toEqual({state: 'stored', fileName: 'datong.pmtiles', name: 'Datong test pack (synthetic)'});
    expect(s().packs).toHaveLength(1);
    const [pack] = s().packs;
    expect(pack).toMatchObject({kind: 'vector', minZoom: 10, maxZoom: 12, sizeBytes: PACK.length, fileDate: '2026-11-01T00:00:00.000Z', visible: true, outline: false});
    expect(storage.files.size).toBe(1);
    expect(s().packSpace.persisted).toBe('granted');
    expect(s().packSpace.estimate?.quotaBytes).toBe(10_000_000);
  });

  it('keeps the packs across a restart (the index is read back)', async () => {
    const first = storeWith();
    await first.s().importPack(packFile());
    const second = storeWith(first.storage);
    await second.s().loadPacks();
    expect(second.s().packs.map((p) => p.name)).toEqual(['Datong test pack (synthetic)']);
  });

  it('refuses a truncated file with its reason and stores nothing', async () => {
    const {s, storage} = storeWith();
    await s().importPack(packFile(PACK.slice(0, PACK.length - 100), 'cut.pmtiles'));
    expect(s().packImport).toMatchObject({state: 'refused', fileName: 'cut.pmtiles', problem: {code: 'truncated'}});
    expect(s().packs).toEqual([]);
    expect(storage.files.size).toBe(0);
    expect(storage.index).toEqual([]);
  });

  it('reports a full disk during the write and leaves nothing half-written', async () => {
    const storage = memoryPackStorage({failWrite: () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')});
    const {s} = storeWith(storage);
    await s().importPack(packFile());
    expect(s().packImport).toMatchObject({state: 'failed', reason: 'quota'});
    expect(s().packs).toEqual([]);
    expect(storage.files.size).toBe(0);
    expect(storage.index).toEqual([]);
  });

  it('says the disk is full before writing when the estimate leaves no room', async () => {
    const storage = memoryPackStorage();
    const {s} = storeWith(storage, {estimate: async () => ({usage: 9_999_000, quota: 10_000_000})});
    await s().importPack(packFile());
    expect(s().packImport).toMatchObject({state: 'failed', reason: 'quota'});
    expect(storage.files.size).toBe(0);
  });

  it('removes the pack file if the index cannot be written, so no pack is half-listed', async () => {
    const storage = memoryPackStorage();
    storage.saveIndex = async () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const {s} = storeWith(storage);
    await s().importPack(packFile());
    expect(s().packImport).toMatchObject({state: 'failed', reason: 'quota'});
    expect(storage.files.size).toBe(0);
  });

  it('deletes a pack and its file; cleans up a file an interrupted import left unlisted', async () => {
    const {s, storage} = storeWith();
    await s().importPack(packFile());
    await s().deletePack(s().packs[0]!.id);
    expect(s().packs).toEqual([]);
    expect(storage.files.size).toBe(0);
    storage.files.set('orphan', new Blob(['x']));
    await s().loadPacks();
    expect(storage.files.size).toBe(0);
  });

  it('remembers whether a pack and its outline are shown', async () => {
    const {s, storage} = storeWith();
    await s().importPack(packFile());
    const id = s().packs[0]!.id;
    s().setPackVisible(id, false);
    s().setPackOutline(id, true);
    await Promise.resolve();
    expect(storage.index[0]).toMatchObject({visible: false, outline: true});
  });
});

describe('the no-detailed-basemap notice', () => {
  it('shows while drawing outside every pack, and not inside one', async () => {
    const {selectBasemapNotice} = await import('./pack-selectors');
    const {s, store} = storeWith();
    store.setState({camera: {center: [101.69, 36.95], zoom: 14, bearing: 0, pitch: 0}});
    expect(selectBasemapNotice(s())).toBeNull(); // no field tool
    s().setTool('draw');
    expect(selectBasemapNotice(s())).toEqual({status: 'outside'}); // no pack at all
    await s().importPack(packFile());
    expect(selectBasemapNotice(s())).toBeNull();
    s().setDraft({type: 'Polygon', coordinates: [[[101.69, 36.95], [101.9, 36.95], [101.69, 36.96], [101.69, 36.95]]]}, null);
    expect(selectBasemapNotice(s())).toEqual({status: 'outside'});
    s().setDraft(null, null);
    store.setState({camera: {center: [101.69, 36.95], zoom: 16, bearing: 0, pitch: 0}});
    expect(selectBasemapNotice(s())).toEqual({status: 'beyond-zoom', maxZoom: 15}); // z10–12 pack, +3
  });

  it('follows the walked boundary', async () => {
    const {selectBasemapNotice} = await import('./pack-selectors');
    const {s, store} = storeWith();
    await s().importPack(packFile());
    store.setState({camera: {center: [101.69, 36.95], zoom: 14, bearing: 0, pitch: 0}});
    s().setTool('walk');
    expect(selectBasemapNotice(s())).toBeNull();
    s().walkFix({lon: 99.2, lat: 38.1, accuracyMeters: 3, time: Date.now()}, distanceMeters);
    expect(selectBasemapNotice(s())).toEqual({status: 'outside'});
  });
});

describe('the notice while drawing', () => {
  it('follows the pointer: the next vertex goes where it is', async () => {
    const {selectBasemapNotice} = await import('./pack-selectors');
    const {s, store} = storeWith();
    await s().importPack(packFile());
    store.setState({camera: {center: [101.69, 36.95], zoom: 14, bearing: 0, pitch: 0}});
    s().setTool('draw');
    s().setCursor([101.7, 36.95]);
    expect(selectBasemapNotice(s())).toBeNull();
    s().setCursor([101.81, 36.95]);
    expect(selectBasemapNotice(s())).toEqual({status: 'outside'});
  });
});
