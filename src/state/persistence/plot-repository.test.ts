import 'fake-indexeddb/auto';
import {IDBFactory, forceCloseDatabase} from 'fake-indexeddb';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {Plot, PlotProperties} from '../../geo/plot';
import {inMemoryCrossTabHub, type CrossTabChannel, type PlotChangeMessage} from './cross-tab';
import {DB_NAME, DB_VERSION} from './plot-db';
import {failNthPut, quotaError, recordDurabilities} from './idb-test-spies';
import {PlotRepository, PlotStorageError, type PhotoRecord, type PlotRepositoryOptions} from './plot-repository';

function plotFixture(id: string, properties: Partial<PlotProperties> = {}): Plot {
  return {
    type: 'Feature',
    geometry: {type: 'Polygon', coordinates: [[[101.6, 36.9], [101.601, 36.9], [101.601, 36.901], [101.6, 36.901], [101.6, 36.9]]]},
    properties: {
      id, name: `Plot ${id}`, zone: 'Datong', measure: 'cover-regreen', status: 'in_progress', completed: null,
      team: 'team-a', notes: '', updated: '2025-06-01T00:00:00.000Z', ...properties,
    },
  };
}

function photoFixture(id: string, plotId: string, bytes: number[]): PhotoRecord {
  return {
    id, plotId, name: `${id}.jpg`, type: 'image/jpeg', takenAt: '2025-06-02T03:04:05.000Z',
    blob: new Blob([new Uint8Array(bytes)], {type: 'image/jpeg'}),
    thumbnail: new Blob([new Uint8Array(bytes.slice(0, 2))], {type: 'image/jpeg'}),
  };
}

/** A clock one minute further on at each reading, so history times are distinct and known. */
function minuteClock(start = Date.parse('2025-06-10T08:00:00.000Z')): () => Date {
  let t = start;
  return () => new Date((t += 60_000));
}

const opened: PlotRepository[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const repository of opened.splice(0)) repository.close();
});

async function openRepository(factory: IDBFactory, options: Partial<PlotRepositoryOptions> = {}): Promise<PlotRepository> {
  const repository = await PlotRepository.open({factory, actor: 'team-a', channel: inMemoryCrossTabHub().channel(), now: minuteClock(), ...options});
  opened.push(repository);
  return repository;
}

/** Opens the database without the repository and reads every store, blobs as bytes, to compare states. */
async function snapshotOf(factory: IDBFactory, name = DB_NAME): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const stores: Record<string, unknown[]> = {};
  for (const storeName of [...db.objectStoreNames]) {
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction(storeName).objectStore(storeName).getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    stores[storeName] = await Promise.all(rows.map(bytesOfBlobs));
  }
  db.close();
  return JSON.stringify(stores);
}

async function bytesOfBlobs(value: unknown): Promise<unknown> {
  if (value instanceof Blob) return [...new Uint8Array(await value.arrayBuffer())];
  if (typeof value !== 'object' || value === null) return value;
  const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await bytesOfBlobs(v)] as const));
  return Object.fromEntries(entries);
}

/** A factory that hands the test every connection it opens, so the test can close one behind the repository's back. */
function connectionCapturingFactory(factory: IDBFactory): {factory: IDBFactory; connections: IDBDatabase[]} {
  const connections: IDBDatabase[] = [];
  const open = (name: string, version?: number) => {
    const request = factory.open(name, version);
    request.addEventListener('success', () => connections.push(request.result));
    return request;
  };
  return {factory: {open, deleteDatabase: factory.deleteDatabase.bind(factory), databases: factory.databases.bind(factory), cmp: factory.cmp.bind(factory)}, connections};
}

function nextRemoteChange(repository: PlotRepository): Promise<string[]> {
  return new Promise((resolve) => {
    const stop = repository.onRemoteChange((ids) => {
      stop();
      resolve(ids);
    });
  });
}

