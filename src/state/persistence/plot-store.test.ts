import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {syntheticPlots} from '../../geo/test/synthetic-plots';
import {inMemoryCrossTabHub} from './cross-tab';
import {failNthPut, recordDurabilities} from './idb-test-spies';
import {PlotRepository} from './plot-repository';

const opened: PlotRepository[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const repository of opened.splice(0)) repository.close();
});

async function openRepository(factory = new IDBFactory()): Promise<PlotRepository> {
  const repository = await PlotRepository.open({factory, actor: 'team-a', channel: inMemoryCrossTabHub().channel()});
  opened.push(repository);
  return repository;
}

describe('PlotStore batches (an import)', () => {
  it('writes a batch of plots, each at version 1 with its own create entry in history', async () => {
    const repository = await openRepository();
    const plots = syntheticPlots(40);
    const batch = await repository.commitMany(plots.map((plot) => ({plot, expectedVersion: null})));
    expect(batch.ok).toBe(true);
    expect((await repository.loadAll()).map((r) => r.plot.properties.id).sort()).toEqual(plots.map((p) => p.properties.id).sort());
    const history = await repository.history(plots[7]!.properties.id);
    expect(history.map((h) => [h.action, h.version, h.after?.properties.name])).toEqual([['create', 1, plots[7]!.properties.name]]);
  });

  it('asks the outbox and the server versions nothing for plots new to the device, and still queues a create op for each', async () => {
    const repository = await openRepository();
    const asked: string[] = [];
    const get = IDBObjectStore.prototype.get;
    vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['get']>) {
      asked.push(this.name);
      return get.apply(this, args);
    });
    const getAll = IDBIndex.prototype.getAll;
    vi.spyOn(IDBIndex.prototype, 'getAll').mockImplementation(function (this: IDBIndex, ...args: Parameters<IDBIndex['getAll']>) {
      asked.push(`${this.objectStore.name}.${this.name}`);
      return getAll.apply(this, args);
    });
    const count = IDBIndex.prototype.count;
    vi.spyOn(IDBIndex.prototype, 'count').mockImplementation(function (this: IDBIndex, ...args: Parameters<IDBIndex['count']>) {
      asked.push(`${this.objectStore.name}.${this.name}`);
      return count.apply(this, args);
    });
    const plots = syntheticPlots(20);
    expect((await repository.commitMany(plots.map((plot) => ({plot, expectedVersion: null})))).ok).toBe(true);
    // One read per plot (is it stored already?), none of serverPlots or the outbox.
    expect(asked).toEqual(plots.map(() => 'plots'));
    vi.restoreAllMocks();
    const ops = await repository.outbox.all();
    expect(ops.map((o) => [o.plotId, o.op.kind, o.op.baseVersion])).toEqual(plots.map((p) => [p.properties.id, 'create', 0]));
  });

  it('refuses a plot whose id exists (and a repeat inside the batch) on its own, and writes the others', async () => {
    const repository = await openRepository();
    const [first, second, third] = syntheticPlots(3);
    await repository.commit({kind: 'put', plot: first!, expectedVersion: null});
    const batch = await repository.commitMany([
      {plot: {...first!, properties: {...first!.properties, name: 'impostor'}}, expectedVersion: null},
      {plot: second!, expectedVersion: null},
      {plot: {...second!, properties: {...second!.properties, name: 'again'}}, expectedVersion: null},
      {plot: third!, expectedVersion: null},
    ]);
    if (!batch.ok) throw new Error(`batch failed: ${JSON.stringify(batch)}`);
    expect(batch.results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['conflict', 'ok', 'conflict', 'ok']);
    const stored = Object.fromEntries((await repository.loadAll()).map((r) => [r.plot.properties.id, r]));
    expect(stored[first!.properties.id]).toMatchObject({version: 1, plot: {properties: {name: first!.properties.name}}});
    expect(stored[second!.properties.id]).toMatchObject({version: 1, plot: {properties: {name: second!.properties.name}}});
    expect(Object.keys(stored)).toHaveLength(3);
  });

  it('updates plots in a batch against the version each was read at', async () => {
    const repository = await openRepository();
    const [plot] = syntheticPlots(1);
    await repository.commit({kind: 'put', plot: plot!, expectedVersion: null});
    const renamed = {...plot!, properties: {...plot!.properties, name: 'renamed'}};
    const batch = await repository.commitMany([{plot: renamed, expectedVersion: 1}]);
    expect(batch).toMatchObject({ok: true, results: [{ok: true, record: {version: 2}}]});
    expect((await repository.history(plot!.properties.id)).map((h) => h.action)).toEqual(['create', 'update']);
  });

  it('rolls back the whole batch in flight when it is cancelled, leaving what was stored before', async () => {
    const repository = await openRepository();
    const plots = syntheticPlots(30);
    await repository.commitMany(plots.slice(0, 10).map((plot) => ({plot, expectedVersion: null})));
    const controller = new AbortController();
    const pending = repository.commitMany(plots.slice(10).map((plot) => ({plot, expectedVersion: null})), controller.signal);
    // Cancelled while the transaction is open: its reads are still on their way.
    controller.abort();
    expect(await pending).toEqual({ok: false, reason: 'cancelled'});
    expect((await repository.loadAll()).map((r) => r.plot.properties.id).sort()).toEqual(plots.slice(0, 10).map((p) => p.properties.id).sort());
    expect(await repository.history(plots[15]!.properties.id)).toEqual([]);
  });

  it('writes nothing of a batch when one write fails (a full device)', async () => {
    const repository = await openRepository();
    const plots = syntheticPlots(5);
    failNthPut(3);
    expect(await repository.commitMany(plots.map((plot) => ({plot, expectedVersion: null})))).toMatchObject({ok: false, reason: 'quota'});
    vi.restoreAllMocks();
    expect(await repository.loadAll()).toEqual([]);
  });

  it('commits a batch with strict durability, in one transaction', async () => {
    const durabilities = recordDurabilities();
    const repository = await openRepository();
    await repository.commitMany(syntheticPlots(25).map((plot) => ({plot, expectedVersion: null})));
    expect(durabilities).toEqual(['strict']);
  });
});

