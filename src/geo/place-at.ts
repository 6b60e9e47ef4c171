import {booleanPointInPolygon} from '@turf/turf';
import type {Feature, FeatureCollection, MultiPolygon, Polygon, Position} from 'geojson';

/** A named area a view is over, in both languages. */
export type Place = {readonly zh: string; readonly en: string};

/**
 * Kinds of area, most specific first, each with the least zoom at which a view centred in one
 * is said to show it (a whole-province view centred by chance in a mine site does not show it).
 */
export const PLACE_KINDS: readonly {readonly kind: string; readonly minZoom: number}[] = [
  {kind: 'subsidence-zone', minZoom: 11},
  {kind: 'mine-site', minZoom: 11},
  {kind: 'coalfield', minZoom: 8},
  {kind: 'county', minZoom: 7.5},
  {kind: 'prefecture', minZoom: 0},
];

const isArea = (f: Feature): f is Feature<Polygon | MultiPolygon> => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon';

/**
 * The most specific named area of `collections` (the layers' GeoJSON) that contains `center`
 * at `zoom`, by PLACE_KINDS; null when the view is over none of them. `short` renames a kind
 * (the prefecture is called by its layer's short title, not its full official name).
 */
export function placeAt(
  center: Position,
  zoom: number,
  collections: readonly FeatureCollection[],
  short: Readonly<Record<string, Place>> = {},
): Place | null {
  const areas = collections.flatMap((c) => c.features).filter(isArea);
  for (const {kind, minZoom} of PLACE_KINDS) {
    if (zoom < minZoom) continue;
    const hit = areas.find((f) => f.properties?.kind === kind && booleanPointInPolygon(center, f));
    if (!hit) continue;
    const p = hit.properties as {name_zh?: unknown; name_en?: unknown};
    if (short[kind]) return short[kind];
    if (typeof p.name_zh === 'string' && typeof p.name_en === 'string') return {zh: p.name_zh, en: p.name_en};
  }
  return null;
}
