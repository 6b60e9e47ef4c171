import type {Feature, FeatureCollection} from 'geojson';
import type {Plot, PlotGeometry} from '../plot';
import {polygonsOf, roundTo, windRing} from './plot-coordinates';

export const GEOJSON_EXPORT_DECIMALS = 7;

/**
 * Plots as an RFC 7946 FeatureCollection: WGS84 [lon, lat], no `crs` member, positions to 7
 * decimals (about 1 cm; §11.2), shells counterclockwise and holes clockwise (the right-hand
 * rule of §3.1.6). Properties are the plot's own.
 *
 * @example
 * plotsToGeoJson(plots); // '{"type":"FeatureCollection","features":[...]}'
 */
export function plotsToGeoJson(plots: readonly Plot[]): string {
  const collection: FeatureCollection<PlotGeometry> = {type: 'FeatureCollection', features: plots.map(plotToRfc7946)};
  return JSON.stringify(collection);
}

function plotToRfc7946(plot: Plot): Feature<PlotGeometry> {
  const polygons = polygonsOf(plot.geometry).map((rings) =>
    rings.map((ring, r) => windRing(ring.map((p) => [roundTo(p[0]!, GEOJSON_EXPORT_DECIMALS), roundTo(p[1]!, GEOJSON_EXPORT_DECIMALS)]), r === 0)));
  const geometry: PlotGeometry = plot.geometry.type === 'Polygon' ? {type: 'Polygon', coordinates: polygons[0]!} : {type: 'MultiPolygon', coordinates: polygons};
  return {type: 'Feature', properties: {...plot.properties}, geometry};
}