describe('PlotRepository', () => {
  it('keeps a created plot across a reload, at version 1', async () => {
    const factory = new IDBFactory();
    const first = await openRepository(factory);
    const created = await first.commit({kind: 'put', plot: plotFixture('p1'), expectedVersion: null});
    expect(created).toEqual({ok: true, record: {plot: plotFixture('p1'), version: 1}});
    first.close();

    const afterReload = await openRepository(factory);
    expect(await afterReload.loadAll()).toEqual([{plot: plotFixture('p1'), version: 1}]);
    expect((await afterReload.history('p1')).map((e) => [e.action, e.actor, e.version])).toEqual([['create', 'team-a', 1]]);
  });

  it('refuses to create a plot whose id is already stored', async () => {
    const repository = await openRepository(new IDBFactory());
    await repository.commit({kind: 'put', plot: plotFixture('p1', {name: 'Original'}), expectedVersion: null});
    const again = await repository.commit({kind: 'put', plot: plotFixture('p1', {name: 'Impostor'}), expectedVersion: null});
    expect(again).toMatchObject({ok: false, reason: 'conflict', current: {version: 1}});
    expect((await repository.loadAll())[0]?.plot.properties.name).toBe('Original');
  });

  it('writes over a deleted plot only when the change names the tombstone’s version', async () => {
    const repository = await openRepository(new IDBFactory());
    await repository.commit({kind: 'put', plot: plotFixture('p1'), expectedVersion: null});
    await repository.commit({kind: 'delete', plotId: 'p1', expectedVersion: 1});
    const blind = await repository.commit({kind: 'put', plot: plotFixture('p1', {name: 'Back'}), expectedVersion: 1});
    expect(blind).toMatchObject({ok: false, reason: 'conflict', current: null, currentVersion: 2});
    const knowing = await repository.commit({kind: 'put', plot: plotFixture('p1', {name: 'Back'}), expectedVersion: 2});
    expect(knowing).toMatchObject({ok: true, record: {version: 3}});
    // Brought back as a creation: undoing it deletes the plot again.
    expect((await repository.history('p1')).map((e) => [e.action, e.before === null])).toEqual([['create', true], ['delete', false], ['create', true]]);
  });

  it('refuses an edit based on a stale version, returns what is stored, and changes nothing', async () => {
    const factory = new IDBFactory();
    const repository = await openRepository(factory);
    await repository.commit({kind: 'put', plot: plotFixture('p1'), expectedVersion: null});
    await repository.commit({kind: 'put', plot: plotFixture('p1', {status: 'remediated'}), expectedVersion: 1});
    const before = await snapshotOf(factory);

    const stale = await repository.commit({kind: 'put', plot: plotFixture('p1', {notes: 'from an old screen'}), expectedVersion: 1});

    expect(stale).toMatchObject({ok: false, reason: 'conflict', current: {version: 2, plot: plotFixture('p1', {status: 'remediated'})}});
    expect(await snapshotOf(factory)).toBe(before);
  });

  it('lets two tabs edit different plots: both edits survive and each tab hears of the other', async () => {
    const factory = new IDBFactory();
    const hub = inMemoryCrossTabHub();
    const tabA = await openRepository(factory, {channel: hub.channel(), actor: 'tablet'});
    const tabB = await openRepository(factory, {channel: hub.channel(), actor: 'phone'});
    const heardByA: string[][] = [];
    tabA.onRemoteChange((ids) => heardByA.push(ids));

    const bHeard = nextRemoteChange(tabB);
    expect((await tabA.commit({kind: 'put', plot: plotFixture('a'), expectedVersion: null})).ok).toBe(true);
    expect(await bHeard).toEqual(['a']);
    const aHeard = nextRemoteChange(tabA);
    expect((await tabB.commit({kind: 'put', plot: plotFixture('b'), expectedVersion: null})).ok).toBe(true);
    expect(await aHeard).toEqual(['b']);

    const third = await openRepository(factory);
    expect((await third.loadAll()).map((r) => r.plot.properties.id).sort()).toEqual(['a', 'b']);
    // Tab A never hears its own commit of 'a' echoed back.
    expect(heardByA).toEqual([['b']]);
  });

  it('does not report its own commits as remote even over a channel that echoes them back', async () => {
    const listeners = new Set<(message: PlotChangeMessage) => void>();
    const loopback: CrossTabChannel = {
      post: (message) => listeners.forEach((listener) => listener(message)),
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close: () => listeners.clear(),
    };
    const factory = new IDBFactory();
    const tabA = await openRepository(factory, {channel: loopback});
    const tabB = await openRepository(factory, {channel: loopback});
    const heardByA: string[][] = [];
    const heardByB: string[][] = [];
    tabA.onRemoteChange((ids) => heardByA.push(ids));
    tabB.onRemoteChange((ids) => heardByB.push(ids));

    await tabA.commit({kind: 'put', plot: plotFixture('a'), expectedVersion: null});

    expect(heardByA).toEqual([]);
    expect(heardByB).toEqual([['a']]);
  });

  it('lets two tabs edit the same plot without the later one overwriting the earlier', async () => {
    const factory = new IDBFactory();
    const hub = inMemoryCrossTabHub();
    const tabA = await openRepository(factory, {channel: hub.channel()});
    await tabA.commit({kind: 'put', plot: plotFixture('p1'), expectedVersion: null});
    const tabB = await openRepository(factory, {channel: hub.channel()});
    const seenByB = await tabB.loadAll();

    expect((await tabA.commit({kind: 'put', plot: plotFixture('p1', {notes: 'A'}), expectedVersion: 1})).ok).toBe(true);
    const fromB = await tabB.commit({kind: 'put', plot: plotFixture('p1', {notes: 'B'}), expectedVersion: seenByB[0]!.version});

    expect(fromB).toMatchObject({ok: false, reason: 'conflict', current: {version: 2}});
    expect((await tabA.loadAll())[0]?.plot.properties.notes).toBe('A');
  });

  it('restores a deleted plot with undo after a reload', async () => {
    const factory = new IDBFactory();
    const first = await openRepository(factory);
    await first.commit({kind: 'put', plot: plotFixture('p1'), expectedVersion: null});
    await first.commit({kind: 'put', plot: plotFixture('p1', {status: 'remediated', completed: '2025-06-01'}), expectedVersion: 1});
    expect(await first.commit({kind: 'delete', plotId: 'p1', expectedVersion: 2})).toEqual({ok: true, record: null});
    expect(await first.loadAll()).toEqual([]);
    first.close();

    const afterReload = await openRepository(factory, {actor: 'team-b'});
    const deleted = await afterReload.loadDeleted();
    expect(deleted.map((r) => [r.plot.properties.id, r.version])).toEqual([['p1', 3]]);
    const undo = await afterReload.undoLast('p1', 3);

    expect(undo.ok).toBe(true);
    const [restored] = await afterReload.loadAll();
    expect(restored?.version).toBe(4);
    expect(restored?.plot.geometry).toEqual(plotFixture('p1').geometry);
    expect(restored?.plot.properties).toMatchObject({status: 'remediated', completed: '2025-06-01'});
    const history = await afterReload.history('p1');
    expect(history.map((e) => [e.action, e.actor, e.version])).toEqual([
      ['create', 'team-a', 1], ['update', 'team-a', 2], ['delete', 'team-a', 3], ['undo', 'team-b', 4],
    ]);
    expect(history[3]).toMatchObject({before: null, undoes: history[2]?.seq});
  });

  it('walks back through history when undo is repeated, down to before the plot existed', async () => {
    const repository = await openRepository(new IDBFactory());
    await repository.commit({kind: 'put', plot: plotFixture('p1', {name: 'First name'}), expectedVersion: null});
    await repository.commit({kind: 'put', plot: plotFixture('p1', {name: 'Second name'}), expectedVersion: 1});

    const undoRename = await repository.undoLast('p1', 2);
    expect(undoRename.ok && undoRename.record?.plot.properties.name).toBe('First name');
    const undoCreate = await repository.undoLast('p1', 3);
    expect(undoCreate).toEqual({ok: true, record: null});
    expect(await repository.loadAll()).toEqual([]);
    expect(await repository.undoLast('p1', 4)).toMatchObject({ok: false, reason: 'nothing-to-undo'});
    expect(await repository.undoLast('p1', 2)).toMatchObject({ok: false, reason: 'conflict'});
  });

  it('stores a photo with its thumbnail and history entry, and returns it for its plot', async () => {
    const factory = new IDBFactory();
    const repository = await openRepository(factory);
    await repository.commit({kind: 'put', plot: plotFixture('p1'), expectedVersion: null});
    const added = await repository.commit({kind: 'photo-add', photo: photoFixture('ph1', 'p1', [0xff, 0xd8, 1, 2, 3])});
    expect(added).toMatchObject({ok: true, record: {version: 2}});
    repository.close();

    const afterReload = await openRepository(factory);
    const [photo, ...others] = await afterReload.photosOf('p1');
    expect(others).toEqual([]);
    expect(photo).toMatchObject({id: 'ph1', plotId: 'p1', name: 'ph1.jpg', type: 'image/jpeg'});
    expect([...new Uint8Array(await photo!.blob.arrayBuffer())]).toEqual([0xff, 0xd8, 1, 2, 3]);
    expect([...new Uint8Array(await photo!.thumbnail.arrayBuffer())]).toEqual([0xff, 0xd8]);
    expect((await afterReload.history('p1')).at(-1)).toMatchObject({action: 'photo-add', photoId: 'ph1', version: 2});
    expect(await afterReload.photosOf('other')).toEqual([]);
  });

  it('does not keep a photo whose history entry could not be written', async () => {
    const factory = new IDBFactory();
    const repository = await openRepository(factory);
    await repository.commit({kind: 'put', plot: plotFixture('p1'), expectedVersion: null});
    const before = await snapshotOf(factory);
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw quotaError();
    });

    const added = await repository.commit({kind: 'photo-add', photo: photoFixture('ph1', 'p1', [1, 2, 3])});

    expect(added).toMatchObject({ok: false, reason: 'quota'});
    vi.restoreAllMocks();
    expect(await snapshotOf(factory)).toBe(before);
    expect(await repository.photosOf('p1')).toEqual([]);
  });

  it('hides a removed photo, and brings it back when the removal is undone after a reload', async () => {
    const factory = new IDBFactory();
    const repository = await openRepository(factory);
    await repository.commit({kind: 'put', plot: plotFixture('p1'), expectedVersion: null});
    await repository.commit({kind: 'photo-add', photo: photoFixture('ph1', 'p1', [9, 9])});
    expect(await repository.commit({kind: 'photo-remove', photoId: 'ph1'})).toMatchObject({ok: true, record: {version: 3}});
    expect(await repository.photosOf('p1')).toEqual([]);
    repository.close();

    const afterReload = await openRepository(factory);
    expect((await afterReload.undoLast('p1', 3)).ok).toBe(true);
    expect((await afterReload.photosOf('p1')).map((p) => p.id)).toEqual(['ph1']);
  });

  it('reports a full device as not saved and leaves the stored data exactly as it was', async () => {
    const factory = new IDBFactory();
    const repository = await openRepository(factory);
    await repository.commit({kind: 'put', plot: plotFixture('p1'), expectedVersion: null});
    await repository.commit({kind: 'photo-add', photo: photoFixture('ph1', 'p1', [1, 2, 3])});
    const before = await snapshotOf(factory);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quotaError();
    });

    const edit = await repository.commit({kind: 'put', plot: plotFixture('p1', {notes: 'big'}), expectedVersion: 2});

    expect(edit).toMatchObject({ok: false, reason: 'quota'});
    vi.restoreAllMocks();
    expect(await snapshotOf(factory)).toBe(before);
    // The connection is still good: once space is freed the same edit saves.
    expect(await repository.commit({kind: 'put', plot: plotFixture('p1', {notes: 'big'}), expectedVersion: 2})).toMatchObject({ok: true});
  });

  it('writes nothing when a change fails after its first write', async () => {
    const factory = new IDBFactory();
    const repository = await openRepository(factory);
    await repository.commit({kind: 'put', plot: plotFixture('p1'), expectedVersion: null});
    const before = await snapshotOf(factory);
    // The plot put succeeds, then the history add fails: the transaction must take the put back.
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw quotaError();
    });

    expect(await repository.commit({kind: 'delete', plotId: 'p1', expectedVersion: 1})).toMatchObject({ok: false, reason: 'quota'});
    vi.restoreAllMocks();
    expect(await snapshotOf(factory)).toBe(before);
    expect((await repository.loadAll()).map((r) => r.version)).toEqual([1]);
  });

  it('reports "closed" when the browser closes the connection', async () => {
    const capturing = connectionCapturingFactory(new IDBFactory());
    const repository = await openRepository(capturing.factory);
    await repository.commit({kind: 'put', plot: plotFixture('p1'), expectedVersion: null});
    forceCloseDatabase(capturing.connections[0] as unknown as typeof IDBDatabase);

    const edit = await repository.commit({kind: 'put', plot: plotFixture('p1', {notes: 'x'}), expectedVersion: 1});

    expect(edit).toMatchObject({ok: false, reason: 'closed'});
    expect(repository.status).toBe('closed');
    await expect(repository.loadAll()).rejects.toMatchObject({name: 'PlotStorageError', reason: 'closed'});
  });

  it('reports "closed" when the connection went away without telling the repository', async () => {
    const capturing = connectionCapturingFactory(new IDBFactory());
    const repository = await openRepository(capturing.factory);
    capturing.connections[0]!.close();

    const edit = await repository.commit({kind: 'put', plot: plotFixture('p1'), expectedVersion: null});

    expect(edit).toMatchObject({ok: false, reason: 'closed'});
    expect(repository.status).toBe('closed');
  });

  it('tells a tab on the old schema to reload when another tab upgrades the database', async () => {
    const factory = new IDBFactory();
    const onReloadRequired = vi.fn();
    const repository = await openRepository(factory, {onReloadRequired});

    // A newer build in another tab opens the next version; it must not be blocked by this tab.
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(DB_NAME, DB_VERSION + 1);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    newer.close();

    expect(onReloadRequired).toHaveBeenCalledTimes(1);
    expect(repository.status).toBe('reload-required');
    expect(await repository.commit({kind: 'put', plot: plotFixture('p1'), expectedVersion: null})).toMatchObject({ok: false, reason: 'reload-required'});
  });

  it('asks for a reload instead of using a database written by a newer build', async () => {
    const factory = new IDBFactory();
    await new Promise<void>((resolve, reject) => {
      const request = factory.open(DB_NAME, 7);
      request.onupgradeneeded = () => request.result.createObjectStore('plots', {keyPath: 'id'});
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    const onReloadRequired = vi.fn();

    const repository = await openRepository(factory, {onReloadRequired});

    expect(onReloadRequired).toHaveBeenCalledTimes(1);
    expect(await repository.commit({kind: 'put', plot: plotFixture('p1'), expectedVersion: null})).toMatchObject({ok: false, reason: 'reload-required'});
    await expect(repository.loadAll()).rejects.toBeInstanceOf(PlotStorageError);
    expect((await factory.databases()).find((d) => d.name === DB_NAME)?.version).toBe(7);
  });

  it('asks the browser to flush every change to disk before it counts as saved', async () => {
    const durabilities = recordDurabilities();
    const repository = await openRepository(new IDBFactory());
    await repository.commit({kind: 'put', plot: plotFixture('p1'), expectedVersion: null});
    await repository.commit({kind: 'photo-add', photo: photoFixture('ph1', 'p1', [1])});
    await repository.commit({kind: 'delete', plotId: 'p1', expectedVersion: 2});
    await repository.undoLast('p1', 3);

    expect(durabilities).toEqual(['strict', 'strict', 'strict', 'strict']);
  });
});

