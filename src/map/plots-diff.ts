import type {Feature, FeatureCollection} from 'geojson';

/** What MapLibre's GeoJSONSource.updateData takes (its GeoJSONSourceDiff, the parts used here). */
export type PlotsDiff = {readonly remove: (string | number)[]; readonly add: Feature[]};

/**
 * The change from one plots collection to the next, by feature id and feature object (the
 * collections reuse the feature of a plot that did not change: catalogue/plots.ts), or null
 * when so much changed that sending everything again is as cheap. A changed feature is removed
 * and added again (MapLibre applies remove before add).
 */
export function plotsDiff(before: FeatureCollection, after: FeatureCollection, most = 0.25): PlotsDiff | null {
  const old = new Map<string | number, Feature>();
  for (const f of before.features) {
    if (f.id === undefined || old.has(f.id)) return null;
    old.set(f.id, f);
  }
  const limit = Math.max(16, after.features.length * most);
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
    if (add.length > limit) return null;
  }
  for (const id of old.keys()) if (!seen.has(id)) remove.push(id);
  return remove.length + add.length > 2 * limit ? null : {remove, add};
}