describe('PlotStore single edits', () => {
  // Each round of reads waits for the page's main thread, which is busy right after a save (issue 11).
  it("writes an edit's plot, history entry and outbox op after one round of reads, and queues the op as before", async () => {
    const repository = await openRepository();
    const [plot] = syntheticPlots(1) as [NonNullable<ReturnType<typeof syntheticPlots>[number]>];
    const first = await repository.commit({kind: 'put', plot, expectedVersion: null});
    expect(first.ok).toBe(true);
    // For every write, how many read results had come back when it was issued.
    let answered = 0;
    const writes: [string, number][] = [];
    const reading = <T extends IDBObjectStore | IDBIndex>(proto: T, method: 'get' | 'count') => {
      const original = proto[method] as (...args: unknown[]) => IDBRequest;
      vi.spyOn(proto, method as never).mockImplementation(function (this: T, ...args: unknown[]) {
        const request = original.apply(this, args);
        request.addEventListener('success', () => void answered++);
        return request;
      } as never);
    };
    reading(IDBObjectStore.prototype, 'get');
    reading(IDBIndex.prototype, 'count');
    reading(IDBIndex.prototype, 'getAll' as 'get');
    for (const method of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[method];
      vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        writes.push([this.name, answered]);
        return original.apply(this, args);
      });
    }
    const edited = {...plot, properties: {...plot.properties, name: `${plot.properties.name} (renamed)`}};
    expect((await repository.commit({kind: 'put', plot: edited, expectedVersion: 1})).ok).toBe(true);
    vi.restoreAllMocks();
    expect(writes.map(([store]) => store)).toEqual(['plots', 'history', 'outbox']);
    // The plot, the server's version of it, its queued ops: all answered before any write, none after.
    expect(new Set(writes.map(([, n]) => n))).toEqual(new Set([writes[0]![1]]));
    expect(writes[0]![1]).toBe(3);
    const ops = await repository.outbox.all();
    // Its create is still queued, so the edit follows it as an update of version 0.
    expect(ops.map((o) => [o.op.kind, o.op.baseVersion, Object.keys(o.op.changes).sort()])).toEqual([['create', 0, []], ['update', 0, ['name']]]);
  });
});
