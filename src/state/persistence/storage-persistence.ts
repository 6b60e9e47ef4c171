/** Whether the browser promised not to evict this app's data when the device runs short of space. */
export type PersistentStorageOutcome = 'granted' | 'denied' | 'unsupported';

/** The part of the StorageManager this module uses, so tests can hand in a stand-in. */
export type StorageManagerLike = Partial<Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>>;

function defaultStorage(): StorageManagerLike | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.storage;
}

/**
 * Asks for persistent storage: without it, "best-effort" data can be evicted under storage
 * pressure, which on a phone full of photos would silently erase unsynced field edits.
 * Checks `persisted()` first because asking again can show the user a prompt (Firefox).
 * A browser that throws is reported as 'denied': the data may be evicted either way.
 * https://storage.spec.whatwg.org/#persistence
 */
export async function requestPersistentStorage(storage: StorageManagerLike | undefined = defaultStorage()): Promise<PersistentStorageOutcome> {
  if (!storage || typeof storage.persist !== 'function') return 'unsupported';
  try {
    if (typeof storage.persisted === 'function' && (await storage.persisted())) return 'granted';
    return (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    return 'denied';
  }
}

export type StorageEstimateBytes = {readonly usageBytes: number; readonly quotaBytes: number; readonly freeBytes: number};

/**
 * How much this app stores and may store, in bytes, or null where the browser does not say.
 * The quota is the browser's estimate, not a promise; a write can still fail with quota.
 */
export async function storageEstimate(storage: StorageManagerLike | undefined = defaultStorage()): Promise<StorageEstimateBytes | null> {
  if (!storage || typeof storage.estimate !== 'function') return null;
  try {
    const {usage, quota} = await storage.estimate();
    if (typeof usage !== 'number' || typeof quota !== 'number') return null;
    return {usageBytes: usage, quotaBytes: quota, freeBytes: Math.max(0, quota - usage)};
  } catch {
    return null;
  }
}
