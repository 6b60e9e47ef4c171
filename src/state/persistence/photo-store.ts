import type {DeviceDb} from './device-db';
import type {PhotoRecord} from './plot-db';
import {PLOT_AND_PHOTO_STORES, conflict, touchPlot, type CommitResult, type Outcome} from './plot-store';

/**
 * A plot's photos over the device connection. Adding or removing one is a change to its plot
 * (new version, history entry), written in the same strict transaction as the photo.
 */
export class PhotoStore {
  readonly #device: DeviceDb;
  readonly #actor: string;

  constructor(device: DeviceDb, actor: string) {
    this.#device = device;
    this.#actor = actor;
  }

  /** The plot's photos that have not been removed, in the order they were taken. */
  async photosOf(plotId: string): Promise<PhotoRecord[]> {
    const stored = await this.#device.read((db) => db.getAllFromIndex('photos', 'plotId', plotId));
    return stored
      .filter((p) => !p.removed)
      .map(({removed: _removed, ...photo}) => photo)
      .sort((a, b) => a.takenAt.localeCompare(b.takenAt) || a.id.localeCompare(b.id));
  }

  add(photo: PhotoRecord): Promise<CommitResult> {
    return this.#device.write(PLOT_AND_PHOTO_STORES, async (tx, at): Promise<Outcome> => {
      const stored = await tx.objectStore('plots').get(photo.plotId);
      if (!stored || stored.deleted) return conflict(photo.plotId, stored, null);
      if ((await tx.objectStore('photos').count(photo.id)) > 0) {
        return {result: {ok: false, reason: 'unknown', message: `A photo with id ${photo.id} is already stored`}, changed: []};
      }
      const {id, plotId, name, type, takenAt, blob, thumbnail} = photo;
      await tx.objectStore('photos').put({id, plotId, name, type, takenAt, blob, thumbnail});
      return touchPlot(tx, at, this.#actor, stored, 'photo-add', id);
    });
  }

  remove(photoId: string): Promise<CommitResult> {
    return this.#device.write(PLOT_AND_PHOTO_STORES, async (tx, at): Promise<Outcome> => {
      const photo = await tx.objectStore('photos').get(photoId);
      if (!photo || photo.removed) return {result: {ok: false, reason: 'conflict', message: `Photo ${photoId} is not stored`}, changed: []};
      const stored = await tx.objectStore('plots').get(photo.plotId);
      if (!stored || stored.deleted) return conflict(photo.plotId, stored, null);
      // Kept, marked removed, so the removal can be undone after a reload.
      await tx.objectStore('photos').put({...photo, removed: true});
      return touchPlot(tx, at, this.#actor, stored, 'photo-remove', photoId);
    });
  }
}
