/**
 * Which keys one record (the store's `plots`, `storedPlots`) changed from the one it was made
 * from, for the few updates that know it (a save, its confirmation): the selectors then look at
 * those plots only instead of comparing 10,000 keys (issue 11). Kept beside the objects, not in
 * the state, so nothing else sees it; an update that records nothing is compared in full, as before.
 */
const deltas = new WeakMap<object, {readonly base: object; readonly ids: readonly string[]}>();

/** Notes that `next` is `base` with only `ids` set or deleted. */
export function noteDelta<T extends object>(next: T, base: T, ids: readonly string[]): T {
  deltas.set(next, {base, ids});
  return next;
}

/** The keys `next` changed from `base`, if an update noted them; null when it must be compared in full. */
export function deltaFrom(base: object, next: object): readonly string[] | null {
  const delta = deltas.get(next);
  return delta && delta.base === base ? delta.ids : null;
}
