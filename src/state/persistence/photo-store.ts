import {sha256OfBlob} from '../../geo/packs/sha256';
import type {DeviceDb} from './device-db';
import type {PhotoRecord} from './plot-db';
import {PLOT_AND_PHOTO_STORES, conflict, photoNames, touchPlot, withPhotoNamesIn, type CommitResult, type Outcome} from './plot-store';
import {unpackPlot} from './stored-geometry';

/**
 * A plot's photos over the device connection. Adding or removing one is a change to its plot
 * (new version, history entry, outbox op), written in the same strict transaction as the photo.
 *
 * Team sync (issue 14): a photo is named by the SHA-256 of its bytes, kept on its record; the
 * plot carries the names of its photos in `properties.photos`, so the op of a photo change is
 * an update of the `photos` field and other devices learn of it. A photo another device took
 * arrives as a name only; its bytes are fetched when the plot's photos are shown (storeFetched).
 */
export class PhotoStore {
  readonly #device: DeviceDb;
  readonly #actor: string;

  constructor(device: DeviceDb, actor: string) {
    this.#device = device;
    this.#actor = actor;
  }

  /**
   * The plot's photos that have not been removed, in the order they were taken. When the plot
   * names its photos (`plot.properties.photos`), a photo it no longer names (removed on another
   * device) is not shown.
   */
  async photosOf(plotId: string): Promise<PhotoRecord[]> {
    await this.ensureHashes(plotId);
    const [stored, plot] = await this.#device.read((db) => Promise.all([db.getAllFromIndex('photos', 'plotId', plotId), db.get('plots', plotId)]));
    const named = photoNames(plot?.plot);
    return stored
      .filter((p) => !p.removed && (named === undefined || p.sha256 === undefined || named.includes(p.sha256)))
      .map(({removed: _removed, ...photo}) => photo)
      .sort((a, b) => a.takenAt.localeCompare(b.takenAt) || a.id.localeCompare(b.id));
  }

