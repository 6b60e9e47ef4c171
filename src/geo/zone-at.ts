import {booleanPointInPolygon} from '@turf/turf';
import type {Feature, MultiPolygon, Polygon, Position} from 'geojson';

export type ZoneFeature = Feature<Polygon | MultiPolygon, {id: string; name_zh: string; name_en: string}>;

/** The zone a point lies in (boundary counts as inside), or null: used to suggest a plot's zone. */
export function zoneAt(point: Position, zones: readonly ZoneFeature[]): ZoneFeature | null {
  return zones.find((z) => booleanPointInPolygon(point, z)) ?? null;
}
