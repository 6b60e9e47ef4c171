import type {Plot, PlotGeometry} from '../../geo/plot';
import {isPackedGeometry, packGeometry, unpackGeometry, type PackedGeometry} from '../../geo/packed-geometry';

export {isPackedGeometry, packGeometry, unpackGeometry, type PackedGeometry};

/*
 * A plot's geometry as the plots store holds it from DB version 5 on (issue 11): the positions in
 * one Float64Array and the ring and part boundaries in Uint32Arrays. IndexedDB stores a value as
 * its structured clone, and a clone of GeoJSON's nested arrays makes and walks one array per
 * position (10,000 plots of 20–80 vertices: half a million), where a typed array is one copy of
 * its bytes. Only this folder sees the packed form: every reader unpacks at the storage boundary
 * (plotOfStored), so the rest of the app, backups and exports get GeoJSON as before.
 */

/** A plot as the plots store holds it: its geometry packed, or GeoJSON (written before version 5, or not packable). */
export type StoredPlotValue = Omit<Plot, 'geometry'> & {readonly geometry: PlotGeometry | PackedGeometry};

/** The plot as the plots store should hold it: its geometry packed where that loses nothing. */
export function packPlot(plot: Plot | StoredPlotValue): StoredPlotValue {
  if (typeof plot !== 'object' || plot === null || isPackedGeometry(plot.geometry)) return plot;
  const packed = packGeometry(plot.geometry);
  return packed ? {...plot, geometry: packed} : plot;
}

/** The GeoJSON plot of a stored value, whichever form it was stored in. */
export function unpackPlot(value: StoredPlotValue): Plot {
  return isPackedGeometry(value?.geometry) ? {...value, geometry: unpackGeometry(value.geometry)} : (value as Plot);
}
