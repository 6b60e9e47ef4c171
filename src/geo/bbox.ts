import type {GeoJSON, Position} from 'geojson';

/** [west, south, east, north] in degrees (RFC 7946 §5). */
export type BBox = readonly [number, number, number, number];

function eachPosition(geojson: GeoJSON, visit: (p: Position) => void): void {
  switch (geojson.type) {
    case 'FeatureCollection':
      for (const f of geojson.features) eachPosition(f, visit);
      return;
    case 'Feature':
      if (geojson.geometry) eachPosition(geojson.geometry, visit);
      return;
    case 'GeometryCollection':
      for (const g of geojson.geometries) eachPosition(g, visit);
      return;
    case 'Point':
      visit(geojson.coordinates);
      return;
    case 'MultiPoint':
    case 'LineString':
      for (const p of geojson.coordinates) visit(p);
      return;
    case 'MultiLineString':
    case 'Polygon':
      for (const line of geojson.coordinates) for (const p of line) visit(p);
      return;
    case 'MultiPolygon':
      for (const poly of geojson.coordinates) for (const ring of poly) for (const p of ring) visit(p);
      return;
  }
}

/**
 * The bounding box of every position in a GeoJSON object, or null when it has none.
 * Does not handle the antimeridian: the project area (Qinghai) is far from it.
 */
export function bboxOfGeoJson(geojson: GeoJSON): BBox | null {
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  eachPosition(geojson, ([lon, lat]) => {
    if (lon === undefined || lat === undefined) return;
    if (lon < west) west = lon;
    if (lon > east) east = lon;
    if (lat < south) south = lat;
    if (lat > north) north = lat;
  });
  return west <= east && south <= north ? [west, south, east, north] : null;
}

export function bboxContains(outer: BBox, inner: BBox): boolean {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

export {eachPosition};
