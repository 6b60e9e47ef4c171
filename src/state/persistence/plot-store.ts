import type {Plot} from '../../geo/plot';
import type {DeviceDb, WriteTransaction, Written} from './device-db';
import type {HistoryEntry, StoredPlot} from './plot-db';
import type {CommitFailure, PlotRecord} from './storage-errors';
import {unwrap} from 'idb';
import {addOpIn, createRefEntry, opContextIn, writeOpIn} from './outbox';
import {entriesOf, wholeHistory} from './plot-at-version';
import {packPlot, unpackPlot, type StoredPlotValue} from './stored-geometry';

export type CommitResult = {ok: true; record: PlotRecord | null} | CommitFailure;

/** One plot to write in a batch: `expectedVersion` as for a single put (null: must not exist yet). */
export type PlotPut = {readonly plot: Plot; readonly expectedVersion: number | null};

/** A put with its plot as the plots store holds it (packPlot): what crosses to the plot writer worker. */
export type StoredPut = {readonly plot: StoredPlotValue; readonly expectedVersion: number | null};

/** A put's outcome without the plot (the caller has it): the version written, or why it was refused. */
export type WrittenPut = {readonly ok: true; readonly version: number} | CommitFailure;

/** writeMany's outcome: BatchResult with versions instead of records. */
export type WrittenBatch = {ok: true; results: WrittenPut[]} | {ok: false; reason: 'cancelled'} | CommitFailure;

/**
 * A batch's outcome: every put either written (`ok`) or refused on its own (a conflict, a plot
 * that cannot be stored); a refused put does not stop the others. `cancelled`: the caller's
 * signal fired while the batch was in flight, so none of it was written.
 */
export type BatchResult = {ok: true; results: CommitResult[]} | {ok: false; reason: 'cancelled'} | CommitFailure;

/**
 * The stores a plot edit writes: the plot, its history entry and its outbox op (team sync,
 * outbox.ts) in one transaction; photo changes and undo add 'photos' (photo-store.ts).
 */
export const PLOT_STORES = ['plots', 'history', 'outbox', 'serverPlots'] as const;
export const PLOT_AND_PHOTO_STORES = ['plots', 'history', 'outbox', 'serverPlots', 'photos'] as const;
type PlotStores = (typeof PLOT_STORES)[number];

export type Outcome = Written<CommitResult>;

/**
 * Plots and their history over the device connection. Every committed change is one strict
 * transaction over the plot and its history entry (see DeviceDb.write), so either all of it
 * is on disk or none of it is; a change based on a stale version is refused as a conflict.
 */
export class PlotStore {
  readonly #device: DeviceDb;
  readonly #actor: string;

  constructor(device: DeviceDb, actor: string) {
    this.#device = device;
    this.#actor = actor;
  }

  /** Every plot that is not deleted, with its version. */
  async loadAll(): Promise<PlotRecord[]> {
    return (await this.#device.read((db) => db.getAll('plots'))).filter((s) => !s.deleted).map(recordOf);
  }

  /** Deleted plots (their last state and version), so the UI can offer to restore them with undoLast. */
  async loadDeleted(): Promise<PlotRecord[]> {
    return (await this.#device.read((db) => db.getAll('plots'))).filter((s) => s.deleted).map(recordOf);
  }

  /** The plot's committed changes, oldest first. */
  async history(plotId: string): Promise<HistoryEntry[]> {
    return this.#device.read(async (db) => {
      const tx = db.transaction(['history', 'plots']);
      const [entries, stored] = await Promise.all([entriesOf(tx.objectStore('history'), plotId), tx.objectStore('plots').get(plotId)]);
      return wholeHistory(entries, stored);
    });
  }

  /** `resolves`: this edit settles the team server's conflict of that id (its op says so). */
  put(plot: Plot, expectedVersion: number | null, resolves?: string): Promise<CommitResult> {
    return this.#device.write(PLOT_STORES, (tx, at) => putIn(tx, at, this.#actor, plot, expectedVersion, resolves));
  }

  /**
   * `resolves`: this deletion settles the team server's conflict of that id. A plot already
   * deleted here (the server deleted it; a planner keeps it deleted) changes nothing on the
   * device: only the op that tells the server so is written.
   */
  delete(plotId: string, expectedVersion: number, resolves?: string): Promise<CommitResult> {
    return this.#device.write(PLOT_STORES, async (tx, at): Promise<Outcome> => {
      const stored = await tx.objectStore('plots').get(plotId);
      if (stored?.deleted && resolves && stored.version === expectedVersion) {
        await writeOpIn(tx, plotId, unpackPlot(stored.plot), null, resolves);
        return {result: {ok: true, record: null}, changed: [plotId]};
      }
      if (!stored || stored.deleted || stored.version !== expectedVersion) return conflict(plotId, stored, expectedVersion);
      const version = stored.version + 1;
      const before = unpackPlot(stored.plot);
      await tx.objectStore('plots').put({...stored, version, deleted: true});
      await tx.objectStore('history').add({plotId, version, at, actor: this.#actor, action: 'delete', before, after: null});
      await writeOpIn(tx, plotId, before, null, resolves);
      return {result: {ok: true, record: null}, changed: [plotId]};
    });
  }

