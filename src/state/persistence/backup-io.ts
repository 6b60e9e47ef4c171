import type {Backup, BackupPhoto} from '../../geo/export/backup';
import {BACKUP_FORMAT, BACKUP_VERSION} from '../../geo/export/backup';
import type {DeviceDb} from './device-db';
import {perPlotEntries, wholeHistories} from './plot-at-version';
import type {HistoryEntry, HistoryRecord, StoredPhoto, StoredPlot} from './plot-db';
import {packPlot, unpackPlot} from './stored-geometry';

/*
 * Full backup and restore of the device copy: plots (with their versions and tombstones'
 * absence), the whole edit history and every photo, through the backup format in
 * src/geo/export/backup.ts. Restore is one strict transaction into a device that holds none
 * of the backup's plots: either everything lands or nothing does. Both go through the page's
 * one device connection (device-db.ts), and a restore announces its plots to other tabs as any
 * commit does.
 */

async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function base64ToBlob(data: string, type: string): Blob {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], {type});
}

/** Everything on the device that a restore needs, live plots only (deleted ones stay behind). */
export async function readBackup(device: DeviceDb): Promise<Backup> {
  return device.read(async (db) => {
    const tx = db.transaction(['plots', 'history', 'photos'], 'readonly');
    const [plots, history, photos] = await Promise.all([
      tx.objectStore('plots').getAll(),
      tx.objectStore('history').getAll(),
      tx.objectStore('photos').getAll(),
    ]);
    await tx.done;
    const live = plots.filter((p) => !p.deleted);
    const liveIds = new Set(live.map((p) => p.id));
    const backupPhotos: BackupPhoto[] = [];
    for (const p of photos) {
      // A photo another device took, held as its thumbnail only, is not this device's to back up:
      // the backup would otherwise carry the thumbnail as if it were the photo.
      if (p.removed || p.thumbnailOnly || !liveIds.has(p.plotId)) continue;
      backupPhotos.push({
        id: p.id, plotId: p.plotId, name: p.name, type: p.type, takenAt: p.takenAt,
        dataBase64: await blobToBase64(p.blob), thumbnailBase64: await blobToBase64(p.thumbnail),
      });
    }
    return {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: device.now().toISOString(),
      plots: live.map((p) => ({plot: unpackPlot(p.plot), version: p.version})),
      // Whole entries, as before DB version 4: a backup holds no references to this device's store.
      history: wholeHistories(perPlotEntries(history as HistoryRecord[]).filter((h) => liveIds.has(h.plotId)), new Map(live.map((p) => [p.id, p]))),
      photos: backupPhotos,
    };
  });
}

export type RestoreResult =
  | {readonly ok: true; readonly plots: number; readonly photos: number; readonly history: number}
  | {readonly ok: false; readonly reason: 'exists' | 'failed'; readonly message: string; readonly ids?: readonly string[]};

/**
 * Writes a backup back, exactly: same ids, versions, history and photo bytes. Refuses (and
 * changes nothing) when any of its plots already exists on this device, live or deleted.
 */
export async function restoreBackup(device: DeviceDb, backup: Backup): Promise<RestoreResult> {
  const result = await device.write<'plots' | 'history' | 'photos', RestoreResult>(['plots', 'history', 'photos'], async (tx) => {
    const plotsStore = tx.objectStore('plots');
    const existing: string[] = [];
    for (const {plot} of backup.plots) if (await plotsStore.get(plot.properties.id)) existing.push(plot.properties.id);
    if (existing.length > 0) {
      return {result: {ok: false, reason: 'exists', message: `${existing.length} of the backup's plots already exist on this device`, ids: existing}, changed: []};
    }
    for (const {plot, version} of backup.plots) {
      const record: StoredPlot = {id: plot.properties.id, plot: packPlot(plot), version, deleted: false};
      await plotsStore.put(record);
    }
    const historyStore = tx.objectStore('history');
    for (const entry of backup.history as HistoryEntry[]) {
      // New sequence numbers on this device; order (and so undo order) is kept.
      const {seq: _seq, undoes: _undoes, ...rest} = entry;
      await historyStore.add(rest);
    }
    const photoStore = tx.objectStore('photos');
    for (const p of backup.photos) {
      const photo: StoredPhoto = {
        id: p.id, plotId: p.plotId, name: p.name, type: p.type, takenAt: p.takenAt,
        blob: base64ToBlob(p.dataBase64, p.type), thumbnail: base64ToBlob(p.thumbnailBase64, 'image/jpeg'),
      };
      await photoStore.put(photo);
    }
    return {
      result: {ok: true, plots: backup.plots.length, photos: backup.photos.length, history: backup.history.length},
      changed: backup.plots.map((p) => p.plot.properties.id),
    };
  });
  if (result.ok || result.reason === 'exists' || result.reason === 'failed') return result;
  return {ok: false, reason: 'failed', message: result.message};
}
