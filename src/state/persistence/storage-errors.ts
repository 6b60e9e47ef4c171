import type {Plot} from '../../geo/plot';

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

/** A plot as the app holds it: `version` starts at 1 and grows by one per committed change. */
export type PlotRecord = {plot: Plot; version: number};

/**
 * `currentVersion` (with a conflict) is the stored version, also of a deleted plot's tombstone,
 * so a user who chose to overwrite can name exactly the version they saw.
 */
export type CommitFailure = {ok: false; reason: FailureReason; message: string; current?: PlotRecord | null; currentVersion?: number | null};

/** A read could not be answered; `reason` as for CommitFailure. */
export class PlotStorageError extends Error {
  readonly reason: FailureReason;
  constructor(reason: FailureReason, message: string, options?: {cause?: unknown}) {
    super(message, options);
    this.name = 'PlotStorageError';
    this.reason = reason;
  }
}

export function nameOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'name' in err && typeof err.name === 'string' ? err.name : '';
}

export function describe(err: unknown): string {
  if (err instanceof Error || err instanceof DOMException) return `${err.name}: ${err.message}`;
  return String(err);
}

/**
 * IndexedDB failures by DOMException name. An AbortError we did not cause means the browser
 * killed the transaction, which it does when the connection goes; Safari reports a lost
 * connection as UnknownError "Connection to Indexed Database server lost".
 */
export function reasonOf(err: unknown): FailureReason {
  const name = nameOf(err);
  if (name === 'QuotaExceededError') return 'quota';
  if (name === 'InvalidStateError' || name === 'AbortError') return 'closed';
  if (name === 'UnknownError' && /connection|closing|lost/i.test(describe(err))) return 'closed';
  if (name === 'VersionError') return 'reload-required';
  return 'unknown';
}
