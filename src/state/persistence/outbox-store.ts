import type {Plot} from '../../geo/plot';
import {samePlotFields} from '../../sync/apply-op';
import type {Conflict, OpResult, PlotChange, SyncOp, SyncPlot} from '../../sync/protocol';
import type {DeviceDb, WriteTransaction} from './device-db';
import type {IDBPTransaction} from 'idb';
import {isCreateRef, withOpPlot, type OutboxEntry, type ServerPlotEntry, type StoredOutboxEntry} from './outbox';
import {entriesOf, plotAtVersion} from './plot-at-version';
import {packPlot, unpackPlot} from './stored-geometry';
import type {PlotDbSchema, StoredPhoto} from './plot-db';
import {setEntry} from '../record-copy';
import type {CommitFailure} from './storage-errors';

/** Outbox ops per read when the whole outbox is summarised. */
export const OUTBOX_PAGE = 1000;

/** What the team session keeps on the device so it survives reloads and weeks offline. */
export type StoredTeamSession = {
  readonly server: string;
  readonly refreshToken: string;
  readonly deviceId: string;
  readonly deviceName: string;
  readonly user: {readonly name: string; readonly role: 'admin' | 'planner' | 'surveyor' | 'viewer'; readonly team: string | null};
  readonly revoked: boolean;
};

/** The sync state kept beside the session. */
export type SyncMeta = {readonly cursor: number; readonly lastSync: string | null; readonly conflicts: readonly Conflict[]};

export type OutboxSummary = {
  /** Per plot: the most pressing state of its ops (rejected > queued > sent). */
  readonly plots: Readonly<Record<string, {readonly state: OutboxEntry['state']; readonly reason?: string | null; readonly count: number}>>;
  /** Ops not yet acknowledged (queued) plus rejected ones. */
  readonly pending: number;
  readonly rejected: readonly {readonly plotId: string; readonly opId: string; readonly reason: string | null}[];
  /** Plots the server holds as this device last pulled them. */
  readonly onServer: ReadonlySet<string>;
};

type ApplyStores = 'plots' | 'history' | 'outbox' | 'serverPlots' | 'team';
const APPLY_STORES: readonly ApplyStores[] = ['plots', 'history', 'outbox', 'serverPlots', 'team'];
const TEAM_ACTOR = 'team server';
const EMPTY_META: SyncMeta = {cursor: 0, lastSync: null, conflicts: []};

type Ok = {ok: true; changed: readonly string[]};

/** A photo to send to the team server under its name: its thumbnail, its full image, or both. */
export type PhotoUpload = {
  readonly sha256: string; readonly blob: Blob; readonly type: string; readonly thumbnail: Blob;
  readonly uploaded: boolean; readonly thumbnailUploaded: boolean;
};
const uploadOf = (p: StoredPhoto & {sha256: string}): PhotoUpload => ({
  sha256: p.sha256, blob: p.blob, type: p.type, thumbnail: p.thumbnail, uploaded: Boolean(p.uploaded), thumbnailUploaded: Boolean(p.thumbnailUploaded),
});

/**
 * The device side of team sync over the one device connection: the session, the outbox, the
 * server's version of each plot, and pulls applied to the plots. Pulled changes are written
 * with a history entry but no outbox op (they came from the server).
 */
export class OutboxStore {
  readonly #device: DeviceDb;

  constructor(device: DeviceDb) {
    this.#device = device;
  }

  loadSession(): Promise<StoredTeamSession | null> {
    return this.#device.read(async (db) => ((await db.get('team', 'session')) as StoredTeamSession | undefined) ?? null);
  }

