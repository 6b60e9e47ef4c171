import {wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames} from 'idb';
import type {Plot} from '../../geo/plot';
import type {ServerPlotEntry, StoredOutboxEntry} from './outbox';
import type {StoredPlotValue} from './stored-geometry';

/** The IndexedDB database every tab of the app shares on one device. */
export const DB_NAME = 'qh-remediation';

/** The schema version this code writes; always equal to the number of entries in MIGRATIONS. */
export const DB_VERSION = 6;

/**
 * A plot as stored. Deleted plots stay as tombstones (`deleted: true`, last `plot` kept) so
 * their history and undo survive a reload; readers skip them. `plot` is written with its geometry
 * packed (version 5, stored-geometry.ts) and read back through unpackPlot, which takes both forms.
 */
export type StoredPlot = {id: string; plot: StoredPlotValue; version: number; deleted: boolean};

export type HistoryAction = 'create' | 'update' | 'delete' | 'undo' | 'photo-add' | 'photo-remove';

/**
 * One committed change to one plot. `before`/`after` are whole plots (null where the plot did
 * not exist or was deleted), so undo needs nothing but this entry. `undoes` is the `seq` of the
 * entry an undo reverted, so repeated undos walk back through history instead of toggling.
 */
export type HistoryEntry = {
  seq: number;
  plotId: string;
  version: number;
  at: string;
  actor: string;
  action: HistoryAction;
  before: Plot | null;
  after: Plot | null;
  photoId?: string;
  undoes?: number;
};

/**
 * A create's history entry as an import writes it (version 4, issue 11): no copy of the plot it
 * made. `after` is the plot as stored at `version`, or, once the plot changed again, the `before`
 * of its next entry (plot-at-version.ts); readers hand out the whole entry (HistoryEntry).
 */
export type CreateRefEntry = Omit<HistoryEntry, 'after' | 'action' | 'before'> & {action: 'create'; before: null; afterStored: true};

/** A history entry as stored: whole, or a create that refers to the stored plot. */
export type StoredHistoryEntry = HistoryEntry | CreateRefEntry;

/**
 * The creates of one import batch as ONE record (version 6, issue 11): `plotIds[i]` was created at
 * `versions[i]`, each a CreateRefEntry sharing this record's `seq`, `at` and `actor`. It has no
 * `plotId`, so the 'plotId' index does not see it; the multiEntry 'plotIds' index does. Readers
 * get one entry per plot (plot-at-version.ts entriesOf), as if each had been written alone.
 */
export type CreateBatchEntry = {seq: number; plotIds: string[]; versions: number[]; at: string; actor: string; action: 'create'; before: null; afterStored: true};

/** A record of the history store: one plot's entry, or a batch of creates. */
export type HistoryRecord = StoredHistoryEntry | CreateBatchEntry;

/**
 * A photo of a plot, with the thumbnail the lists show so the full image is decoded only on demand.
 * `sha256`: lower-case hex SHA-256 of the full image, its name on the team server (issue 14);
 * records stored before photos synced get one from the background pass (PhotoStore.hashStored).
 * `uploaded`: the team server said it holds the full image (or it came from it);
 * `thumbnailUploaded`: it holds the thumbnail, which is sent before the op naming the photo.
 * `thumbnailOnly`: a photo another device took, of which only the thumbnail was fetched (then
 * `blob` is that thumbnail); the full image is fetched when the user opens it, and kept.
 */
export type PhotoRecord = {id: string; plotId: string; name: string; type: string; takenAt: string; blob: Blob; thumbnail: Blob; sha256?: string; uploaded?: boolean;
  thumbnailUploaded?: boolean; thumbnailOnly?: boolean};

/** Removed photos stay until their removal can no longer be undone, marked `removed`. */
export type StoredPhoto = PhotoRecord & {removed?: boolean};

export interface PlotDbSchema extends DBSchema {
  plots: {key: string; value: StoredPlot};
  /** `seq` is assigned by the store (autoIncrement), so it is absent when an entry is added. */
  history: {key: number; value: (Omit<HistoryEntry, 'seq'> | Omit<CreateRefEntry, 'seq'> | Omit<CreateBatchEntry, 'seq'>) & {seq?: number}; indexes: {plotId: string; plotIds: string}};
  photos: {key: string; value: StoredPhoto; indexes: {plotId: string}};
  /** Presenter slides (a later issue); created now so that issue needs no schema change. */
  slides: {key: string; value: {id: string}};
  /** Small facts about the database itself, such as when it was last migrated; out-of-line keys. */
  meta: {key: string; value: unknown};
  /**
   * Team sync (issue 14): each committed plot change's op in the team server's format, written
   * in the same transaction as the plot and its history (see outbox.ts); `n` orders them.
   */
  outbox: {key: number; value: StoredOutboxEntry; indexes: {plotId: string; opId: string}};
  /** Per plot, the team server's version this device last saw (the base of its next op). */
  serverPlots: {key: string; value: ServerPlotEntry};
  /** The team session, pull cursor and server conflicts; out-of-line keys. */
  team: {key: string; value: unknown};
}

export type PlotDb = IDBPDatabase<PlotDbSchema>;
type UpgradeTransaction = IDBPTransaction<PlotDbSchema, StoreNames<PlotDbSchema>[], 'versionchange'>;

/** One schema step, from `toVersion - 1` to `toVersion`, run inside the upgrade transaction. */
export type Migration = {
  readonly toVersion: number;
  readonly summary: string;
  readonly run: (db: PlotDb, tx: UpgradeTransaction) => Promise<void>;
};

const EPOCH = '1970-01-01T00:00:00.000Z';