  /**
   * Writes many plots in one strict transaction (an import's batch): each put is checked and
   * written as `put` would, a refused one is reported and skipped, and the batch lands whole
   * or not at all. All reads are issued before any write so the browser can pipeline them.
   * When `signal` fires before the transaction completes, it is aborted: nothing of it lands.
   */
  async putMany(puts: readonly PlotPut[], signal?: AbortSignal): Promise<BatchResult> {
    const outcome = await this.writeMany(puts.map(packedPut), signal);
    if (!outcome.ok) return outcome;
    return {ok: true, results: outcome.results.map((r, i): CommitResult => (r.ok ? {ok: true, record: {plot: puts[i]!.plot, version: r.version}} : r))};
  }

  /**
   * putMany over plots packed already (packedPut; the plot writer worker is sent them so, as
   * their copy to the worker is then cheap too): the versions written, not the plots.
   *
   * The writes of plots new to the device go out as plain requests, not idb's promises: the
   * transaction's completion is what counts, and a promise with two listeners per request was
   * a fifth of the plot writer's time over 30,000 requests (trace, stop 14). The first request
   * that fails fails the batch with its own error, as awaiting each request did.
   */
  async writeMany(puts: readonly StoredPut[], signal?: AbortSignal): Promise<WrittenBatch> {
    return this.#device.write<PlotStores, WrittenBatch>(PLOT_STORES, async (tx, at) => {
      const plots = tx.objectStore('plots');
      const ids = puts.map((p) => p.plot?.properties?.id);
      const stored = await Promise.all(ids.map((id) => (typeof id === 'string' && id !== '' ? plots.get(id) : Promise.resolve(undefined))));
      if (signal?.aborted) return {result: {ok: false, reason: 'cancelled'}, changed: []};
      const raw = {plots: unwrap(plots), history: unwrap(tx.objectStore('history')), outbox: unwrap(tx.objectStore('outbox'))};
      let firstError: DOMException | null = null;
      let last: IDBRequest | null = null;
      const issue = (request: IDBRequest) => {
        request.onerror = () => (firstError ??= request.error);
        last = request;
      };
      const results: WrittenPut[] = [];
      // Ops of plots already on the device: writeOpIn reads the outbox and server version first.
      const updates: Promise<unknown>[] = [];
      const seen = new Set<string>();
      const created = {ids: [] as string[], versions: [] as number[]};
      for (const [i, {plot, expectedVersion}] of puts.entries()) {
        const id = ids[i];
        if (typeof id !== 'string' || id === '') {
          results.push(noId());
          continue;
        }
        const before = stored[i];
        // Twice in one batch: the second is based on a version the batch itself replaced.
        if (seen.has(id) || !isFresh(before, expectedVersion)) {
          results.push(conflict(id, before, expectedVersion).result as CommitFailure);
          continue;
        }
        seen.add(id);
        const version = (before?.version ?? 0) + 1;
        issue(raw.plots.put({id, plot: packPlot(plot), version, deleted: false}));
        if (before && !before.deleted) {
          // An update (an import's "update" policy): its history entry and op hold whole plots.
          const previous = unpackPlot(before.plot);
          const after = unpackPlot(plot);
          issue(raw.history.add({plotId: id, version, at, actor: this.#actor, action: 'update', before: previous, after}));
          const op = writeOpIn(tx, id, previous, after);
          // Handled here: if a later request throws, the abort rejects it before anyone awaits it.
          op.catch(() => {});
          updates.push(op);
        } else {
          // New to the device: a create, whatever the server or the outbox holds (writeOpIn). Its
          // op refers to the plot just put instead of copying it (plot-at-version.ts), and it and
          // the history entry (the batch's one record of creates) are added below.
          created.ids.push(id);
          created.versions.push(version);
        }
        results.push({ok: true, version});
      }
      // Store by store, not plot by plot: every plot, then every op. The same records interleaved
      // took a third longer (tests/bench/idb-floor.ts, grouped vs rangeRead). Still issued before
      // any read above resolves, so the creates' ops keep their order ahead of the updates'.
      for (const [i, id] of created.ids.entries()) issue(raw.outbox.add(createRefEntry(id, created.versions[i]!)));
      // One record for the batch's creates, not one per plot: an import pays per record written
      // (tests/bench/idb-floor.ts), and these were a quarter of them. Readers expand it (entriesOf).
      if (created.ids.length > 0) {
        issue(raw.history.add({plotIds: created.ids, versions: created.versions, at, actor: this.#actor, action: 'create', before: null, afterStored: true}));
      }
      const lastRequest = last as IDBRequest | null;
      // Requests of one transaction complete in order: the last one's success follows all others'.
      if (lastRequest) {
        await new Promise<void>((resolve, reject) => {
          lastRequest.onsuccess = () => resolve();
          lastRequest.onerror = () => reject(firstError ?? lastRequest.error);
        });
      }
      await Promise.all(updates);
      if (signal?.aborted) return {result: {ok: false, reason: 'cancelled'}, changed: []};
      const changed = results.flatMap((r, i) => (r.ok ? [ids[i] as string] : []));
      return {result: {ok: true, results}, changed};
    });
  }

  /**
   * Reverts the newest change to the plot that has not been undone yet (so calling it again
   * goes further back), as a new version with action 'undo'. A created plot is deleted, a
   * deleted one comes back, an added photo is removed and a removed one returns. Reads the
   * history from the database, so it works after a reload.
   */
  undoLast(plotId: string, expectedVersion: number): Promise<CommitResult> {
    return this.#device.write(PLOT_AND_PHOTO_STORES, async (tx, at): Promise<Outcome> => {
      const stored = await tx.objectStore('plots').get(plotId);
      if (!stored || stored.version !== expectedVersion) return conflict(plotId, stored, expectedVersion);
      // Creates stored as references (plot-at-version.ts) are read as they are: undo needs their `before` (null), not the plot they made.
      const entries = await entriesOf(tx.objectStore('history'), plotId);
      const undone = new Set(entries.map((e) => e.undoes).filter((seq) => seq !== undefined));
      const target = entries.findLast((e) => e.action !== 'undo' && !undone.has(e.seq));
      if (!target) return {result: {ok: false, reason: 'nothing-to-undo', message: `Plot ${plotId} has no change left to undo`}, changed: []};
      const version = stored.version + 1;
      const current = unpackPlot(stored.plot);
      const entry = {plotId, version, at, actor: this.#actor, action: 'undo' as const, undoes: target.seq};
      if (target.action === 'photo-add' || target.action === 'photo-remove') {
        const photo = target.photoId === undefined ? undefined : await tx.objectStore('photos').get(target.photoId);
        if (!photo || stored.deleted) {
          return {result: {ok: false, reason: 'unknown', message: `The photo of history entry ${target.seq} is no longer stored`}, changed: []};
        }
        await tx.objectStore('photos').put({...photo, removed: target.action === 'photo-add'});
        const after = await withPhotoNamesIn(tx, current, target.action === 'photo-add' ? photo.sha256 : undefined);
        await tx.objectStore('plots').put({...stored, plot: packPlot(after), version});
        await tx.objectStore('history').add({...entry, before: current, after, photoId: photo.id});
        await writeOpIn(tx, plotId, current, after);
        return {result: {ok: true, record: {plot: after, version}}, changed: [plotId]};
      }
      // The restored plot is stamped with the undo time: undoing is an edit like any other.
      const restored = target.before === null ? null : withUpdated(target.before, at);
      await tx.objectStore('plots').put({id: plotId, plot: restored ? packPlot(restored) : stored.plot, version, deleted: restored === null});
      await tx.objectStore('history').add({...entry, before: stored.deleted ? null : current, after: restored});
      await writeOpIn(tx, plotId, stored.deleted ? null : current, restored);
      return {result: {ok: true, record: restored && {plot: restored, version}}, changed: [plotId]};
    });
  }
}

/** A put inside a transaction the caller opened. */
async function putIn(tx: WriteTransaction<PlotStores>, at: string, actor: string, plot: Plot, expectedVersion: number | null, resolves?: string): Promise<Outcome> {
  const id = plot?.properties?.id;
  if (typeof id !== 'string' || id === '') return {result: noId(), changed: []};
  // The op's reads go out with the plot's: the writes below then wait for one round trip, not
  // two (issue 11: the main thread is busy right after a save, and each round waits for it).
  const [stored, context] = await Promise.all([tx.objectStore('plots').get(id), opContextIn(tx, id)]);
  if (!isFresh(stored, expectedVersion)) return conflict(id, stored, expectedVersion);
  // The photo names belong to the plot's photos (photo-store.ts): an edit made from a copy of
  // the plot without them (an older form, a shape save) keeps them rather than dropping photos.
  const names = stored && !stored.deleted ? photoNames(stored.plot) : undefined;
  if (names && photoNames(plot) === undefined) plot = {...plot, properties: {...plot.properties, photos: names} as Plot['properties']};
  const {record, entry} = versioned(stored, plot, at, actor);
  // Issued together, not one round trip to the database each: the page's main thread is busy
  // right after a save (issue 11), and each await waited for it. The first failure is the one reported.
  await Promise.all([
    tx.objectStore('plots').put({id, plot: packPlot(plot), version: record.version, deleted: false}),
    tx.objectStore('history').add(entry),
    addOpIn(tx, id, entry.before, plot, context, resolves),
  ]);
  return {result: {ok: true, record}, changed: [id]};
}

/**
 * A deleted plot's tombstone may be written over only by naming its version: the user saw the
 * deletion and chose to bring their edit back.
 */
function isFresh(stored: StoredPlot | undefined, expectedVersion: number | null): boolean {
  return expectedVersion === null ? stored === undefined : stored !== undefined && stored.version === expectedVersion;
}

function versioned(stored: StoredPlot | undefined, plot: Plot, at: string, actor: string) {
  const version = (stored?.version ?? 0) + 1;
  const live = stored !== undefined && !stored.deleted;
  const entry = {plotId: plot.properties.id, version, at, actor, action: live ? ('update' as const) : ('create' as const), before: live ? unpackPlot(stored.plot) : null, after: plot};
  return {record: {plot, version}, entry};
}

function noId(): CommitFailure {
  return {ok: false, reason: 'unknown', message: 'A plot needs a non-empty properties.id to be stored'};
}

/**
 * A photo change is a change to its plot: new version, history entry, and the plot's photo
 * names (`after`, see withPhotoNamesIn) with its op, so the team server and other devices learn
 * of the photo.
 */
export async function touchPlot(
  tx: WriteTransaction<PlotStores | 'photos'>, at: string, actor: string, stored: StoredPlot, action: 'photo-add' | 'photo-remove', photoId: string, after: Plot,
): Promise<Outcome> {
  const version = stored.version + 1;
  const before = unpackPlot(stored.plot);
  await tx.objectStore('plots').put({...stored, plot: packPlot(after), version});
  await tx.objectStore('history').add({plotId: stored.id, version, at, actor, action, before, after, photoId});
  await writeOpIn(tx, stored.id, before, after);
  return {result: {ok: true, record: {plot: after, version}}, changed: [stored.id]};
}

/** The photo names a plot carries, if it carries any list. */
export function photoNames(plot: Pick<Plot, 'properties'> | undefined): readonly string[] | undefined {
  const photos = (plot?.properties as {photos?: unknown} | undefined)?.photos;
  return Array.isArray(photos) ? (photos as string[]) : undefined;
}

/**
 * The plot with `properties.photos` brought up to date with its stored photos: the names it
 * already carries (some may be of photos this device never fetched) plus those of its photos not
 * removed, less `dropped` unless another live photo of the plot has the same bytes.
 */
export async function withPhotoNamesIn(tx: WriteTransaction<PlotStores | 'photos'>, plot: Plot, dropped?: string): Promise<Plot> {
  const records = await tx.objectStore('photos').index('plotId').getAll(plot.properties.id);
  const live = records.filter((p) => !p.removed).sort((a, b) => a.takenAt.localeCompare(b.takenAt) || a.id.localeCompare(b.id)).flatMap((p) => (p.sha256 ? [p.sha256] : []));
  const names = [...new Set([...(photoNames(plot) ?? []), ...live])].filter((h) => h !== dropped || live.includes(h));
  return {...plot, properties: {...plot.properties, photos: names} as Plot['properties']};
}



export function recordOf(stored: StoredPlot): PlotRecord {
  return {plot: unpackPlot(stored.plot), version: stored.version};
}

/** A put with its plot packed as the plots store holds it (stored-geometry.ts). */
export function packedPut(put: PlotPut): StoredPut {
  return {plot: packPlot(put.plot), expectedVersion: put.expectedVersion};
}

function withUpdated(plot: Plot, at: string): Plot {
  return {...plot, properties: {...plot.properties, updated: at}};
}

export function conflict(plotId: string, stored: StoredPlot | undefined, expectedVersion: number | null): Outcome {
  const current = stored && !stored.deleted ? recordOf(stored) : null;
  const found = !stored ? 'does not exist' : stored.deleted ? `was deleted (version ${stored.version})` : `is at version ${stored.version}`;
  const expected = expectedVersion === null ? 'expected it not to exist' : `expected version ${expectedVersion}`;
  return {result: {ok: false, reason: 'conflict', message: `Plot ${plotId} ${found} but the change ${expected}`, current, currentVersion: stored?.version ?? null}, changed: []};
}
