import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {Plot} from '../../geo/plot';
import {wirePlot} from './outbox';
import {DB_NAME, DB_VERSION, MIGRATIONS, type HistoryEntry} from './plot-db';
import {PlotRepository} from './plot-repository';
import {recordOf} from './plot-store';
import {isPackedGeometry, type StoredPlotValue} from './stored-geometry';

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

type V4Dump = {version: 4; plots: {id: string; plot: Plot; version: number; deleted: boolean}[]; history: unknown[]; outbox: unknown[]; serverPlots: unknown[]};
type V5Dump = Omit<V4Dump, 'version' | 'plots'> & {version: 5; plots: {id: string; plot: StoredPlotValue; version: number; deleted: boolean}[]};

/**
 * Builds a version 4 database from records a version 4 build wrote (test/device-db-v4.json: the
 * four plots of tests/fixtures/datong-plots.geojson imported by commitMany, one then edited and
 * one deleted, by the code of commit 105c761 over fake-indexeddb, every store dumped as it was).
 */
async function buildVersion4Database(factory: IDBFactory): Promise<V4Dump> {
  return buildFromDump<V4Dump>(factory, 4);
}

/**
 * Builds a version 5 database from test/device-db-v5.json: the same four plots imported by
 * commitMany (a create entry per plot, packed geometry), one then edited and one deleted, by the
 * code of commit ee3ac05 over fake-indexeddb, every store dumped as it was (typed arrays as
 * {$typed, values}). Version 5 has the stores and indexes of version 4.
 */
async function buildVersion5Database(factory: IDBFactory): Promise<V5Dump> {
  return buildFromDump<V5Dump>(factory, 5);
}

const TYPED = {Float64Array, Uint32Array} as const;