/**
 * Every schema step in order. Append, never edit: a phone may hold a database of any past
 * version and must go through each step between it and DB_VERSION.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    toVersion: 1,
    summary: 'plots (tombstones kept), history by plot, photos by plot',
    run: async (db) => {
      db.createObjectStore('plots', {keyPath: 'id'});
      db.createObjectStore('history', {keyPath: 'seq', autoIncrement: true}).createIndex('plotId', 'plotId');
      db.createObjectStore('photos', {keyPath: 'id'}).createIndex('plotId', 'plotId');
    },
  },
  {
    toVersion: 2,
    summary: 'slides and meta stores; every plot gets properties.updated',
    run: async (db, tx) => {
      db.createObjectStore('slides', {keyPath: 'id'});
      db.createObjectStore('meta');
      // Version 1 builds did not stamp `updated`; the newest history entry is the best
      // evidence of when the plot last changed, and the epoch says "unknown" without lying.
      const history = tx.objectStore('history').index('plotId');
      let cursor = await tx.objectStore('plots').openCursor();
      while (cursor) {
        const stored = cursor.value;
        // A record too damaged to have properties is left as it is rather than failing the
        // whole upgrade, which would lock the team out of every other plot.
        if (typeof stored.plot?.properties === 'object' && stored.plot.properties !== null && typeof stored.plot.properties.updated !== 'string') {
          const newest = await history.openCursor(IDBKeyRange.only(stored.id), 'prev');
          const updated = newest?.value.at ?? EPOCH;
          await cursor.update({...stored, plot: {...stored.plot, properties: {...stored.plot.properties, updated}}});
        }
        cursor = await cursor.continue();
      }
    },
  },
  {
    toVersion: 3,
    summary: 'team sync: outbox of ops, the server version of each plot, the team session',
    run: async (db) => {
      // New stores only: every plot, history entry, photo and slide stays as it is.
      const outbox = db.createObjectStore('outbox', {keyPath: 'n', autoIncrement: true});
      outbox.createIndex('plotId', 'plotId');
      outbox.createIndex('opId', 'opId', {unique: true});
      db.createObjectStore('serverPlots', {keyPath: 'plotId'});
      db.createObjectStore('team');
    },
  },
  {
    toVersion: 4,
    summary: 'an imported plot is stored once: its create history entry and outbox op refer to the stored plot',
    run: async () => {
      // Nothing stored changes: entries and ops written before stay whole, and every reader takes
      // both shapes (plot-at-version.ts). The version keeps builds that know only whole entries
      // (an older tab, an old cached app) away from a database that holds references.
    },
  },
  {
    toVersion: 5,
    summary: 'plots are written with their geometry packed in typed arrays',
    run: async () => {
      // Nothing stored changes: a plot written before keeps its GeoJSON geometry until its next
      // write, and every reader takes both forms (stored-geometry.ts). Rewriting 10,000 plots
      // here would hold the app's first open after the update for seconds. The version keeps
      // builds that read only GeoJSON away from packed plots.
    },
  },
  {
    toVersion: 6,
    summary: "an import batch's creates are one history record, found by the plots it names",
    run: async (_db, tx) => {
      // Nothing stored changes: entries written before stay one per plot, and every reader takes
      // both (plot-at-version.ts). The version keeps builds that read only the 'plotId' index
      // away from batch records, whose plots they would show without their creation.
      tx.objectStore('history').createIndex('plotIds', 'plotIds', {multiEntry: true});
    },
  },
];

/** What the open connection tells its owner after it has been opened. */
export type PlotDbEvents = {
  /**
   * Another tab wants a newer schema (`newVersion` a number): this connection must close and
   * the page reload. `newVersion` null means the database is being deleted (site data cleared,
   * another page deleted it): nothing stored is left.
   */
  readonly onVersionChange: (newVersion: number | null) => void;
  /** The browser closed the connection (storage cleared, disk error, backend crash). */
  readonly onClose: () => void;
};

/**
 * Opens (creating or migrating) the plot database. Rejects with the browser's error: a
 * `VersionError` means the database on disk was written by a newer build of the app.
 * A failing migration aborts the upgrade, so the database stays at its old version intact.
 */
export async function openPlotDb(factory: IDBFactory, name: string, events: PlotDbEvents, now: () => Date = () => new Date()): Promise<PlotDb> {
  const request = factory.open(name, DB_VERSION);
  let migrationError: unknown = null;
  request.addEventListener('upgradeneeded', (event) => {
    const db = wrap(request.result) as unknown as PlotDb;
    const tx = wrap(request.transaction!) as unknown as UpgradeTransaction;
    runMigrations(db, tx, event.oldVersion, event.newVersion ?? DB_VERSION, now).catch((err: unknown) => {
      migrationError = err;
      try {
        tx.abort();
      } catch {
        // Already finished or aborting: the open request reports the failure either way.
      }
    });
  });
  const db = await (wrap(request) as unknown as Promise<PlotDb>).catch((err: unknown) => {
    // The open request only says AbortError; the migration's own error says what went wrong.
    throw migrationError === null ? err : new Error(`Migrating the plot database failed: ${messageOf(migrationError)}`, {cause: migrationError});
  });
  db.addEventListener('versionchange', (event) => events.onVersionChange(event.newVersion ?? null));
  db.addEventListener('close', () => events.onClose());
  return db;
}

async function runMigrations(db: PlotDb, tx: UpgradeTransaction, oldVersion: number, newVersion: number, now: () => Date): Promise<void> {
  for (const migration of MIGRATIONS) {
    if (migration.toVersion > oldVersion && migration.toVersion <= newVersion) await migration.run(db, tx);
  }
  // Recorded so a support export can tell which builds a phone's data went through.
  if (db.objectStoreNames.contains('meta')) {
    await tx.objectStore('meta').put({fromVersion: oldVersion, toVersion: newVersion, at: now().toISOString()}, 'last-migration');
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
