import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import {afterEach, describe, expect, it} from 'vitest';
import type {Plot} from '../../geo/plot';
import {syntheticPlots} from '../../geo/test/synthetic-plots';
import {inMemoryCrossTabHub} from './cross-tab';
import type {OutboxEntry} from './outbox';
import {DB_NAME} from './plot-db';
import {PlotRepository} from './plot-repository';

/*
 * An import stores a new plot once; its create history entry and outbox op refer to it (DB
 * version 4). A plot drawn on the device (commit) still writes both whole. Every reader must
 * give the same answer for either shape: so each test does the same changes on two devices,
 * one importing (references) and one committing plot by plot (whole entries), and compares.
 */

const AT = () => new Date('2025-06-10T08:00:00.000Z');
const opened: PlotRepository[] = [];
afterEach(() => {
  for (const r of opened.splice(0)) r.close();
});

async function device(factory = new IDBFactory()): Promise<PlotRepository> {
  const repo = await PlotRepository.open({factory, actor: 'team-a', channel: inMemoryCrossTabHub().channel(), now: AT});
  opened.push(repo);
  return repo;
}

const edited = (plot: Plot, notes: string): Plot => ({...plot, properties: {...plot.properties, notes}});

/** The same history on both devices: three new plots, then the first edited twice, the second deleted, the third left. */
async function sameChanges(how: 'import' | 'one by one', plots: readonly Plot[], factory = new IDBFactory()): Promise<PlotRepository> {
  const repo = await device(factory);
  if (how === 'import') expect((await repo.commitMany(plots.map((plot) => ({plot, expectedVersion: null})))).ok).toBe(true);
  else for (const plot of plots) expect((await repo.commit({kind: 'put', plot, expectedVersion: null})).ok).toBe(true);
  const [a, b] = plots;
  expect((await repo.commit({kind: 'put', plot: edited(a!, 'first visit'), expectedVersion: 1})).ok).toBe(true);
  expect((await repo.commit({kind: 'put', plot: edited(a!, 'second visit'), expectedVersion: 2})).ok).toBe(true);
  expect((await repo.commit({kind: 'delete', plotId: b!.properties.id, expectedVersion: 1})).ok).toBe(true);
  return repo;
}

/** Op ids are random: numbered in order of appearance, so two devices' outboxes compare. */
function withOpIdsNumbered(entries: readonly OutboxEntry[]): unknown {
  const ids = new Map<string, string>();
  const id = (opId: string) => ids.get(opId) ?? (ids.set(opId, `op-${ids.size}`), ids.get(opId)!);
  return entries.map((e) => ({...e, opId: id(e.opId), op: {...e.op, opId: id(e.op.opId)}}));
}

/**
 * Sequence numbers numbered in order of appearance: an import's creates share one (its batch's
 * one history record, DB version 6), so a plot's later entries have smaller ones than on a device
 * that committed plot by plot. Only their order means anything (undo's `undoes` follows them).
 */
function withSeqsNumbered<T extends {seq?: number; undoes?: number}>(entries: readonly T[]): T[] {
  const ids = new Map<number, number>();
  const id = (seq: number) => ids.get(seq) ?? (ids.set(seq, ids.size + 1), ids.size);
  for (const e of entries) if (e.seq !== undefined) id(e.seq);
  return entries.map((e) => ({...e, ...(e.seq === undefined ? {} : {seq: id(e.seq)}), ...(e.undoes === undefined ? {} : {undoes: id(e.undoes)})}));
}

function rawAll<T>(factory: IDBFactory, store: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const open = factory.open(DB_NAME);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => {
        resolve(request.result as T[]);
        open.result.close();
      };
      request.onerror = () => reject(request.error);
    };
  });
}