async function buildFromDump<D extends V4Dump | V5Dump>(factory: IDBFactory, version: 4 | 5): Promise<D> {
  const text = readFileSync(new URL(`./test/device-db-v${version}.json`, import.meta.url), 'utf8');
  const dump = JSON.parse(text, (_key, value: unknown) => {
    const typed = value as {$typed?: keyof typeof TYPED; values?: number[]} | null;
    return typed?.$typed ? TYPED[typed.$typed].from(typed.values!) : value;
  }) as D;
  expect(dump.version).toBe(version);
  const request = factory.open(DB_NAME, version);
  request.onupgradeneeded = () => {
    // The stores and indexes of versions 4 and 5, as MIGRATIONS 1–4 made them.
    const db = request.result;
    db.createObjectStore('plots', {keyPath: 'id'});
    db.createObjectStore('history', {keyPath: 'seq', autoIncrement: true}).createIndex('plotId', 'plotId');
    db.createObjectStore('photos', {keyPath: 'id'}).createIndex('plotId', 'plotId');
    db.createObjectStore('slides', {keyPath: 'id'});
    db.createObjectStore('meta');
    const outbox = db.createObjectStore('outbox', {keyPath: 'n', autoIncrement: true});
    outbox.createIndex('plotId', 'plotId');
    outbox.createIndex('opId', 'opId', {unique: true});
    db.createObjectStore('serverPlots', {keyPath: 'plotId'});
    db.createObjectStore('team');
  };
  const db = await requestResult(request);
  const tx = db.transaction(['plots', 'history', 'outbox', 'serverPlots'], 'readwrite');
  for (const store of ['plots', 'history', 'outbox', 'serverPlots'] as const) for (const record of dump[store]) tx.objectStore(store).put(record);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
  db.close();
  return dump;
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
    expect(db.version).toBe(6);
    expect([...db.objectStoreNames].sort()).toEqual(['history', 'meta', 'outbox', 'photos', 'plots', 'serverPlots', 'slides', 'team']);
    expect(await requestResult(db.transaction('meta').objectStore('meta').get('last-migration'))).toMatchObject({fromVersion: 1, toVersion: 6});
    db.close();
  });

  it('opens a version 4 database as it was: every plot, entry and op reads as before, and the next write packs the geometry', async () => {
    const factory = new IDBFactory();
    const v4 = await buildVersion4Database(factory);
    const byId = (plots: {properties: {id: string}}[]) => [...plots].sort((a, b) => a.properties.id.localeCompare(b.properties.id));
    const live = v4.plots.filter((p) => !p.deleted);
    const [edited, imported] = [v4.plots.find((p) => p.version === 2 && !p.deleted)!, v4.plots.find((p) => p.version === 1 && !p.deleted)!];

    const repository = await PlotRepository.open({factory, actor: 'team-b', channel: {post: () => {}, subscribe: () => () => {}, close: () => {}}});
    // The plots the app gets are the GeoJSON stored: the hole, the two parts, every digit and key order.
    expect(JSON.stringify(byId((await repository.loadAll()).map((r) => r.plot)))).toBe(JSON.stringify(byId(live.map((p) => p.plot))));
    expect((await repository.loadDeleted()).map((r) => r.plot)).toEqual(v4.plots.filter((p) => p.deleted).map((p) => p.plot));
    // A create stored as a reference (the import) reads whole, from the stored plot or the next entry's `before`.
    const importedHistory = await repository.history(imported.id);
    expect(importedHistory).toMatchObject([{action: 'create', version: 1, before: null}]);
    expect(importedHistory[0]!.after).toEqual(imported.plot);
    const editedHistory = await repository.history(edited.id);
    expect(editedHistory.map((e) => e.action)).toEqual(['create', 'update']);
    expect(editedHistory[0]!.after).toEqual(editedHistory[1]!.before);
    expect(editedHistory[1]!.after).toEqual(edited.plot);
    const ops = await repository.outbox.all();
    expect(ops.find((o) => o.plotId === imported.id)!.op.plot).toEqual(wirePlot(imported.plot));
    const backup = await repository.readBackup();
    expect(JSON.stringify(byId(backup.plots.map((p) => p.plot)))).toBe(JSON.stringify(byId(live.map((p) => p.plot))));
    expect((backup.history as HistoryEntry[]).filter((h) => h.action === 'create').every((h) => h.after !== null)).toBe(true);

    // An edit writes the plot packed; it reads back equal, and its history keeps the GeoJSON it replaced.
    const changed = {...imported.plot, properties: {...imported.plot.properties, notes: 'after the update'}};
    expect(await repository.commit({kind: 'put', plot: changed, expectedVersion: 1})).toMatchObject({ok: true, record: {version: 2}});
    expect((await repository.loadAll()).find((r) => r.plot.properties.id === imported.id)!.plot).toEqual(changed);
    expect((await repository.history(imported.id)).map((e) => [e.action, e.before, e.after])).toEqual([['create', null, imported.plot], ['update', imported.plot, changed]]);
    repository.close();

    const db = await requestResult(factory.open(DB_NAME));
    expect(db.version).toBe(6);
    expect(await requestResult(db.transaction('meta').objectStore('meta').get('last-migration'))).toMatchObject({fromVersion: 4, toVersion: 6});
    const raw = await requestResult(db.transaction('plots').objectStore('plots').getAll());
    // Written before, untouched by the upgrade; written after, packed.
    expect(raw.find((r) => r.id === edited.id)).toEqual(edited);
    expect(isPackedGeometry(raw.find((r) => r.id === imported.id).plot.geometry)).toBe(true);
    db.close();
  });

  it('opens a version 5 database as it was: per-plot creates read, undo and push beside a new batch record', async () => {
    const factory = new IDBFactory();
    const v5 = await buildVersion5Database(factory);
    const [edited, deleted] = [v5.plots.find((p) => p.version === 2 && !p.deleted)!, v5.plots.find((p) => p.deleted)!];
    const imported = v5.plots.filter((p) => p.version === 1);
    expect(imported).toHaveLength(2);

    const repository = await PlotRepository.open({factory, actor: 'team-b', channel: {post: () => {}, subscribe: () => () => {}, close: () => {}}});
    expect((await repository.loadAll()).map((r) => r.plot.properties.id).sort()).toEqual([edited.id, ...imported.map((p) => p.id)].sort());
    const editedHistory = await repository.history(edited.id);
    expect(editedHistory.map((e) => [e.action, e.version])).toEqual([['create', 1], ['update', 2]]);
    expect(editedHistory[0]!.after).toEqual(editedHistory[1]!.before);
    expect((await repository.history(deleted.id)).map((e) => e.action)).toEqual(['create', 'delete']);
    expect((await repository.outbox.all()).map((o) => [o.plotId, o.op.kind])).toHaveLength(6);

    // A new import beside them: one history record for its batch, each plot's history as before.
    const fresh = v5.plots.slice(0, 2).map((p) => ({...recordOf(p).plot, properties: {...recordOf(p).plot.properties, id: `${p.id}-again`}}));
    expect((await repository.commitMany(fresh.map((plot) => ({plot, expectedVersion: null})))).ok).toBe(true);
    for (const plot of fresh) expect(await repository.history(plot.properties.id)).toMatchObject([{action: 'create', version: 1, before: null, after: plot}]);
    const ops = await repository.outbox.queued(100);
    expect(ops.map((o) => o.op.kind)).toEqual(['create', 'create', 'create', 'create', 'update', 'delete', 'create', 'create']);
    expect(ops.slice(-2).map((o) => o.op.plot)).toEqual(fresh.map(wirePlot));
    // Undo of a create stored before (one plot's entry) and of one in the new batch: each plot alone.
    expect((await repository.undoLast(imported[0]!.id, 1)).ok).toBe(true);
    expect((await repository.undoLast(fresh[0]!.properties.id, 1)).ok).toBe(true);
    expect((await repository.loadAll()).map((r) => r.plot.properties.id).sort()).toEqual([edited.id, imported[1]!.id, fresh[1]!.properties.id].sort());
    expect((await repository.history(fresh[1]!.properties.id)).map((e) => e.action)).toEqual(['create']);
    repository.close();

    const db = await requestResult(factory.open(DB_NAME));
    expect(db.version).toBe(6);
    expect(await requestResult(db.transaction('meta').objectStore('meta').get('last-migration'))).toMatchObject({fromVersion: 5, toVersion: 6});
    const history = db.transaction('history').objectStore('history');
    expect([...history.indexNames].sort()).toEqual(['plotId', 'plotIds']);
    // The entries written before are untouched; the new batch is one record.
    const raw = await requestResult(history.getAll());
    expect(raw.slice(0, v5.history.length)).toEqual(v5.history);
    expect(raw.filter((r) => Array.isArray(r.plotIds))).toMatchObject([{plotIds: fresh.map((p) => p.properties.id), versions: [1, 1]}]);
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