  /**
   * Hashes the plot's photos stored before photos had hashes (nothing else of them changes).
   * Hashing cannot run inside an IndexedDB transaction (it would commit while waiting), so it is
   * done first and written in a transaction of its own.
   */
  async ensureHashes(plotId: string): Promise<void> {
    const stored = await this.#device.read((db) => db.getAllFromIndex('photos', 'plotId', plotId));
    const hashed = new Map<string, string>();
    for (const p of stored) if (p.sha256 === undefined) hashed.set(p.id, await sha256OfBlob(p.blob));
    if (hashed.size === 0) return;
    await this.#device.write(['photos'], async (tx) => {
      for (const [id, sha256] of hashed) {
        const now = await tx.objectStore('photos').get(id);
        if (now && now.sha256 === undefined) await tx.objectStore('photos').put({...now, sha256});
      }
      return {result: {ok: true}, changed: []};
    });
  }

  /**
   * The background pass (issue 14 item 5): hashes every photo stored before photos had hashes,
   * plot by plot, and where a plot then lacks the names of its photos, names them, a change to
   * the plot with its op (as a photo add is), so they sync. Returns the plots it changed.
   */
  async hashStored(): Promise<string[]> {
    const unhashed = await this.#device.read(async (db) => (await db.getAll('photos')).filter((p) => p.sha256 === undefined));
    const plotIds = [...new Set(unhashed.map((p) => p.plotId))];
    const changed: string[] = [];
    for (const plotId of plotIds) {
      await this.ensureHashes(plotId);
      const named = await this.#device.write(PLOT_AND_PHOTO_STORES, async (tx, at): Promise<Outcome> => {
        const stored = await tx.objectStore('plots').get(plotId);
        if (!stored || stored.deleted) return {result: {ok: true, record: null}, changed: []} as Outcome;
        const after = await withPhotoNamesIn(tx, unpackPlot(stored.plot));
        const before = photoNames(stored.plot) ?? [];
        const added = (photoNames(after) ?? []).filter((h) => !before.includes(h));
        if (added.length === 0) return {result: {ok: true, record: null}, changed: []} as Outcome;
        const first = (await tx.objectStore('photos').index('plotId').getAll(plotId)).find((p) => p.sha256 === added[0]);
        return touchPlot(tx, at, this.#actor, stored, 'photo-add', first!.id, after);
      });
      if (named.ok && named.record) changed.push(plotId);
    }
    return changed;
  }

  async add(photo: PhotoRecord): Promise<CommitResult> {
    const sha256 = photo.sha256 ?? (await sha256OfBlob(photo.blob));
    await this.ensureHashes(photo.plotId);
    return this.#device.write(PLOT_AND_PHOTO_STORES, async (tx, at): Promise<Outcome> => {
      const stored = await tx.objectStore('plots').get(photo.plotId);
      if (!stored || stored.deleted) return conflict(photo.plotId, stored, null);
      if ((await tx.objectStore('photos').count(photo.id)) > 0) {
        return {result: {ok: false, reason: 'unknown', message: `A photo with id ${photo.id} is already stored`}, changed: []};
      }
      const {id, plotId, name, type, takenAt, blob, thumbnail} = photo;
      await tx.objectStore('photos').put({id, plotId, name, type, takenAt, blob, thumbnail, sha256});
      return touchPlot(tx, at, this.#actor, stored, 'photo-add', id, await withPhotoNamesIn(tx, unpackPlot(stored.plot)));
    });
  }

  async remove(photoId: string): Promise<CommitResult> {
    const known = await this.#device.read((db) => db.get('photos', photoId));
    if (known) await this.ensureHashes(known.plotId);
    return this.#device.write(PLOT_AND_PHOTO_STORES, async (tx, at): Promise<Outcome> => {
      const photo = await tx.objectStore('photos').get(photoId);
      if (!photo || photo.removed) return {result: {ok: false, reason: 'conflict', message: `Photo ${photoId} is not stored`}, changed: []};
      const stored = await tx.objectStore('plots').get(photo.plotId);
      if (!stored || stored.deleted) return conflict(photo.plotId, stored, null);
      // Kept, marked removed, so the removal can be undone after a reload.
      await tx.objectStore('photos').put({...photo, removed: true});
      return touchPlot(tx, at, this.#actor, stored, 'photo-remove', photoId, await withPhotoNamesIn(tx, unpackPlot(stored.plot), photo.sha256));
    });
  }

  /**
   * Stores a photo the plot names but this device lacked (fetched from the team server): its
   * thumbnail only (`thumbnailOnly`, the full image fetched when opened) or the full image. Not
   * a change to the plot (it already names it), so no history entry and no op.
   */
  async storeFetched(plotId: string, sha256: string, blob: Blob, type: string, thumbnailOnly = false): Promise<boolean> {
    const result = await this.#device.write(['photos'], async (tx) => {
      const have = await tx.objectStore('photos').index('plotId').getAll(plotId);
      if (!have.some((p) => p.sha256 === sha256)) {
        await tx.objectStore('photos').put({
          id: `${plotId}:${sha256}`, plotId, name: `${sha256.slice(0, 12)}${extensionOf(type)}`, type,
          takenAt: new Date().toISOString(), blob, thumbnail: blob, sha256, uploaded: !thumbnailOnly, thumbnailUploaded: true,
          ...(thumbnailOnly ? {thumbnailOnly: true} : {}),
        });
      }
      return {result: {ok: true}, changed: []};
    });
    return result.ok;
  }

  /** Keeps the full image of a photo held as a thumbnail only, fetched when the user opened it. */
  async storeFull(photoId: string, blob: Blob, type: string): Promise<boolean> {
    const result = await this.#device.write(['photos'], async (tx) => {
      const p = await tx.objectStore('photos').get(photoId);
      if (p?.thumbnailOnly) {
        const {thumbnailOnly: _was, ...rest} = p;
        await tx.objectStore('photos').put({...rest, blob, type, name: `${(p.sha256 ?? p.id).slice(0, 12)}${extensionOf(type)}`, uploaded: true});
      }
      return {result: {ok: true}, changed: []};
    });
    return result.ok;
  }
}

function extensionOf(type: string): string {
  return {'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp', 'image/heic': '.heic'}[type] ?? '';
}
