import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {syntheticPlots} from '../../geo/test/synthetic-plots';
import {inMemoryCrossTabHub, silentCrossTabChannel} from './cross-tab';
import {DeviceDb} from './device-db';
import {PlotRepository} from './plot-repository';
import {createPlotWriterCore} from './plot-writer-core';
import type {PlotWriterRequest, PlotWriterResponse} from './plot-writer-messages';
import {createPlotWriter, type PlotWriterWorkerLike} from './plot-writer';
import {isPackedGeometry} from './stored-geometry';

/**
 * The worker, in this process: each message is structured-cloned and delivered on a later
 * task both ways, as postMessage does, and handled by the same core the worker runs.
 */
function inProcessWorker(factory: IDBFactory): PlotWriterWorkerLike & {requests: PlotWriterRequest[]} {
  const requests: PlotWriterRequest[] = [];
  const worker: PlotWriterWorkerLike & {requests: PlotWriterRequest[]} = {
    requests, onmessage: null, onerror: null,
    postMessage: (message) => {
      requests.push(message);
      const copy = structuredClone(message);
      setTimeout(() => void handle(copy));
    },
    terminate: () => {},
  };
  const handle = createPlotWriterCore(
    (database) => DeviceDb.open({factory, name: database, channel: silentCrossTabChannel()}),
    (response: PlotWriterResponse) => setTimeout(() => worker.onmessage?.({data: structuredClone(response)} as MessageEvent<PlotWriterResponse>)),
  );
  return worker;
}

const opened: PlotRepository[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const r of opened.splice(0)) r.close();
});

async function open(factory: IDBFactory, options: Partial<Parameters<typeof PlotRepository.open>[0]> = {}) {
  const repo = await PlotRepository.open({factory, actor: 'team-a', channel: inMemoryCrossTabHub().channel(), ...options});
  opened.push(repo);
  return repo;
}