describe('a create stored as a reference to the stored plot', () => {
  it('stores an imported plot once: its create entry (one for the batch) and its op hold no copy of it', async () => {
    const factory = new IDBFactory();
    const plots = syntheticPlots(3, 31);
    const repo = await device(factory);
    await repo.commitMany(plots.map((plot) => ({plot, expectedVersion: null})));
    const history = await rawAll<Record<string, unknown>>(factory, 'history');
    const outbox = await rawAll<{op: Record<string, unknown>; plotVersion?: number}>(factory, 'outbox');
    expect(history.map((e) => [e.action, 'after' in e, e.afterStored, e.plotIds, e.versions])).toEqual([['create', false, true, plots.map((p) => p.properties.id), [1, 1, 1]]]);
    expect(outbox.map((e) => ['plot' in e.op, e.plotVersion])).toEqual([[false, 1], [false, 1], [false, 1]]);
  });

  it('gives the history panel, undo and conflict handling the same entries as whole ones', async () => {
    const plots = syntheticPlots(3, 32);
    const imported = await sameChanges('import', plots);
    const drawn = await sameChanges('one by one', plots);
    for (const plot of plots) {
      const id = plot.properties.id;
      expect(withSeqsNumbered(await imported.history(id))).toEqual(withSeqsNumbered(await drawn.history(id)));
    }
    // The create's plot is the one imported, not what it became: the edit's `before` gave it back.
    const [first] = await imported.history(plots[0]!.properties.id);
    expect(first).toMatchObject({action: 'create', version: 1, before: null, after: plots[0]});
    // Undo walks back the same way on both: the second edit, the first, then the create (the plot goes).
    for (const repo of [imported, drawn]) {
      for (const version of [3, 4, 5]) expect((await repo.undoLast(plots[0]!.properties.id, version)).ok).toBe(true);
    }
    expect(withSeqsNumbered(await imported.history(plots[0]!.properties.id))).toEqual(withSeqsNumbered(await drawn.history(plots[0]!.properties.id)));
    // Undoing one imported plot's create touches that plot only: its batch-mates keep their create.
    expect((await imported.loadAll()).map((r) => r.plot.properties.id)).toEqual([plots[2]!.properties.id]);
    expect((await imported.history(plots[2]!.properties.id)).map((e) => e.action)).toEqual(['create']);
    expect((await imported.undoLast(plots[2]!.properties.id, 1)).ok).toBe(true);
    expect(await imported.loadAll()).toEqual([]);
  });

  it('pushes the same ops to the team server, the create carrying the plot as imported', async () => {
    const plots = syntheticPlots(3, 33);
    const imported = await sameChanges('import', plots);
    const drawn = await sameChanges('one by one', plots);
    const ops = await imported.outbox.queued(500);
    expect(withOpIdsNumbered(ops)).toEqual(withOpIdsNumbered(await drawn.outbox.queued(500)));
    expect(ops.map((e) => e.op.kind)).toEqual(['create', 'create', 'create', 'update', 'update', 'delete']);
    expect(ops[0]!.op.plot?.properties.notes).toBe(plots[0]!.properties.notes);
    // The unsent-ops export reads every op.
    expect(withOpIdsNumbered(await imported.outbox.all())).toEqual(withOpIdsNumbered(await drawn.outbox.all()));
  });

  it('writes the same full backup, with whole history entries', async () => {
    const plots = syntheticPlots(3, 34);
    const imported = await sameChanges('import', plots);
    const drawn = await sameChanges('one by one', plots);
    const backup = await imported.readBackup();
    // Less the sequence numbers, which a batch's creates share and a restore drops.
    const withoutSeqs = (b: typeof backup) => JSON.stringify({...b, history: (b.history as {seq?: number}[]).map(({seq: _seq, ...e}) => e)});
    expect(withoutSeqs(backup)).toBe(withoutSeqs(await drawn.readBackup()));
    expect(backup.history.filter((e) => (e as {action: string}).action === 'create').every((e) => (e as {after: unknown}).after !== null)).toBe(true);
    // And a device restored from it reads back the same history.
    const restored = await device();
    expect(await restored.restoreBackup(backup)).toMatchObject({ok: true, plots: 2});
    expect(await restored.history(plots[0]!.properties.id)).toEqual((await drawn.history(plots[0]!.properties.id)).map((e) => ({...e, seq: expect.any(Number)})));
  });
});
