import {polygonAreaSquareMeters} from '../geo/area';
import type {Plot} from '../geo/plot';

const areas = new WeakMap<Plot['geometry'], number>();

/**
 * A plot's own area on the CGCS2000 ellipsoid in square metres (geo/area.ts), worked out once
 * per geometry: lists and forms re-render often, and plots are immutable values in the store.
 */
export function plotAreaSquareMeters(plot: Pick<Plot, 'geometry'>): number {
  let area = areas.get(plot.geometry);
  if (area === undefined) {
    area = polygonAreaSquareMeters(plot.geometry);
    areas.set(plot.geometry, area);
  }
  return area;
}
