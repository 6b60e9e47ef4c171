import type {IDBPTransaction} from 'idb';
import type {Plot} from '../../geo/plot';
import {broadcastCrossTabChannel, silentCrossTabChannel, type CrossTabChannel, type PlotChangeMessage} from './cross-tab';
import {DB_NAME, openPlotDb, type HistoryEntry, type PhotoRecord, type PlotDb, type PlotDbSchema, type StoredPlot} from './plot-db';

export type {HistoryAction, HistoryEntry, PhotoRecord} from './plot-db';

/** A plot as the app holds it: `version` starts at 1 and grows by one per committed change. */
export type PlotRecord = {plot: Plot; version: number};

/**
 * One change the user committed. `expectedVersion` is the version the edit was based on, so a
 * change made from stale data is refused instead of overwriting another tab's edit.
 */
export type Change =
  | {kind: 'put'; plot: Plot; expectedVersion: number | null}
  | {kind: 'delete'; plotId: string; expectedVersion: number}
  | {kind: 'photo-add'; photo: PhotoRecord}
  | {kind: 'photo-remove'; photoId: string};

/**
 * Why a change is not saved on this device. The UI words it (zh/en); `message` is English and
 * technical, for logs and support.
 * - conflict: another tab or device changed the plot first; `current` is what is stored now
 *   (null when the plot is deleted or absent).
 * - quota: the device refused more data for this app.
 * - closed: the database connection is gone (storage cleared, browser shut it); reopen.
 * - reload-required: a newer build of the app owns the database; this page must reload.
 * - nothing-to-undo: the plot's history has no change left to undo.
 * - unknown: anything else, including a change that cannot be stored at all.
 */
export type FailureReason = 'conflict' | 'quota' | 'closed' | 'reload-required' | 'nothing-to-undo' | 'unknown';
/**
 * `currentVersion` (with a conflict) is the stored version, also of a deleted plot's tombstone,
 * so a user who chose to overwrite can name exactly the version they saw.
 */
export type CommitFailure = {ok: false; reason: FailureReason; message: string; current?: PlotRecord | null; currentVersion?: number | null};
export type CommitResult = {ok: true; record: PlotRecord | null} | CommitFailure;

/** A presenter slide as stored: any object with a string id (the presenter slice owns its shape). */
export type SlideRecord = {readonly id: string; readonly [key: string]: unknown};
type StoredSlide = SlideRecord & {order?: number};
export type SlidesSaveResult = {ok: true} | CommitFailure;

export type RepositoryStatus = 'open' | 'closed' | 'reload-required';

/** A read could not be answered; `reason` as for CommitFailure. */
export class PlotStorageError extends Error {
  readonly reason: FailureReason;
  constructor(reason: FailureReason, message: string, options?: {cause?: unknown}) {
    super(message, options);
    this.name = 'PlotStorageError';
    this.reason = reason;
  }
}

export type PlotRepositoryOptions = {
  /** Defaults to the page's `indexedDB`; tests pass their own so they share nothing. */
  factory?: IDBFactory;
  name?: string;
  /** The team or device name written into every history entry. */
  actor: string;
  /** Defaults to a BroadcastChannel; a channel passed in stays open when the repository closes. */
  channel?: CrossTabChannel;
  /** Called once when this page can no longer use the database because a newer build took it over. */
  onReloadRequired?: () => void;
  /**
   * Called once when the open connection is gone without a newer build behind it: the browser
   * closed it (site data cleared, disk error) or the database is being deleted. The owner
   * reopens and compares what is still stored.
   */
  onConnectionLost?: () => void;
  now?: () => Date;
};

type WriteTransaction = IDBPTransaction<PlotDbSchema, ('plots' | 'history' | 'photos')[], 'readwrite'>;
type Outcome = {result: CommitResult; changed: string | null};

const WRITE_STORES: ('plots' | 'history' | 'photos')[] = ['plots', 'history', 'photos'];

/**
 * The device's copy of the plots: every committed change is one strict-durability IndexedDB
 * transaction over the plot, its history entry and its photo, so either all of it is on disk
 * or none of it is, and "saved" is reported only after the transaction completed.
 */