describe('PlotRepository slides', () => {
  const slide = (id: string, caption: string) => ({id, caption: {zh: caption, en: caption}, camera: {center: [101.7, 36.96], zoom: 12, bearing: 0, pitch: 0}});

  it('keeps slides in their saved order across a reload', async () => {
    const factory = new IDBFactory();
    const first = await openRepository(factory);
    expect(await first.loadSlides()).toEqual([]);
    expect(await first.saveSlides([slide('b', 'second'), slide('a', 'first'), slide('c', 'third')])).toEqual({ok: true});
    first.close();
    const second = await openRepository(factory);
    expect((await second.loadSlides()).map((s) => s.id)).toEqual(['b', 'a', 'c']);
    expect((await second.loadSlides())[0]).toEqual(slide('b', 'second'));
  });

  it('replaces the whole set: a deleted slide does not come back', async () => {
    const factory = new IDBFactory();
    const repository = await openRepository(factory);
    await repository.saveSlides([slide('a', 'one'), slide('b', 'two')]);
    await repository.saveSlides([slide('b', 'two, edited')]);
    expect(await repository.loadSlides()).toEqual([slide('b', 'two, edited')]);
  });

  it('leaves the saved slides as they were when a save fails half-way, and says why', async () => {
    const factory = new IDBFactory();
    const repository = await openRepository(factory);
    await repository.saveSlides([slide('a', 'kept')]);
    const before = await snapshotOf(factory);
    failNthPut(2, 'slides');
    const result = await repository.saveSlides([slide('x', 'new 1'), slide('y', 'new 2')]);
    expect(result).toMatchObject({ok: false, reason: 'quota'});
    vi.restoreAllMocks();
    expect(await snapshotOf(factory)).toBe(before);
    expect(await repository.loadSlides()).toEqual([slide('a', 'kept')]);
  });

  it('saves slides with strict durability', async () => {
    const durabilities = recordDurabilities();
    const repository = await openRepository(new IDBFactory());
    await repository.saveSlides([slide('a', 'one')]);
    expect(durabilities).toEqual(['strict']);
  });
});

describe('PlotRepository.loadPages', () => {
  it('reads every live plot once, in pages of the size asked, deleted ones left out', async () => {
    const repository = await openRepository(new IDBFactory());
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    for (const id of ids) expect((await repository.commit({kind: 'put', plot: plotFixture(id), expectedVersion: null})).ok).toBe(true);
    expect((await repository.commit({kind: 'delete', plotId: 'c', expectedVersion: 1})).ok).toBe(true);
    const pages: string[][] = [];
    await repository.loadPages(3, (records) => pages.push(records.map((r) => r.plot.properties.id)));
    // Seven records (one deleted) in pages of three: 3 + 3 + 1 read, the deleted one not handed on.
    expect(pages).toEqual([['a', 'b'], ['d', 'e', 'f'], ['g']]);
    expect(pages.flat().sort()).toEqual((await repository.loadAll()).map((r) => r.plot.properties.id).sort());
  });
});
