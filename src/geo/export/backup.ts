import type {Plot} from '../plot';

/*
 * The full backup: every plot with its version, the edit history and the photos (as base64),
 * in one JSON document the app can restore from. The on-device repository that fills it lives
 * in src/state/persistence; this file only fixes the format and checks it on the way in.
 */

export const BACKUP_FORMAT = 'qh-remediation-backup';
export const BACKUP_VERSION = 1;

export type BackupPhoto = {
  readonly id: string;
  readonly plotId: string;
  readonly name: string;
  /** MIME type, e.g. image/jpeg. */
  readonly type: string;
  /** ISO 8601 timestamp. */
  readonly takenAt: string;
  readonly dataBase64: string;
  readonly thumbnailBase64: string;
};

export type Backup = {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: typeof BACKUP_VERSION;
  /** ISO 8601 timestamp of the export. */
  readonly exportedAt: string;
  readonly plots: readonly {readonly plot: Plot; readonly version: number}[];
  readonly history: readonly unknown[];
  readonly photos: readonly BackupPhoto[];
};

export type BackupParse = {readonly ok: true; readonly backup: Backup} | {readonly ok: false; readonly cause: string};

/** The backup as JSON text (RFC 8259); `parseBackup(serializeBackup(b))` deep-equals `b`. */
export function serializeBackup(data: Backup): string {
  return JSON.stringify(data);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Reads a backup, checking its format, version and the shape of every entry; never throws. */
export function parseBackup(text: string): BackupParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return {ok: false, cause: `not valid JSON: ${(e as Error).message}`};
  }
  if (!isRecord(doc) || doc.format !== BACKUP_FORMAT) return {ok: false, cause: `not a ${BACKUP_FORMAT} file`};
  if (doc.version !== BACKUP_VERSION) return {ok: false, cause: `backup version ${String(doc.version)} is not one this app reads (${BACKUP_VERSION})`};
  if (typeof doc.exportedAt !== 'string') return {ok: false, cause: 'exportedAt is missing'};
  if (!Array.isArray(doc.plots) || !Array.isArray(doc.history) || !Array.isArray(doc.photos)) return {ok: false, cause: 'plots, history and photos must be arrays'};
  const badPlot = doc.plots.findIndex((e) => !isRecord(e) || typeof e.version !== 'number' || !isRecord(e.plot) || e.plot.type !== 'Feature' || !isRecord(e.plot.properties) || typeof e.plot.properties.id !== 'string');
  if (badPlot >= 0) return {ok: false, cause: `plot entry ${badPlot + 1} is not {plot, version}`};
  const textKeys = ['id', 'plotId', 'name', 'type', 'takenAt', 'dataBase64', 'thumbnailBase64'] as const;
  const badPhoto = doc.photos.findIndex((p) => !isRecord(p) || textKeys.some((k) => typeof p[k] !== 'string') || !BASE64.test(String(p.dataBase64)) || !BASE64.test(String(p.thumbnailBase64)));
  if (badPhoto >= 0) return {ok: false, cause: `photo entry ${badPhoto + 1} is incomplete or its data is not base64`};
  return {ok: true, backup: doc as Backup};
}
