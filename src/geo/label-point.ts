import polylabel from 'polylabel';
import type {Feature, FeatureCollection, GeoJsonProperties, MultiPolygon, Point, Polygon, Position} from 'geojson';
import {ringSignedArea2} from './rfc7946';

/**
 * Where a polygon's label goes: its pole of inaccessibility (the interior point farthest from
 * the outline; Agafonkin, “A new algorithm for finding a visual center of a polygon”, 2016,
 * the polylabel library), found in a plane where a degree of longitude is shrunk by cos(lat)
 * so that “farthest” means farthest on the ground. For a MultiPolygon, the largest part.
 * Precision is 1/200 of the part's size, enough for a label and fast on county outlines.
 */
export function labelPointOf(geometry: Polygon | MultiPolygon): Position | null {
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let best: Position[][] | null = null;
  let bestArea = 0;
  for (const part of parts) {
    const area = Math.abs(ringSignedArea2(part[0] ?? []));
    if (area > bestArea) [best, bestArea] = [part, area];
  }
  if (!best || !best[0]) return null;
  const lats = best[0].map((p) => p[1]!);
  const k = Math.cos(((Math.min(...lats) + Math.max(...lats)) / 2) * (Math.PI / 180));
  const scaled = best.map((ring) => ring.map(([lon, lat]) => [lon! * k, lat!]));
  const xs = scaled[0]!.map((p) => p[0]!);
  const size = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...lats) - Math.min(...lats));
  const [x, y] = polylabel(scaled, size / 200);
  return [x! / k, y!];
}

/**
 * One label point per polygon feature, carrying the feature's properties. MapLibre places a
 * polygon's label once per tile, so a large county gets its name many times; labelling these
 * points instead gives each polygon its name once.
 */
export function labelPointsOf(collection: FeatureCollection): FeatureCollection<Point> {
  const features: Feature<Point, GeoJsonProperties>[] = [];
  for (const f of collection.features) {
    if (f.geometry?.type !== 'Polygon' && f.geometry?.type !== 'MultiPolygon') continue;
    const at = labelPointOf(f.geometry);
    if (at) features.push({type: 'Feature', properties: f.properties, geometry: {type: 'Point', coordinates: at}});
  }
  return {type: 'FeatureCollection', features};
}
