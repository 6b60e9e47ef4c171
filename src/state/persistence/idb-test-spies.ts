import {vi} from 'vitest';

/**
 * Spies the persistence tests share (fake-indexeddb's prototypes are the page's): what the
 * browser is asked to flush, and a write that fails the way a full device does.
 */

/** Records the durability of every readwrite transaction opened from now on. */
export function recordDurabilities(): string[] {
  const durabilities: string[] = [];
  const transaction = IDBDatabase.prototype.transaction;
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const tx = transaction.apply(this, args);
    if (tx.mode === 'readwrite') durabilities.push(tx.durability);
    return tx;
  });
  return durabilities;
}

export function quotaError(): DOMException {
  return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
}

/** The `nth` put (counted from 1) into `storeName` (any store when omitted) throws a quota error. */
export function failNthPut(nth: number, storeName?: string): void {
  const put = IDBObjectStore.prototype.put;
  let calls = 0;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if ((storeName === undefined || this.name === storeName) && ++calls === nth) throw quotaError();
    return put.apply(this, args);
  });
}
