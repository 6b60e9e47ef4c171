import {describe, expect, it} from 'vitest';
import {requestPersistentStorage, storageEstimate, type StorageManagerLike} from './storage-persistence';

describe('persistent storage', () => {
  it('reports granted without asking again when storage is already persistent', async () => {
    let asked = 0;
    const storage: StorageManagerLike = {persisted: async () => true, persist: async () => (asked++, false)};
    expect(await requestPersistentStorage(storage)).toBe('granted');
    expect(asked).toBe(0);
  });

  it('reports what the browser answers when asked', async () => {
    expect(await requestPersistentStorage({persisted: async () => false, persist: async () => true})).toBe('granted');
    expect(await requestPersistentStorage({persisted: async () => false, persist: async () => false})).toBe('denied');
  });

  it('reports unsupported where there is no StorageManager, and denied where it throws', async () => {
    expect(await requestPersistentStorage(undefined)).toBe('unsupported');
    expect(await requestPersistentStorage({})).toBe('unsupported');
    expect(await requestPersistentStorage({persist: () => Promise.reject(new Error('insecure context'))})).toBe('denied');
  });

  it('estimates usage, quota and free space in bytes', async () => {
    expect(await storageEstimate({estimate: async () => ({usage: 3_000, quota: 10_000})})).toEqual({usageBytes: 3_000, quotaBytes: 10_000, freeBytes: 7_000});
    expect(await storageEstimate({estimate: async () => ({})})).toBeNull();
    expect(await storageEstimate(undefined)).toBeNull();
  });
});
