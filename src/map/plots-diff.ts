import type {Feature, FeatureCollection} from 'geojson';
import {collectionDiffFrom} from '../catalogue/collection-diffs';

/** What MapLibre's GeoJSONSource.updateData takes (its GeoJSONSourceDiff, the parts used here). */
export type PlotsDiff = {readonly removeAll: boolean; readonly remove: (string | number)[]; readonly add: Feature[]};

/**
 * The change from one plots collection to the next, by feature id and feature object (the
 * collections reuse the feature of a plot that did not change: catalogue/plots.ts); null when
 * ids are missing or repeated (then only setData will do). A changed feature is removed and
 * added again (MapLibre applies remove before add). When most features went, everything is
 * removed at once (`removeAll`) and every feature of `after` added.
 */
export function plotsDiff(before: FeatureCollection, after: FeatureCollection): PlotsDiff | null {
  // Made from `before` by patching (state/selectors.ts): the change is known, not searched for.
  const noted = collectionDiffFrom(before, after);
  if (noted) return {removeAll: false, remove: [...noted.remove], add: [...noted.add]};
  const old = new Map<string | number, Feature>();
  for (const f of before.features) {
    if (f.id === undefined || old.has(f.id)) return null;
    old.set(f.id, f);
  }
  const remove: (string | number)[] = [];
  const add: Feature[] = [];
  const seen = new Set<string | number>();
  for (const f of after.features) {
    if (f.id === undefined || seen.has(f.id)) return null;
    seen.add(f.id);
    const was = old.get(f.id);
    if (was === f) continue;
    if (was) remove.push(f.id);
    add.push(f);
  }
  for (const id of old.keys()) if (!seen.has(id)) remove.push(id);
  if (remove.length > 16 && remove.length > before.features.length / 2) return {removeAll: true, remove: [], add: [...after.features]};
  return {removeAll: false, remove, add};
}
