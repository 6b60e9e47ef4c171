import {PMTiles} from 'pmtiles';
import {describe, expect, it} from 'vitest';
import {encodePng} from '../../tests/helpers/png';
import {orthoTiff} from '../../tests/helpers/test-orthos';
import type {OrthoConverter} from '../geo/ortho/ortho-client';
import {openOrtho} from '../geo/ortho/ortho-convert';
import {TILE_SIZE, tileRange} from '../geo/ortho/ortho-tiles';
import {BlobSource} from '../geo/packs/blob-source';
import {inspectPack} from '../geo/packs/inspect-pack';
import {MemoryStorage} from './memory-storage';
import {memoryPackStorage} from './pack-storage';
import type {StorageManagerLike} from './persistence/storage-persistence';
import {createAppStore} from './store';

/** The worker's pipeline in-process, with PNG tiles from the tests' encoder instead of OffscreenCanvas. */
const inProcess: OrthoConverter = async (file) => {
  const opened = await openOrtho(file);
  if (!opened.ok) return opened;
  const tiles = opened.source.tiles();
  return {ok: true, job: {
    plan: opened.source.plan,
    tileFormat: 'png',
    next: async () => {
      const step = await tiles.next();
      if (step.done) return null;
      const {z, x, y, rgba} = step.value;
      const at = (px: number, py: number) => (py * TILE_SIZE + px) * 4;
      return {z, x, y, bytes: encodePng(TILE_SIZE, TILE_SIZE, (px, py) => [rgba[at(px, py)]!, rgba[at(px, py) + 1]!, rgba[at(px, py) + 2]!])};
    },
    close: () => undefined,
  }};
};

const ORTHO = orthoTiff({epsg: 4522, centre: [101.69, 36.95], size: 300, pixelMeters: 2}).bytes;
const orthoFile = (bytes: Uint8Array = ORTHO, name = 'qiaotou-ortho.tif') => new File([bytes as BlobPart], name, {lastModified: Date.UTC(2026, 10, 1)});

function storeWith(storage = memoryPackStorage(), quota = 100_000_000) {
  const manager: StorageManagerLike = {estimate: async () => ({usage: 1000, quota}), persist: async () => true, persisted: async () => false};
  const store = createAppStore(new MemoryStorage());
  store.setState({packStorage: storage, storageManager: manager, orthoConverter: inProcess});
  return {storage, store, s: () => store.getState()};
}

describe('orthophoto import', () => {
  it('stores a Gauss-Krüger GeoTIFF as a raster pack the pack reader accepts, listed with its system and opacity', async () => {
    const {s, storage} = storeWith();
    await s().importOrtho(orthoFile());
    expect(s().orthoImport).toMatchObject({state: 'stored', fileName: 'qiaotou-ortho.tif', name: 'qiaotou-ortho'});
    expect(s().packs).toHaveLength(1);
    const [pack] = s().packs;
    expect(pack).toMatchObject({kind: 'raster', minZoom: 10, maxZoom: 16, container: 'pmtiles', opacity: 1, visible: true, ortho: {epsg: 4522, widthPixels: 300}});
    const file = await storage.readPack(pack!.id);
    expect(pack!.sizeBytes).toBe(file.size);
    const check = await inspectPack(file);
    expect(check).toMatchObject({ok: true, pack: {kind: 'raster', tileFormat: 'png', minZoom: 10, maxZoom: 16}});
    expect(check.ok && check.pack.tileCount).toBe(pack!.tileCount);
    // Its bounds are the image's (600 m square around Qiaotou).
    const [w, , e] = pack!.bounds;
    expect((e - w) * 111_320 * Math.cos((36.95 * Math.PI) / 180)).toBeCloseTo(600, -1);
    const pm = new PMTiles(new BlobSource(file, 'o'));
    const {x0, y0} = tileRange([101.69, 36.95, 101.69, 36.95], 16);
    expect((await pm.getZxy(16, x0, y0))?.data.byteLength).toBeGreaterThan(100);
    expect(await pm.getZxy(16, x0 + 3, y0)).toBeUndefined();

    s().setPackOpacity(pack!.id, 0.4);
    expect(s().packs[0]!.opacity).toBe(0.4);
    expect(storage.index[0]!.opacity).toBe(0.4);
  });

  it('refuses a file that is not a GeoTIFF and stores nothing', async () => {
    const {s, storage} = storeWith();
    await s().importOrtho(orthoFile(new TextEncoder().encode('PK\u0003\u0004 a zip, not a tiff'), 'photo.tif'));
    expect(s().orthoImport).toEqual({state: 'refused', fileName: 'photo.tif', problem: {code: 'not-tiff'}});
    expect(s().packs).toEqual([]);
    expect(storage.files.size).toBe(0);
  });

  it('reports a full disk during the write and leaves nothing behind', async () => {
    const storage = memoryPackStorage({failWrite: () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')});
    const {s} = storeWith(storage);
    await s().importOrtho(orthoFile());
    expect(s().orthoImport).toMatchObject({state: 'failed', reason: 'quota'});
    expect(s().packs).toEqual([]);
    expect(storage.files.size).toBe(0);
    expect(storage.index).toEqual([]);
  });

  it('says the device is too full before converting when the estimate has no room for the tiles', async () => {
    const {s, storage} = storeWith(memoryPackStorage(), 5000);
    await s().importOrtho(orthoFile());
    expect(s().orthoImport).toMatchObject({state: 'failed', reason: 'quota'});
    expect(storage.files.size).toBe(0);
  });

  it('cancels a conversion under way: the job is closed, no file is left and nothing is listed', async () => {
    const storage = memoryPackStorage();
    const {s, store} = storeWith(storage);
    let closed = false;
    const closing: OrthoConverter = async (file) => {
      const opened = await inProcess(file);
      return opened.ok ? {ok: true, job: {...opened.job, close: () => { closed = true; }}} : opened;
    };
    store.setState({orthoConverter: closing});
    const seen: string[] = [];
    const unsubscribe = store.subscribe((state) => {
      const job = state.orthoImport;
      seen.push(job.state);
      // The first progress report (after 16 tiles): the user presses Cancel.
      if (job.state === 'converting' && job.tilesDone > 0) state.cancelOrthoImport();
    });
    await s().importOrtho(orthoFile());
    unsubscribe();
    expect(seen).toContain('converting');
    expect(s().orthoImport).toEqual({state: 'cancelled', fileName: 'qiaotou-ortho.tif'});
    expect(closed).toBe(true);
    expect(s().packs).toEqual([]);
    expect(storage.files.size).toBe(0);
    expect(storage.index).toEqual([]);
    // A new import may start at once.
    store.setState({orthoConverter: inProcess});
    await s().importOrtho(orthoFile());
    expect(s().orthoImport).toMatchObject({state: 'stored'});
  });
});
