import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import {describe, expect, it} from 'vitest';
import type {Plot} from '../../geo/plot';
import {DB_NAME, DB_VERSION, MIGRATIONS} from './plot-db';
import {PlotRepository} from './plot-repository';

/** A plot as version 1 builds stored it: no `properties.updated`. */
function v1Plot(id: string): Plot {
  return {
    type: 'Feature',
    geometry: {type: 'Polygon', coordinates: [[[101.6, 36.9], [101.601, 36.9], [101.601, 36.901], [101.6, 36.901], [101.6, 36.9]]]},
    properties: {id, name: `Plot ${id}`, zone: 'Datong', measure: 'slope', status: 'planned', completed: null, team: 'team-a', notes: ''},
  } as unknown as Plot;
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Builds a version 1 database with raw IndexedDB calls, the way a phone running the first build left it. */
async function buildVersion1Database(factory: IDBFactory): Promise<void> {
  const request = factory.open(DB_NAME, 1);
  request.onupgradeneeded = () => {
    const db = request.result;
    db.createObjectStore('plots', {keyPath: 'id'});
    db.createObjectStore('history', {keyPath: 'seq', autoIncrement: true}).createIndex('plotId', 'plotId');
    db.createObjectStore('photos', {keyPath: 'id'}).createIndex('plotId', 'plotId');
  };
  const db = await requestResult(request);
  const tx = db.transaction(['plots', 'history', 'photos'], 'readwrite');
  const plots = tx.objectStore('plots');
  const history = tx.objectStore('history');
  plots.put({id: 'edited', plot: v1Plot('edited'), version: 2, deleted: false});
  plots.put({id: 'no-history', plot: v1Plot('no-history'), version: 1, deleted: false});
  const stamped = v1Plot('stamped');
  plots.put({id: 'stamped', plot: {...stamped, properties: {...stamped.properties, updated: '2024-12-01T00:00:00.000Z'}}, version: 1, deleted: false});
  const entry = {actor: 'team-a', before: null, after: v1Plot('edited')};
  history.add({...entry, plotId: 'edited', version: 1, at: '2024-05-01T10:00:00.000Z', action: 'create'});
  history.add({...entry, plotId: 'stamped', version: 1, at: '2024-09-09T09:09:09.000Z', action: 'create'});
  history.add({...entry, plotId: 'edited', version: 2, at: '2024-05-02T11:00:00.000Z', action: 'update'});
  tx.objectStore('photos').put({
    id: 'ph1', plotId: 'edited', name: 'pit.jpg', type: 'image/jpeg', takenAt: '2024-05-02T10:59:00.000Z',
    blob: new Blob([new Uint8Array([0xff, 0xd8, 7])]), thumbnail: new Blob([new Uint8Array([0xff])]),
  });
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
  db.close();
}

describe('plot database schema', () => {
  it('has one migration per version, in order', () => {
    expect(MIGRATIONS.map((m) => m.toVersion)).toEqual(Array.from({length: DB_VERSION}, (_, i) => i + 1));
  });

  it('migrates a version 1 database: data survives and every plot gets its last-edit time', async () => {
    const factory = new IDBFactory();
    await buildVersion1Database(factory);

    const repository = await PlotRepository.open({factory, actor: 'team-b', channel: {post: () => {}, subscribe: () => () => {}, close: () => {}}});

    const byId = new Map((await repository.loadAll()).map((r) => [r.plot.properties.id, r]));
    expect(byId.get('edited')?.plot.properties.updated).toBe('2024-05-02T11:00:00.000Z');
    expect(byId.get('edited')?.version).toBe(2);
    expect(byId.get('no-history')?.plot.properties.updated).toBe('1970-01-01T00:00:00.000Z');
    expect(byId.get('stamped')?.plot.properties.updated).toBe('2024-12-01T00:00:00.000Z');
    expect(byId.get('edited')?.plot.geometry).toEqual(v1Plot('edited').geometry);
    expect((await repository.history('edited')).map((e) => e.action)).toEqual(['create', 'update']);
    const [photo] = await repository.photosOf('edited');
    expect([...new Uint8Array(await photo!.blob.arrayBuffer())]).toEqual([0xff, 0xd8, 7]);
    // Optimistic concurrency carries on from the migrated versions.
    expect(await repository.commit({kind: 'put', plot: byId.get('edited')!.plot, expectedVersion: 2})).toMatchObject({ok: true, record: {version: 3}});
    repository.close();

    const db = await requestResult(factory.open(DB_NAME));
    expect(db.version).toBe(4);
    expect([...db.objectStoreNames].sort()).toEqual(['history', 'meta', 'outbox', 'photos', 'plots', 'serverPlots', 'slides', 'team']);
    expect(await requestResult(db.transaction('meta').objectStore('meta').get('last-migration'))).toMatchObject({fromVersion: 1, toVersion: 4});
    db.close();
  });

  it('creates a fresh database at the current version', async () => {
    const factory = new IDBFactory();
    const repository = await PlotRepository.open({factory, actor: 'team-a', channel: {post: () => {}, subscribe: () => () => {}, close: () => {}}});
    expect(await repository.loadAll()).toEqual([]);
    repository.close();
    expect((await factory.databases()).find((d) => d.name === DB_NAME)?.version).toBe(DB_VERSION);
  });
});