export class PlotRepository {
  #db: PlotDb | null = null;
  #status: RepositoryStatus = 'open';
  readonly #name: string;
  readonly #actor: string;
  readonly #channel: CrossTabChannel;
  readonly #ownsChannel: boolean;
  readonly #origin = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  readonly #listeners = new Set<(plotIds: string[]) => void>();
  readonly #onReloadRequired: () => void;
  readonly #onConnectionLost: () => void;
  readonly #now: () => Date;
  #unsubscribe: () => void = () => {};

  private constructor(options: PlotRepositoryOptions) {
    this.#name = options.name ?? DB_NAME;
    this.#actor = options.actor;
    this.#ownsChannel = options.channel === undefined;
    this.#channel = options.channel ?? (typeof BroadcastChannel === 'function' ? broadcastCrossTabChannel() : silentCrossTabChannel());
    this.#onReloadRequired = options.onReloadRequired ?? (() => {});
    this.#onConnectionLost = options.onConnectionLost ?? (() => {});
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Opens the database, migrating it if it is older than this build. When it is newer
   * (another tab already runs a newer build), the repository comes back with status
   * 'reload-required' and onReloadRequired has been called. Rejects with PlotStorageError only
   * when there is no database at all (no IndexedDB, a failed migration).
   */
  static async open(options: PlotRepositoryOptions): Promise<PlotRepository> {
    const repository = new PlotRepository(options);
    const factory = options.factory ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB);
    if (!factory) {
      repository.#closeChannel();
      throw new PlotStorageError('unknown', 'IndexedDB is not available in this browser');
    }
    try {
      const db = await openPlotDb(
        factory,
        repository.#name,
        {
          onVersionChange: (newVersion) => (newVersion === null ? repository.#markClosed() : repository.#requireReload()),
          onClose: () => repository.#markClosed(),
        },
        repository.#now,
      );
      if (repository.#status !== 'open') db.close();
      else repository.#db = db;
    } catch (err) {
      if (nameOf(err) === 'VersionError') {
        repository.#requireReload();
        return repository;
      }
      repository.#closeChannel();
      throw new PlotStorageError(reasonOf(err), `Opening the plot database failed: ${describe(err)}`, {cause: err});
    }
    repository.#unsubscribe = repository.#channel.subscribe((message) => repository.#hear(message));
    return repository;
  }

  get status(): RepositoryStatus {
    return this.#status;
  }

  /** Every plot that is not deleted, with its version. */
  async loadAll(): Promise<PlotRecord[]> {
    return (await this.#read((db) => db.getAll('plots'))).filter((s) => !s.deleted).map(recordOf);
  }

  /** Deleted plots (their last state and version), so the UI can offer to restore them with undoLast. */
  async loadDeleted(): Promise<PlotRecord[]> {
    return (await this.#read((db) => db.getAll('plots'))).filter((s) => s.deleted).map(recordOf);
  }

  /** The plot's committed changes, oldest first. */
  async history(plotId: string): Promise<HistoryEntry[]> {
    return (await this.#read((db) => db.getAllFromIndex('history', 'plotId', plotId))) as HistoryEntry[];
  }

  /** The plot's photos that have not been removed, in the order they were taken. */
  async photosOf(plotId: string): Promise<PhotoRecord[]> {
    const stored = await this.#read((db) => db.getAllFromIndex('photos', 'plotId', plotId));
    return stored
      .filter((p) => !p.removed)
      .map(({removed: _removed, ...photo}) => photo)
      .sort((a, b) => a.takenAt.localeCompare(b.takenAt) || a.id.localeCompare(b.id));
  }

  /** The presenter's slides in their saved order (each as it was saved: the caller checks its shape). */
  async loadSlides(): Promise<SlideRecord[]> {
    const stored = (await this.#read((db) => db.getAll('slides'))) as StoredSlide[];
    return stored
      .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
      .map(({order: _order, ...slide}) => slide);
  }

  /**
   * Replaces the saved slides with `slides`, in that order, in one strict-durability
   * transaction: the set of slides on disk is always one the user saw, never half of one.
   */
  async saveSlides(slides: readonly SlideRecord[]): Promise<SlidesSaveResult> {
    const unavailable = this.#unavailable();
    if (unavailable) return unavailable;
    let tx: IDBPTransaction<PlotDbSchema, ['slides'], 'readwrite'>;
    try {
      tx = this.#db!.transaction(['slides'], 'readwrite', {durability: 'strict'});
    } catch (err) {
      return this.#failure(err);
    }
    const done = tx.done;
    done.catch(() => {});
    try {
      const store = tx.objectStore('slides');
      await store.clear();
      for (const [order, slide] of slides.entries()) await store.put({...slide, order} as StoredSlide);
      await done;
    } catch (err) {
      try {
        tx.abort();
      } catch {
        // Already aborted by the failed request.
      }
      return this.#failure(err);
    }
    return {ok: true};
  }

  /**
   * Writes one change and resolves once it is on disk. Never rejects: a change that is not
   * saved comes back as a CommitFailure, and the caller keeps it in memory.
   */
  async commit(change: Change): Promise<CommitResult> {
    return this.#write(async (tx, at) => {
      switch (change.kind) {
        case 'put':
          return this.#put(tx, at, change.plot, change.expectedVersion);
        case 'delete':
          return this.#delete(tx, at, change.plotId, change.expectedVersion);
        case 'photo-add':
          return this.#addPhoto(tx, at, change.photo);
        case 'photo-remove':
          return this.#removePhoto(tx, at, change.photoId);
      }
    });
  }

  /**
   * Reverts the newest change to the plot that has not been undone yet (so calling it again
   * goes further back), as a new version with action 'undo'. A created plot is deleted, a
   * deleted one comes back, an added photo is removed and a removed one returns. Reads the
   * history from the database, so it works after a reload.
   */
  async undoLast(plotId: string, expectedVersion: number): Promise<CommitResult> {
    return this.#write(async (tx, at) => {
      const stored = await tx.objectStore('plots').get(plotId);
      if (!stored || stored.version !== expectedVersion) return conflict(plotId, stored, expectedVersion);
      const entries = (await tx.objectStore('history').index('plotId').getAll(plotId)) as HistoryEntry[];
      const undone = new Set(entries.map((e) => e.undoes).filter((seq) => seq !== undefined));
      const target = entries.findLast((e) => e.action !== 'undo' && !undone.has(e.seq));
      if (!target) return {result: {ok: false, reason: 'nothing-to-undo', message: `Plot ${plotId} has no change left to undo`}, changed: null};
      const version = stored.version + 1;
      const entry = {plotId, version, at, actor: this.#actor, action: 'undo' as const, undoes: target.seq};
      if (target.action === 'photo-add' || target.action === 'photo-remove') {
        const photo = target.photoId === undefined ? undefined : await tx.objectStore('photos').get(target.photoId);
        if (!photo || stored.deleted) {
          return {result: {ok: false, reason: 'unknown', message: `The photo of history entry ${target.seq} is no longer stored`}, changed: null};
        }
        await tx.objectStore('photos').put({...photo, removed: target.action === 'photo-add'});
        await tx.objectStore('plots').put({...stored, version});
        await tx.objectStore('history').add({...entry, before: stored.plot, after: stored.plot, photoId: photo.id});
        return {result: {ok: true, record: {plot: stored.plot, version}}, changed: plotId};
      }
      // The restored plot is stamped with the undo time: undoing is an edit like any other.
      const restored = target.before === null ? null : withUpdated(target.before, at);
      await tx.objectStore('plots').put({id: plotId, plot: restored ?? stored.plot, version, deleted: restored === null});
      await tx.objectStore('history').add({...entry, before: stored.deleted ? null : stored.plot, after: restored});
      return {result: {ok: true, record: restored && {plot: restored, version}}, changed: plotId};
    });
  }

  /** Calls the listener with the plot ids another tab committed; returns the unsubscribe function. */
  onRemoteChange(listener: (plotIds: string[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#unsubscribe();
    this.#closeChannel();
    this.#listeners.clear();
    this.#db?.close();
    this.#db = null;
    if (this.#status === 'open') this.#status = 'closed';
  }

  async #put(tx: WriteTransaction, at: string, plot: Plot, expectedVersion: number | null): Promise<Outcome> {
    const id = plot?.properties?.id;
    if (typeof id !== 'string' || id === '') {
      return {result: {ok: false, reason: 'unknown', message: 'A plot needs a non-empty properties.id to be stored'}, changed: null};
    }
    const stored = await tx.objectStore('plots').get(id);
    // A deleted plot's tombstone may be written over only by naming its version: the user saw
    // the deletion and chose to bring their edit back.
    const fresh = expectedVersion === null ? stored === undefined : stored !== undefined && stored.version === expectedVersion;
    if (!fresh) return conflict(id, stored, expectedVersion);
    const version = (stored?.version ?? 0) + 1;
    const live = stored !== undefined && !stored.deleted;
    await tx.objectStore('plots').put({id, plot, version, deleted: false});
    await tx.objectStore('history').add({
      plotId: id, version, at, actor: this.#actor, action: live ? 'update' : 'create', before: live ? stored.plot : null, after: plot,
    });
    return {result: {ok: true, record: {plot, version}}, changed: id};
  }

  async #delete(tx: WriteTransaction, at: string, plotId: string, expectedVersion: number): Promise<Outcome> {
    const stored = await tx.objectStore('plots').get(plotId);
    if (!stored || stored.deleted || stored.version !== expectedVersion) return conflict(plotId, stored, expectedVersion);
    const version = stored.version + 1;
    await tx.objectStore('plots').put({...stored, version, deleted: true});
    await tx.objectStore('history').add({plotId, version, at, actor: this.#actor, action: 'delete', before: stored.plot, after: null});
    return {result: {ok: true, record: null}, changed: plotId};
  }

  async #addPhoto(tx: WriteTransaction, at: string, photo: PhotoRecord): Promise<Outcome> {
    const stored = await tx.objectStore('plots').get(photo.plotId);
    if (!stored || stored.deleted) return conflict(photo.plotId, stored, null);
    if ((await tx.objectStore('photos').count(photo.id)) > 0) {
      return {result: {ok: false, reason: 'unknown', message: `A photo with id ${photo.id} is already stored`}, changed: null};
    }
    const {id, plotId, name, type, takenAt, blob, thumbnail} = photo;
    await tx.objectStore('photos').put({id, plotId, name, type, takenAt, blob, thumbnail});
    return this.#touch(tx, at, stored, 'photo-add', id);
  }

  async #removePhoto(tx: WriteTransaction, at: string, photoId: string): Promise<Outcome> {
    const photo = await tx.objectStore('photos').get(photoId);
    if (!photo || photo.removed) return {result: {ok: false, reason: 'conflict', message: `Photo ${photoId} is not stored`}, changed: null};
    const stored = await tx.objectStore('plots').get(photo.plotId);
    if (!stored || stored.deleted) return conflict(photo.plotId, stored, null);
    // Kept, marked removed, so the removal can be undone after a reload.
    await tx.objectStore('photos').put({...photo, removed: true});
    return this.#touch(tx, at, stored, 'photo-remove', photoId);
  }

  /** A photo change is a change to its plot: new version, history entry with the plot unchanged. */
  async #touch(tx: WriteTransaction, at: string, stored: StoredPlot, action: 'photo-add' | 'photo-remove', photoId: string): Promise<Outcome> {
    const version = stored.version + 1;
    await tx.objectStore('plots').put({...stored, version});
    await tx.objectStore('history').add({plotId: stored.id, version, at, actor: this.#actor, action, before: stored.plot, after: stored.plot, photoId});
    return {result: {ok: true, record: {plot: stored.plot, version}}, changed: stored.id};
  }

  /**
   * Runs `work` in one readwrite transaction with strict durability (the browser flushes to
   * disk before 'complete'), aborting it on any error so a half-written change never lands.
   */
  async #write(work: (tx: WriteTransaction, at: string) => Promise<Outcome>): Promise<CommitResult> {
    const unavailable = this.#unavailable();
    if (unavailable) return unavailable;
    let tx: WriteTransaction;
    try {
      tx = this.#db!.transaction(WRITE_STORES, 'readwrite', {durability: 'strict'});
    } catch (err) {
      return this.#failure(err);
    }
    const done = tx.done;
    done.catch(() => {});
    let outcome: Outcome;
    try {
      outcome = await work(tx, this.#now().toISOString());
    } catch (err) {
      abortQuietly(tx);
      return this.#failure(err);
    }
    if (!outcome.result.ok) {
      abortQuietly(tx);
      return outcome.result;
    }
    try {
      await done;
    } catch (err) {
      return this.#failure(err);
    }
    if (outcome.changed !== null) this.#announce([outcome.changed]);
    return outcome.result;
  }

  async #read<T>(read: (db: PlotDb) => Promise<T>): Promise<T> {
    const unavailable = this.#unavailable();
    if (unavailable) throw new PlotStorageError(unavailable.reason, unavailable.message);
    try {
      return await read(this.#db!);
    } catch (err) {
      const failure = this.#failure(err);
      throw new PlotStorageError(failure.reason, failure.message, {cause: err});
    }
  }

  #unavailable(): CommitFailure | null {
    if (this.#status === 'reload-required') {
      return {ok: false, reason: 'reload-required', message: 'A newer version of the app changed the database on this device; reload the page'};
    }
    if (this.#status === 'closed' || this.#db === null) {
      return {ok: false, reason: 'closed', message: 'The connection to the database on this device is closed'};
    }
    return null;
  }

  #failure(err: unknown): CommitFailure {
    const reason = reasonOf(err);
    if (reason === 'closed') this.#markClosed();
    if (reason === 'reload-required') this.#requireReload();
    return {ok: false, reason, message: describe(err)};
  }

  #announce(plotIds: string[]): void {
    try {
      this.#channel.post({type: 'plots-changed', database: this.#name, origin: this.#origin, plotIds});
    } catch {
      // The change is saved; other tabs catch up when they next load.
    }
  }

  #hear(message: PlotChangeMessage): void {
    if (message.origin === this.#origin || message.database !== this.#name) return;
    for (const listener of [...this.#listeners]) listener([...message.plotIds]);
  }

  #requireReload(): void {
    if (this.#status === 'reload-required') return;
    this.#status = 'reload-required';
    // Closing at once lets the newer tab's upgrade go ahead instead of waiting on this page.
    this.#db?.close();
    this.#db = null;
    this.#unsubscribe();
    this.#onReloadRequired();
  }

  #markClosed(): void {
    if (this.#status !== 'open') return;
    this.#status = 'closed';
    // Closing at once also lets a pending deletion of the database go ahead.
    this.#db?.close();
    this.#db = null;
    this.#onConnectionLost();
  }

  #closeChannel(): void {
    if (this.#ownsChannel) this.#channel.close();
  }
}

function recordOf(stored: StoredPlot): PlotRecord {
  return {plot: stored.plot, version: stored.version};
}

function withUpdated(plot: Plot, at: string): Plot {
  return {...plot, properties: {...plot.properties, updated: at}};
}

function conflict(plotId: string, stored: StoredPlot | undefined, expectedVersion: number | null): Outcome {
  const current = stored && !stored.deleted ? recordOf(stored) : null;
  const found = !stored ? 'does not exist' : stored.deleted ? `was deleted (version ${stored.version})` : `is at version ${stored.version}`;
  const expected = expectedVersion === null ? 'expected it not to exist' : `expected version ${expectedVersion}`;
  return {result: {ok: false, reason: 'conflict', message: `Plot ${plotId} ${found} but the change ${expected}`, current, currentVersion: stored?.version ?? null}, changed: null};
}

function abortQuietly(tx: WriteTransaction): void {
  try {
    tx.abort();
  } catch {
    // Already aborted by the failed request, or already finished.
  }
}

function nameOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'name' in err && typeof err.name === 'string' ? err.name : '';
}

function describe(err: unknown): string {
  if (err instanceof Error || err instanceof DOMException) return `${err.name}: ${err.message}`;
  return String(err);
}

/**
 * IndexedDB failures by DOMException name. An AbortError we did not cause means the browser
 * killed the transaction, which it does when the connection goes; Safari reports a lost
 * connection as UnknownError "Connection to Indexed Database server lost".
 */
function reasonOf(err: unknown): FailureReason {
  const name = nameOf(err);
  if (name === 'QuotaExceededError') return 'quota';
  if (name === 'InvalidStateError' || name === 'AbortError') return 'closed';
  if (name === 'UnknownError' && /connection|closing|lost/i.test(describe(err))) return 'closed';
  if (name === 'VersionError') return 'reload-required';
  return 'unknown';
}
