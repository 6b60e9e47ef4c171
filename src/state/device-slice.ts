import type {StateCreator} from 'zustand';
import {parseBackup, serializeBackup} from '../geo/export/backup';
import type {DeviceLink} from './device-link';
import type {HistoryEntry, PhotoRecord} from './persistence/plot-repository';
import type {AppState} from './store';

/** A restore from a backup file: the counts restored, or why nothing was. */
export type RestoreOutcome =
  | {readonly ok: true; readonly plots: number; readonly photos: number; readonly history: number}
  | {readonly ok: false; readonly message: string};

/** Reads of the device database and its backup, for views that must not hold the repository. */
export type DeviceSlice = {
  /** The plot's committed changes, oldest first; none when storage cannot answer. */
  loadHistory: (plotId: string) => Promise<HistoryEntry[]>;
  /** The plot's stored photos; none when storage cannot answer. */
  loadPhotos: (plotId: string) => Promise<PhotoRecord[]>;
  /**
   * A photo's full image: as stored, or for a photo held as a thumbnail only, fetched from the
   * team server and kept on the device; null when it cannot be had now (offline, not there yet).
   */
  loadFullPhoto: (photo: PhotoRecord) => Promise<Blob | null>;
  /**
   * The background pass over photos stored before photos had hashes (issue 14 item 5): hashes
   * them and names them in their plots (a change with its op), then syncs if signed in.
   * Returns the plots changed; none when storage cannot answer.
   */
  hashStoredPhotos: () => Promise<readonly string[]>;
  /** The device's full backup as the text of a backup file; rejects when the database is not open. */
  backupText: () => Promise<string>;
  /** Restores a backup file's text into this device, then shows what is stored. */
  restoreBackupText: (text: string) => Promise<RestoreOutcome>;
};

const NOT_OPEN = 'the on-device database is not open';

export const createDeviceSlice = (device: DeviceLink): StateCreator<AppState, [], [], DeviceSlice> => (_set, get) => ({
  loadHistory: async (plotId) => {
    try {
      return (await device.repository?.history(plotId)) ?? [];
    } catch {
      // A lost connection is reported by the storage panel.
      return [];
    }
  },

  loadPhotos: async (plotId) => {
    try {
      const repo = device.repository;
      if (!repo) return [];
      const stored = await repo.photosOf(plotId);
      // Photos another device took arrive as names (issue 14): fetched from the team server
      // when shown, then kept on this device. Offline, the strip shows what is here.
      const named = (get().plots[plotId]?.plot.properties as {photos?: unknown} | undefined)?.photos;
      const have = new Set(stored.map((p) => p.sha256));
      const missing = Array.isArray(named) ? (named as string[]).filter((h) => !have.has(h)) : [];
      if (missing.length === 0 || get().team.state !== 'signed-in') return stored;
      let fetched = false;
      for (const sha256 of missing) {
        // The thumbnail first; the full image only when the user opens it (loadFullPhoto).
        const thumb = await get().teamFetch(`/api/photos/${sha256}/thumbnail`).catch(() => null);
        const res = thumb?.ok ? thumb : await get().teamFetch(`/api/photos/${sha256}`).catch(() => null);
        if (!res?.ok) continue;
        const blob = await res.blob();
        fetched = (await repo.storeFetchedPhoto(plotId, sha256, blob, res.headers.get('content-type') ?? blob.type, res === thumb)) || fetched;
      }
      return fetched ? await repo.photosOf(plotId) : stored;
    } catch {
      return [];
    }
  },

  hashStoredPhotos: async () => {
    try {
      const changed = (await device.repository?.hashStoredPhotos()) ?? [];
      if (changed.length > 0) {
        await get().reloadPlots(changed);
        if (get().team.state === 'signed-in') void get().syncNow();
      }
      return changed;
    } catch {
      return [];
    }
  },

  loadFullPhoto: async (photo) => {
    if (!photo.thumbnailOnly) return photo.blob;
    try {
      if (!photo.sha256 || get().team.state !== 'signed-in') return null;
      const res = await get().teamFetch(`/api/photos/${photo.sha256}`).catch(() => null);
      if (!res?.ok) return null;
      const blob = await res.blob();
      await device.repository?.storeFullPhoto(photo.id, blob, res.headers.get('content-type') ?? blob.type);
      return blob;
    } catch {
      return null;
    }
  },

  backupText: async () => {
    if (!device.repository) throw new Error(NOT_OPEN);
    return serializeBackup(await device.repository.readBackup());
  },

  restoreBackupText: async (text) => {
    const parsed = parseBackup(text);
    if (!parsed.ok) return {ok: false, message: parsed.cause};
    if (!device.repository) return {ok: false, message: NOT_OPEN};
    const result = await device.repository.restoreBackup(parsed.backup);
    if (!result.ok) return {ok: false, message: result.message};
    // Written over this page's own connection: read back what is stored now.
    await get().reloadPlots();
    // A backup's photos carry no hashes: the background pass names them so they sync.
    void get().hashStoredPhotos();
    return {ok: true, plots: result.plots, photos: result.photos, history: result.history};
  },
});