  async saveSession(session: StoredTeamSession | null): Promise<boolean> {
    const result = await this.#device.write(['team'], async (tx) => {
      if (session) await tx.objectStore('team').put(session, 'session');
      else await tx.objectStore('team').delete('session');
      return {result: {ok: true}, changed: []};
    });
    return result.ok;
  }

  loadMeta(): Promise<SyncMeta> {
    return this.#device.read(async (db) => ({...EMPTY_META, ...(((await db.get('team', 'sync')) as SyncMeta | undefined) ?? {})}));
  }

  /** The ops still to send, oldest first, each whole (a create stored as a reference gets its plot). */
  queued(limit: number): Promise<OutboxEntry[]> {
    return this.#device.read(async (db) => {
      const tx = db.transaction(['outbox', 'plots', 'history']);
      const out: StoredOutboxEntry[] = [];
      let cursor = await tx.objectStore('outbox').openCursor();
      while (cursor && out.length < limit) {
        if (cursor.value.state === 'queued') out.push(cursor.value);
        cursor = await cursor.continue();
      }
      return Promise.all(out.map((e) => wholeEntryIn(tx, e)));
    });
  }

  /** Every op, each whole (the unsent-ops export). */
  all(): Promise<OutboxEntry[]> {
    return this.#device.read(async (db) => {
      const tx = db.transaction(['outbox', 'plots', 'history']);
      const entries = await tx.objectStore('outbox').getAll();
      return Promise.all(entries.map((e) => wholeEntryIn(tx, e)));
    });
  }

  /**
   * Read in pages of OUTBOX_PAGE ops inside one read transaction (one consistent view): each op
   * holds its whole plot, and an import's 10,000 queued ops read in one go were one main-thread
   * task of 3 s and more (trace, stop 14); a page is one task.
   */
  async summary(): Promise<OutboxSummary> {
    const [entries, server] = await this.#device.read(async (db) => {
      const tx = db.transaction(['outbox', 'serverPlots']);
      const keys = tx.objectStore('serverPlots').getAllKeys();
      const all: StoredOutboxEntry[] = [];
      for (let after: number | undefined; ;) {
        const page = await tx.objectStore('outbox').getAll(after === undefined ? undefined : IDBKeyRange.lowerBound(after, true), OUTBOX_PAGE);
        all.push(...page);
        if (page.length < OUTBOX_PAGE) break;
        after = page[page.length - 1]!.n;
      }
      return [all, await keys] as const;
    });
    const plots: Record<string, {state: OutboxEntry['state']; reason?: string | null; count: number}> = {};
    const rank = {sent: 0, queued: 1, rejected: 2} as const;
    let pending = 0;
    const rejected: {plotId: string; opId: string; reason: string | null}[] = [];
    for (const e of entries) {
      if (e.state !== 'sent') pending++;
      if (e.state === 'rejected') rejected.push({plotId: e.plotId, opId: e.opId, reason: e.reason ?? null});
      const was = plots[e.plotId];
      if (!was) setEntry(plots, e.plotId, {state: e.state, reason: e.reason, count: 1});
      else {
        was.count++;
        if (rank[e.state] > rank[was.state]) Object.assign(was, {state: e.state, reason: e.reason});
      }
    }
    return {plots, pending, rejected, onServer: new Set(server)};
  }

  /**
   * Records a push's answers: `sent` for every result but `rejected` (kept with its reason), and
   * the server's version of the plot as the base of the next op.
   */
  async markResults(results: readonly OpResult[]): Promise<Ok | CommitFailure> {
    return this.#device.write(['outbox', 'serverPlots'], async (tx) => {
      const byOpId = tx.objectStore('outbox').index('opId');
      for (const r of results) {
        const entry = await byOpId.get(r.opId);
        if (!entry) continue;
        const state = r.status === 'rejected' ? 'rejected' : 'sent';
        await tx.objectStore('outbox').put({...entry, state, status: r.status, reason: r.reason, conflictId: r.conflictId});
        if (state === 'sent' && typeof r.version === 'number' && r.version > 0 && (r.status === 'applied' || r.status === 'duplicate')) {
          const seen = await tx.objectStore('serverPlots').get(entry.plotId);
          await tx.objectStore('serverPlots').put({...seen, plotId: entry.plotId, version: Math.max(seen?.version ?? 0, r.version)});
        }
      }
      return {result: {ok: true, changed: []}, changed: []};
    });
  }

  /** Sends a rejected op again (its cause fixed: a photo uploaded). */
  async requeue(opIds: readonly string[]): Promise<void> {
    await this.#device.write(['outbox'], async (tx) => {
      for (const opId of opIds) {
        const entry = await tx.objectStore('outbox').index('opId').get(opId);
        if (entry) await tx.objectStore('outbox').put({...entry, state: 'queued'});
      }
      return {result: {ok: true}, changed: []};
    });
  }

  /**
   * The photos named by `ops` that this device holds and of which the team server has
   * acknowledged neither the thumbnail nor the full image, each once (sent before the ops).
   */
  photosToUpload(ops: readonly SyncOp[]): Promise<PhotoUpload[]> {
    return this.#device.read(async (db) => {
      const out = new Map<string, PhotoUpload>();
      for (const op of ops) {
        if (op.kind === 'delete') continue;
        const named = op.plot?.properties.photos ?? [];
        if (named.length === 0) continue;
        for (const p of await db.getAllFromIndex('photos', 'plotId', op.plotId)) {
          if (p.sha256 && !p.uploaded && !p.thumbnailUploaded && named.includes(p.sha256) && !out.has(p.sha256)) out.set(p.sha256, uploadOf({...p, sha256: p.sha256}));
        }
      }
      return [...out.values()];
    });
  }

  /**
   * The full images still to send: photos taken here whose thumbnail the server holds (so an op
   * named them) but not yet the image itself. Removed photos are not sent.
   */
  fullPhotosToUpload(): Promise<PhotoUpload[]> {
    return this.#device.read(async (db) => {
      const out = new Map<string, PhotoUpload>();
      for (const p of await db.getAll('photos')) {
        if (p.sha256 && p.thumbnailUploaded && !p.uploaded && !p.thumbnailOnly && !p.removed && !out.has(p.sha256)) out.set(p.sha256, uploadOf({...p, sha256: p.sha256}));
      }
      return [...out.values()];
    });
  }

  /** Notes that the server holds (true) or lacks (false, it said missing-photo) these photos' full images. */
  markPhotosUploaded(hashes: readonly string[], uploaded: boolean): Promise<void> {
    return this.#markPhotos(hashes, uploaded ? {uploaded: true} : {uploaded: false, thumbnailUploaded: false});
  }

  /** Notes that the server holds these photos' thumbnails. */
  markThumbnailsUploaded(hashes: readonly string[]): Promise<void> {
    return this.#markPhotos(hashes, {thumbnailUploaded: true});
  }

  async #markPhotos(hashes: readonly string[], flags: {uploaded?: boolean; thumbnailUploaded?: boolean}): Promise<void> {
    if (hashes.length === 0) return;
    const wanted = new Set(hashes);
    const differs = (p: StoredPhoto) => Object.entries(flags).some(([k, v]) => Boolean(p[k as keyof typeof flags]) !== v);
    await this.#device.write(['photos'], async (tx) => {
      let cursor = await tx.objectStore('photos').openCursor();
      while (cursor) {
        const p = cursor.value;
        if (p.sha256 && wanted.has(p.sha256) && differs(p)) await cursor.update({...p, ...flags});
        cursor = await cursor.continue();
      }
      return {result: {ok: true}, changed: []};
    });
  }

  /** The opIds acknowledged so far: a pull that starts now passes all of them. */
  async sentOpIds(): Promise<string[]> {
    // The entries as stored: only their state and id are read.
    return (await this.#device.read((db) => db.getAll('outbox'))).filter((e) => e.state === 'sent').map((e) => e.opId);
  }

  /**
   * Applies one pulled page in one transaction: each change goes to its plot unless the plot
   * still has ops this device has not had acknowledged (then it waits in `pending`, and the
   * device's state wins until the server's merge has answered); the cursor and conflicts are
   * stored with it. Returns the plot ids whose stored plot changed.
   */
  async applyPull(changes: readonly PlotChange[], conflicts: readonly Conflict[], cursor: number): Promise<Ok | CommitFailure> {
    return this.#device.write(APPLY_STORES, async (tx, at) => {
      const changed: string[] = [];
      for (const change of changes) {
        if (await this.#waiting(tx, change.plotId)) {
          await tx.objectStore('serverPlots').put({plotId: change.plotId, version: (await tx.objectStore('serverPlots').get(change.plotId))?.version ?? 0, pending: change});
          continue;
        }
        if (await applyChange(tx, at, change)) changed.push(change.plotId);
      }
      const meta = {...EMPTY_META, ...(((await tx.objectStore('team').get('sync')) as SyncMeta | undefined) ?? {})};
      const byId = new Map(meta.conflicts.map((c) => [c.conflictId, c]));
      for (const c of conflicts) {
        if (c.resolved) byId.delete(c.conflictId);
        else byId.set(c.conflictId, c);
      }
      await tx.objectStore('team').put({...meta, cursor, conflicts: [...byId.values()]} satisfies SyncMeta, 'sync');
      return {result: {ok: true, changed}, changed};
    });
  }

  /**
   * After a pull has finished: the acknowledged ops it passed leave the outbox, and a plot whose
   * last op has left takes the server's state it was held back from.
   */
  async settle(passedOpIds: readonly string[], at: string): Promise<Ok | CommitFailure> {
    return this.#device.write(APPLY_STORES, async (tx, now) => {
      const byOpId = tx.objectStore('outbox').index('opId');
      const plotIds = new Set<string>();
      for (const opId of passedOpIds) {
        const key = await byOpId.getKey(opId);
        const entry = key === undefined ? undefined : await tx.objectStore('outbox').get(key);
        if (key === undefined || entry?.state !== 'sent') continue;
        plotIds.add(entry.plotId);
        await tx.objectStore('outbox').delete(key);
      }
      const changed: string[] = [];
      for (const plotId of plotIds) {
        const server = await tx.objectStore('serverPlots').get(plotId);
        if (!server?.pending || (await this.#waiting(tx, plotId))) continue;
        if (await applyChange(tx, now, {seq: 0, ...server.pending, plotId})) changed.push(plotId);
      }
      const meta = {...EMPTY_META, ...(((await tx.objectStore('team').get('sync')) as SyncMeta | undefined) ?? {})};
      await tx.objectStore('team').put({...meta, lastSync: at} satisfies SyncMeta, 'sync');
      return {result: {ok: true, changed}, changed};
    });
  }

  /** Forgets the cursor and conflicts (another server, another account). */
  async resetSync(): Promise<void> {
    await this.#device.write(['team', 'serverPlots', 'photos'], async (tx) => {
      await tx.objectStore('team').delete('sync');
      await tx.objectStore('serverPlots').clear();
      // Another server holds none of this device's photos yet.
      let cursor = await tx.objectStore('photos').openCursor();
      while (cursor) {
        if (cursor.value.uploaded || cursor.value.thumbnailUploaded) await cursor.update({...cursor.value, uploaded: false, thumbnailUploaded: false});
        cursor = await cursor.continue();
      }
      return {result: {ok: true}, changed: []};
    });
  }

  async #waiting(tx: WriteTransaction<ApplyStores>, plotId: string): Promise<boolean> {
    const ops = await tx.objectStore('outbox').index('plotId').getAll(plotId);
    return ops.some((o) => o.state !== 'sent');
  }
}

