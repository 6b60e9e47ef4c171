import type {Feature, FeatureCollection} from 'geojson';

/** A collection's change from the one before it: the ids taken out and the features put in (MapLibre removes before it adds). */
export type CollectionDiff = {readonly removeAll: false; readonly remove: (string | number)[]; readonly add: Feature[]};

const diffs = new WeakMap<FeatureCollection, {readonly base: FeatureCollection; readonly diff: CollectionDiff}>();

/**
 * Notes how `next` was made from `base` by whoever made it (the plots selector patches one
 * edited or selected plot into the last collection), so that the map's diff need not compare
 * 10,000 features to find it again (issue 11).
 */
export function noteCollectionDiff(next: FeatureCollection, base: FeatureCollection, diff: CollectionDiff): void {
  diffs.set(next, {base, diff});
}

/** The change from `base` to `next` if it was noted; null when they must be compared. */
export function collectionDiffFrom(base: FeatureCollection, next: FeatureCollection): CollectionDiff | null {
  const noted = diffs.get(next);
  return noted && noted.base === base ? noted.diff : null;
}
