/**
 * Copies of the store's records keyed by plot id (`plots`, `storedPlots`, and the small
 * `saveState`), made on every save. `{...record}` copies an object of 10,000 keys (which V8 keeps
 * in dictionary mode) by its slow generic path, 6.5 ms each in node; copying key by key takes half
 * that, and a save made five such copies, three since `saveState` holds only the plots not yet
 * stored (issue 11: one edit ≤ 50 ms). The order of the keys is the same.
 *
 * A plot's id comes from the file it was imported from, so it may be "__proto__": set with
 * `record[id] = value` that would replace the object's prototype instead of adding the plot.
 * setEntry keeps it an own key, as `{...record, [id]: value}` did.
 */
export function copyRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    setEntry(out, key, record[key]!);
  }
  return out;
}

/** `record[key] = value`, but an own key even for "__proto__". */
export function setEntry<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, {value, enumerable: true, writable: true, configurable: true});
  else record[key] = value;
}

/** A copy of `record` with `key` set to `value`. */
export function withEntry<T>(record: Readonly<Record<string, T>>, key: string, value: T): Record<string, T> {
  const out = copyRecord(record);
  setEntry(out, key, value);
  return out;
}

/** A copy of `record` without `key`; `record` itself when it has no such key. */
export function withoutEntry<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  if (!Object.hasOwn(record, key)) return record;
  const out = copyRecord(record);
  delete out[key];
  return out;
}