describe('an import batch written by the plot writer worker', () => {
  it('stores plots, history and outbox ops over its own connection and hands back the page’s own plots with their versions', async () => {
    const factory = new IDBFactory();
    const worker = inProcessWorker(factory);
    const repo = await open(factory, {plotWriter: (database, actor) => createPlotWriter(database, actor, () => worker)});
    const plots = syntheticPlots(30, 3);
    const batch = await repo.commitMany(plots.map((plot) => ({plot, expectedVersion: null})));
    expect(batch.ok).toBe(true);
    if (!batch.ok) return;
    // The plots never came back through the worker: the records are the objects sent.
    batch.results.forEach((r, i) => expect(r.ok && r.record?.plot).toBe(plots[i]));
    expect(batch.results.every((r) => r.ok && r.record?.version === 1)).toBe(true);
    expect(worker.requests.filter((r) => r.kind === 'write')).toHaveLength(1);
    const check = await open(factory);
    expect((await check.loadAll()).map((r) => r.plot.properties.id).sort()).toEqual(plots.map((p) => p.properties.id).sort());
    expect(await check.history(plots[7]!.properties.id)).toMatchObject([{action: 'create', actor: 'team-a', version: 1, before: null, after: plots[7]}]);
    const ops = await check.outbox.all();
    expect(ops).toHaveLength(30);
    expect(ops.every((o) => o.op.kind === 'create' && o.op.baseVersion === 0 && o.state === 'queued')).toBe(true);
  });

  it('sends the plots to the worker with their geometry packed, and the store holds them so (stored-geometry.ts)', async () => {
    const factory = new IDBFactory();
    const worker = inProcessWorker(factory);
    const repo = await open(factory, {plotWriter: (database, actor) => createPlotWriter(database, actor, () => worker)});
    const plots = syntheticPlots(10, 9);
    expect((await repo.commitMany(plots.map((plot) => ({plot, expectedVersion: null})))).ok).toBe(true);
    const [request] = worker.requests;
    expect(request?.kind === 'write' && request.puts.every((p) => isPackedGeometry(p.plot.geometry))).toBe(true);
    // The page's own plots are left as they were.
    expect(plots.every((p) => Array.isArray(p.geometry.coordinates))).toBe(true);
    const raw = await new Promise<{plot: {geometry: unknown}}[]>((resolve, reject) => {
      const r = factory.open('qh-remediation');
      r.onerror = () => reject(r.error);
      r.onsuccess = () => {
        const q = r.result.transaction('plots').objectStore('plots').getAll();
        q.onsuccess = () => {
          resolve(q.result);
          r.result.close();
        };
      };
    });
    expect(raw).toHaveLength(10);
    expect(raw.every((r) => isPackedGeometry(r.plot.geometry as never))).toBe(true);
    expect((await (await open(factory)).loadAll()).map((r) => r.plot).sort((a, b) => a.properties.id.localeCompare(b.properties.id))).toEqual(plots);
  });

  it('tells other tabs of the batch once it is committed, as a write on the page’s own connection does', async () => {
    const factory = new IDBFactory();
    const hub = inMemoryCrossTabHub();
    const worker = inProcessWorker(factory);
    const repo = await open(factory, {channel: hub.channel(), plotWriter: (database, actor) => createPlotWriter(database, actor, () => worker)});
    const other = await open(factory, {channel: hub.channel()});
    const heard: string[][] = [];
    other.onRemoteChange((ids) => heard.push(ids));
    const plots = syntheticPlots(5, 4);
    await repo.commitMany(plots.map((plot) => ({plot, expectedVersion: null})));
    await vi.waitFor(() => expect(heard).toEqual([plots.map((p) => p.properties.id)]));
  });

  it('refuses a stale put as a conflict with what is stored, and writes the rest of the batch', async () => {
    const factory = new IDBFactory();
    const worker = inProcessWorker(factory);
    const repo = await open(factory, {plotWriter: (database, actor) => createPlotWriter(database, actor, () => worker)});
    const [first, second] = syntheticPlots(2, 5);
    await repo.commitMany([{plot: first!, expectedVersion: null}]);
    const batch = await repo.commitMany([{plot: first!, expectedVersion: null}, {plot: second!, expectedVersion: null}]);
    expect(batch).toMatchObject({ok: true, results: [{ok: false, reason: 'conflict', currentVersion: 1, current: {version: 1, plot: first}}, {ok: true, record: {version: 1}}]});
  });

  it('rolls back the batch in flight when cancelled: nothing of it is stored', async () => {
    const factory = new IDBFactory();
    const worker = inProcessWorker(factory);
    const repo = await open(factory, {plotWriter: (database, actor) => createPlotWriter(database, actor, () => worker)});
    const controller = new AbortController();
    const pending = repo.commitMany(syntheticPlots(50, 6).map((plot) => ({plot, expectedVersion: null})), controller.signal);
    controller.abort();
    expect(await pending).toEqual({ok: false, reason: 'cancelled'});
    expect(worker.requests.map((r) => r.kind)).toEqual(['write', 'cancel']);
    expect(await (await open(factory)).loadAll()).toEqual([]);
  });

  it('reports the batch in flight as not stored when the worker fails, and writes the next batch on the page', async () => {
    const factory = new IDBFactory();
    const failing: PlotWriterWorkerLike = {
      onmessage: null, onerror: null, terminate: () => {},
      postMessage: () => setTimeout(() => failing.onerror?.(new Event('error'))),
    };
    const repo = await open(factory, {plotWriter: (database, actor) => createPlotWriter(database, actor, () => failing)});
    const [a, b] = syntheticPlots(2, 8);
    expect(await repo.commitMany([{plot: a!, expectedVersion: null}])).toMatchObject({ok: false, reason: 'unknown'});
    expect(await repo.commitMany([{plot: b!, expectedVersion: null}])).toMatchObject({ok: true, results: [{ok: true}]});
    expect((await repo.loadAll()).map((r) => r.plot.properties.id)).toEqual([b!.properties.id]);
  });
});
