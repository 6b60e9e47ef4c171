import type {Backup} from '../../geo/export/backup';
import type {Plot} from '../../geo/plot';
import {readBackup, restoreBackup, type RestoreResult} from './backup-io';
import {DeviceDb, type DeviceDbOptions, type RepositoryStatus} from './device-db';
import type {HistoryEntry, PhotoRecord} from './plot-db';
import {PhotoStore} from './photo-store';
import {PlotStore, recordOf, type BatchResult, type CommitResult, type PlotPut} from './plot-store';
import {OutboxStore} from './outbox-store';
import type {PlotWriter} from './plot-writer';
import {SlideStore, type SlideRecord, type SlidesSaveResult} from './slide-store';
import type {PlotRecord} from './storage-errors';

export type {HistoryAction, HistoryEntry, PhotoRecord} from './plot-db';
export type {BatchResult, CommitResult, PlotPut} from './plot-store';
export type {SlideRecord, SlidesSaveResult} from './slide-store';
export type {RepositoryStatus} from './device-db';
export type {RestoreResult} from './backup-io';
export {PlotStorageError} from './storage-errors';
export type {CommitFailure, FailureReason, PlotRecord} from './storage-errors';

/**
 * One change the user committed. `expectedVersion` is the version the edit was based on, so a
 * change made from stale data is refused instead of overwriting another tab's edit.
 */
export type Change =
  | {kind: 'put'; plot: Plot; expectedVersion: number | null; resolves?: string}
  | {kind: 'delete'; plotId: string; expectedVersion: number; resolves?: string}
  | {kind: 'photo-add'; photo: PhotoRecord}
  | {kind: 'photo-remove'; photoId: string};

export type PlotRepositoryOptions = DeviceDbOptions & {
  /** The team or device name written into every history entry. */
  actor: string;
  /**
   * Where commitMany's batches are written (the page's plot writer worker, plot-writer.ts);
   * over this connection, on the calling thread, without one.
   */
  plotWriter?: (database: string, actor: string) => PlotWriter & {readonly broken?: () => boolean};
};

/**
 * The device's copy of the plots: the small stores (plots + history, photos, slides, backup)
 * over one connection (DeviceDb), which owns the one strict write-transaction protocol.
 */
export class PlotRepository {
  readonly #device: DeviceDb;
  readonly #plots: PlotStore;
  readonly #photos: PhotoStore;
  readonly #slides: SlideStore;
  /** Team sync's side of the device database: session, outbox, pulls (outbox-store.ts). */
  readonly outbox: OutboxStore;
  readonly #writer: (PlotWriter & {readonly broken?: () => boolean}) | null;

  private constructor(device: DeviceDb, actor: string, writer: PlotRepositoryOptions['plotWriter']) {
    this.#writer = writer ? writer(device.name, actor) : null;
    this.outbox = new OutboxStore(device);
    this.#device = device;
    this.#plots = new PlotStore(device, actor);
    this.#photos = new PhotoStore(device, actor);
    this.#slides = new SlideStore(device);
  }

  /** Opens the device database (see DeviceDb.open: 'reload-required' rather than a rejection for a newer build). */
  static async open(options: PlotRepositoryOptions): Promise<PlotRepository> {
    const {actor, plotWriter, ...rest} = options;
    return new PlotRepository(await DeviceDb.open(rest), actor, plotWriter);
  }

  get status(): RepositoryStatus {
    return this.#device.status;
  }

  loadAll(): Promise<PlotRecord[]> {
    return this.#plots.loadAll();
  }

  /**
   * The live plots in pages of `size` (in id order, one read each), handed to `onPage` as each
   * is read, so a page can show 10,000 plots as they arrive instead of after one long read.
   */
  async loadPages(size: number, onPage: (records: PlotRecord[]) => void): Promise<void> {
    let after: string | undefined;
    for (;;) {
      const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
      const page = await this.#device.read((db) => db.getAll('plots', range, size));
      if (page.length === 0) return;
      onPage(page.filter((s) => !s.deleted).map(recordOf));
      if (page.length < size) return;
      after = page[page.length - 1]!.id;
    }
  }

  loadDeleted(): Promise<PlotRecord[]> {
    return this.#plots.loadDeleted();
  }

  history(plotId: string): Promise<HistoryEntry[]> {
    return this.#plots.history(plotId);
  }

  photosOf(plotId: string): Promise<PhotoRecord[]> {
    return this.#photos.photosOf(plotId);
  }

  /** Stores the bytes of a photo the plot names, fetched from the team server (PhotoStore.storeFetched). */
  storeFetchedPhoto(plotId: string, sha256: string, blob: Blob, type: string, thumbnailOnly = false): Promise<boolean> {
    return this.#photos.storeFetched(plotId, sha256, blob, type, thumbnailOnly);
  }

  /** Keeps the full image of a photo held as a thumbnail only (PhotoStore.storeFull). */
  storeFullPhoto(photoId: string, blob: Blob, type: string): Promise<boolean> {
    return this.#photos.storeFull(photoId, blob, type);
  }

  /** Hashes every photo stored before photos had hashes, so they sync (PhotoStore.hashStored). */
  hashStoredPhotos(): Promise<string[]> {
    return this.#photos.hashStored();
  }

  loadSlides(): Promise<SlideRecord[]> {
    return this.#slides.load();
  }

  saveSlides(slides: readonly SlideRecord[]): Promise<SlidesSaveResult> {
    return this.#slides.save(slides);
  }

  /**
   * Writes one change and resolves once it is on disk. Never rejects: a change that is not
   * saved comes back as a CommitFailure, and the caller keeps it in memory.
   */
  commit(change: Change): Promise<CommitResult> {
    switch (change.kind) {
      case 'put':
        return this.#plots.put(change.plot, change.expectedVersion, change.resolves);
      case 'delete':
        return this.#plots.delete(change.plotId, change.expectedVersion, change.resolves);
      case 'photo-add':
        return this.#photos.add(change.photo);
      case 'photo-remove':
        return this.#photos.remove(change.photoId);
    }
  }

  /**
   * Many plots in one strict transaction (PlotStore.putMany), by the plot writer when there is
   * one: then this connection announces the batch to other tabs once the writer has committed
   * it. A closed or superseded connection refuses the batch here, as for any write.
   */
  async commitMany(puts: readonly PlotPut[], signal?: AbortSignal): Promise<BatchResult> {
    const writer = this.#writer;
    if (!writer || writer.broken?.() || this.#device.status !== 'open') return this.#plots.putMany(puts, signal);
    const outcome = await writer.putMany(puts, signal);
    if (outcome.ok) this.#device.announce(outcome.results.flatMap((r, i) => (r.ok ? [puts[i]!.plot.properties.id] : [])));
    return outcome;
  }

  undoLast(plotId: string, expectedVersion: number): Promise<CommitResult> {
    return this.#plots.undoLast(plotId, expectedVersion);
  }

  readBackup(): Promise<Backup> {
    return readBackup(this.#device);
  }

  restoreBackup(backup: Backup): Promise<RestoreResult> {
    return restoreBackup(this.#device, backup);
  }

  onRemoteChange(listener: (plotIds: string[]) => void): () => void {
    return this.#device.onRemoteChange(listener);
  }

  close(): void {
    this.#writer?.close();
    this.#device.close();
  }
}