/**
 * The whole entry: a create stored as a reference gets the plot as stored at its version
 * (plot-at-version.ts). Were that plot gone (it cannot be: plots stay as tombstones), the
 * device's latest state of it is sent rather than nothing.
 */
async function wholeEntryIn(tx: IDBPTransaction<PlotDbSchema, ('outbox' | 'plots' | 'history')[], 'readonly'>, entry: StoredOutboxEntry): Promise<OutboxEntry> {
  if (!isCreateRef(entry)) return entry;
  const stored = await tx.objectStore('plots').get(entry.plotId);
  let plot = stored && stored.version === entry.plotVersion ? unpackPlot(stored.plot) : null;
  if (!plot) {
    const entries = await entriesOf(tx.objectStore('history'), entry.plotId);
    plot = plotAtVersion(stored, entry.plotVersion, (v) => entries.find((e) => e.version === v)) ?? (stored ? unpackPlot(stored.plot) : null);
  }
  return withOpPlot(entry, plot);
}

/** Writes the server's state of a plot as the device's, with a history entry and no op. */
async function applyChange(tx: WriteTransaction<ApplyStores>, at: string, change: PlotChange): Promise<boolean> {
  const plots = tx.objectStore('plots');
  const stored = await plots.get(change.plotId);
  const server: ServerPlotEntry = {plotId: change.plotId, version: change.version};
  await tx.objectStore('serverPlots').put(server);
  const history = tx.objectStore('history');
  if (change.deleted || !change.plot) {
    // A plot deleted before this device ever held it: its last state is kept as a tombstone (not
    // shown), so a conflict over the deletion can show the shape and bring the plot back.
    if (!stored && change.plot) await plots.put({id: change.plotId, plot: packPlot(localPlot(change.plot, undefined)), version: 1, deleted: true});
    if (!stored || stored.deleted) return false;
    const version = stored.version + 1;
    await plots.put({...stored, version, deleted: true});
    await history.add({plotId: change.plotId, version, at, actor: TEAM_ACTOR, action: 'delete', before: unpackPlot(stored.plot), after: null});
    return true;
  }
  const previous = stored ? unpackPlot(stored.plot) : undefined;
  const plot = localPlot(change.plot, previous);
  if (stored && !stored.deleted && samePlotFields(previous as unknown as SyncPlot, change.plot)) return false;
  const version = (stored?.version ?? 0) + 1;
  const live = stored !== undefined && !stored.deleted;
  await plots.put({id: change.plotId, plot: packPlot(plot), version, deleted: false});
  await history.add({plotId: change.plotId, version, at, actor: TEAM_ACTOR, action: live ? 'update' : 'create', before: live ? previous! : null, after: plot});
  return true;
}

/** The server's plot as the device stores it, keeping the attributes only the device holds. */
function localPlot(plot: SyncPlot, previous: Plot | undefined): Plot {
  const extra = previous?.properties.extra;
  const {photos, ...properties} = plot.properties;
  return {
    type: 'Feature',
    geometry: plot.geometry as Plot['geometry'],
    // An emptied list is kept on a plot that had photos, so the photos removed elsewhere are hidden here.
    properties: {...properties, ...(extra ? {extra} : {}), ...(photos && (photos.length || (previous?.properties as {photos?: unknown} | undefined)?.photos) ? {photos} : {})} as Plot['properties'],
  };
}
