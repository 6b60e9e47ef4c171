import {Geodesic} from 'geographiclib-geodesic';
import type {Position} from 'geojson';

const WGS84 = Geodesic.WGS84;

/**
 * Geodesic distance on the WGS84 ellipsoid, in metres (GeographicLib, Karney 2013). A module
 * of its own so that GeographicLib loads with the GPS walk's panel, which hands this measure to
 * the walk (geo/gps-walk.ts), and not with the first page (issue 11: initial JS).
 */
export function distanceMeters(a: readonly [number, number] | Position, b: readonly [number, number] | Position): number {
  return WGS84.Inverse(a[1]!, a[0]!, b[1]!, b[0]!).s12 ?? 0;
}
