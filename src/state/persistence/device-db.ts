import type {IDBPTransaction, StoreNames} from 'idb';
import {broadcastCrossTabChannel, silentCrossTabChannel, type CrossTabChannel, type PlotChangeMessage} from './cross-tab';
import {DB_NAME, openPlotDb, type PlotDb, type PlotDbSchema} from './plot-db';
import {PlotStorageError, describe, nameOf, reasonOf, type CommitFailure} from './storage-errors';

export type DeviceStoreName = StoreNames<PlotDbSchema>;
export type WriteTransaction<S extends DeviceStoreName> = IDBPTransaction<PlotDbSchema, S[], 'readwrite'>;

/**
 * What a write's work hands back: its result and the plot ids it changed (announced to other
 * tabs once the transaction is on disk). A result with `ok: false` aborts the transaction.
 */
export type Written<R extends {readonly ok: boolean}> = {readonly result: R; readonly changed: readonly string[]};

export type RepositoryStatus = 'open' | 'closed' | 'reload-required';

export type DeviceDbOptions = {
  /** Defaults to the page's `indexedDB`; tests pass their own so they share nothing. */
  factory?: IDBFactory;
  name?: string;
  /** Defaults to a BroadcastChannel; a channel passed in stays open when the connection closes. */
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

/**
 * The one connection to the device database that every store (plots + history, photos,
 * slides, backup) goes through, and the one write protocol they share: `write(storeNames, work)`
 * runs `work` in a single readwrite transaction with strict durability (the browser flushes to
 * disk before 'complete'), aborts it on any error or refused result so a half-written change
 * never lands, and reports success only after the transaction completed.
 *
 * The seam for team sync (issue 14): an outbox store joins a commit by naming it in
 * `storeNames` next to 'plots' and 'history' and writing the change's op inside the same
 * `work`, so a plot, its history entry and its outbox op land together or not at all.
 */
export class DeviceDb {
  #db: PlotDb | null = null;
  #status: RepositoryStatus = 'open';
  readonly name: string;
  readonly #channel: CrossTabChannel;
  readonly #ownsChannel: boolean;
  readonly #origin = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  readonly #listeners = new Set<(plotIds: string[]) => void>();
  readonly #onReloadRequired: () => void;
  readonly #onConnectionLost: () => void;
  readonly now: () => Date;
  #unsubscribe: () => void = () => {};

  private constructor(options: DeviceDbOptions) {
    this.name = options.name ?? DB_NAME;
    this.#ownsChannel = options.channel === undefined;
    this.#channel = options.channel ?? (typeof BroadcastChannel === 'function' ? broadcastCrossTabChannel() : silentCrossTabChannel());
    this.#onReloadRequired = options.onReloadRequired ?? (() => {});
    this.#onConnectionLost = options.onConnectionLost ?? (() => {});
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Opens the database, migrating it if it is older than this build. When it is newer
   * (another tab already runs a newer build), the connection comes back with status
   * 'reload-required' and onReloadRequired has been called. Rejects with PlotStorageError only
   * when there is no database at all (no IndexedDB, a failed migration).
   */
  static async open(options: DeviceDbOptions): Promise<DeviceDb> {
    const device = new DeviceDb(options);
    const factory = options.factory ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB);
    if (!factory) {
      device.#closeChannel();
      throw new PlotStorageError('unknown', 'IndexedDB is not available in this browser');
    }
    try {
      const db = await openPlotDb(
        factory,
        device.name,
        {
          onVersionChange: (newVersion) => (newVersion === null ? device.#markClosed() : device.#requireReload()),
          onClose: () => device.#markClosed(),
        },
        device.now,
      );
      if (device.#status !== 'open') db.close();
      else device.#db = db;
    } catch (err) {
      if (nameOf(err) === 'VersionError') {
        device.#requireReload();
        return device;
      }
      device.#closeChannel();
      throw new PlotStorageError(reasonOf(err), `Opening the plot database failed: ${describe(err)}`, {cause: err});
    }
    device.#unsubscribe = device.#channel.subscribe((message) => device.#hear(message));
    return device;
  }

  get status(): RepositoryStatus {
    return this.#status;
  }

  /** Runs a read over the open connection; rejects with PlotStorageError when it cannot be answered. */
  async read<T>(read: (db: PlotDb) => Promise<T>): Promise<T> {
    const unavailable = this.#unavailable();
    if (unavailable) throw new PlotStorageError(unavailable.reason, unavailable.message);
    try {
      return await read(this.#db!);
    } catch (err) {
      const failure = this.failure(err);
      throw new PlotStorageError(failure.reason, failure.message, {cause: err});
    }
  }

  /**
   * Runs `work` in one strict-durability readwrite transaction over `storeNames` (see the class
   * comment). Never rejects: a failure comes back as a CommitFailure, and a refused result
   * (`ok: false`) as itself, with nothing written either way.
   */
  async write<S extends DeviceStoreName, R extends {readonly ok: boolean}>(
    storeNames: readonly S[],
    work: (tx: WriteTransaction<S>, at: string) => Promise<Written<R>>,
  ): Promise<R | CommitFailure> {
    const unavailable = this.#unavailable();
    if (unavailable) return unavailable;
    let tx: WriteTransaction<S>;
    try {
      tx = this.#db!.transaction([...storeNames], 'readwrite', {durability: 'strict'});
    } catch (err) {
      return this.failure(err);
    }
    const done = tx.done;
    done.catch(() => {});
    let written: Written<R>;
    try {
      written = await work(tx, this.now().toISOString());
    } catch (err) {
      abortQuietly(tx);
      return this.failure(err);
    }
    if (!written.result.ok) {
      abortQuietly(tx);
      return written.result;
    }
    try {
      await done;
    } catch (err) {
      return this.failure(err);
    }
    if (written.changed.length > 0) this.#announce([...written.changed]);
    return written.result;
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

  /** Classifies a browser error, and follows it: a lost connection or a newer build changes the status. */
  failure(err: unknown): CommitFailure {
    const reason = reasonOf(err);
    if (reason === 'closed') this.#markClosed();
    if (reason === 'reload-required') this.#requireReload();
    return {ok: false, reason, message: describe(err)};
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

  /**
   * Tells other tabs that these plots changed: for a write this connection did not make itself
   * (an import's batch, committed by the plot writer worker over its own connection).
   */
  announce(plotIds: readonly string[]): void {
    if (plotIds.length > 0) this.#announce([...plotIds]);
  }

  #announce(plotIds: string[]): void {
    try {
      this.#channel.post({type: 'plots-changed', database: this.name, origin: this.#origin, plotIds});
    } catch {
      // The change is saved; other tabs catch up when they next load.
    }
  }

  #hear(message: PlotChangeMessage): void {
    if (message.origin === this.#origin || message.database !== this.name) return;
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

function abortQuietly(tx: {abort(): void}): void {
  try {
    tx.abort();
  } catch {
    // Already aborted by the failed request, or already finished.
  }
}
