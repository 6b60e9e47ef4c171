import type * as maplibregl from 'maplibre-gl';
import type {Feature, FeatureCollection} from 'geojson';
import type {AppState} from '../../state/store';
import type {Detach, MapStore} from './types';

/** The source and layers that outline the feature whose info is open (kept across restyles, map-style.ts). */
export const HIGHLIGHT_SOURCE = 'qh-highlight';
const HIGHLIGHT_COLOR = '#ffcc00';
const HALO_COLOR = '#1a1a1a';

const EMPTY: FeatureCollection = {type: 'FeatureCollection', features: []};

/** The selected feature's full geometry, from the loaded layer files (not a tile's clipped part). */
export function selectedFeature(state: Pick<AppState, 'selected' | 'geodata'>): Feature | null {
  const selected = state.selected;
  if (!selected) return null;
  const id = selected.properties.id;
  const source = state.geodata?.[selected.layerId];
  return source?.features.features.find((f) => f.properties?.id === id) ?? null;
}

function ensureLayers(map: maplibregl.Map, data: FeatureCollection): void {
  const source = map.getSource(HIGHLIGHT_SOURCE) as maplibregl.GeoJSONSource | undefined;
  if (source) {
    source.setData(data);
  } else {
    map.addSource(HIGHLIGHT_SOURCE, {type: 'geojson', data});
  }
  const polygons: maplibregl.FilterSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
  const lines: maplibregl.FilterSpecification = ['match', ['geometry-type'], ['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'], true, false];
  const points: maplibregl.FilterSpecification = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];
  const layers: maplibregl.LayerSpecification[] = [
    {id: `${HIGHLIGHT_SOURCE}:fill`, type: 'fill', source: HIGHLIGHT_SOURCE, filter: polygons, paint: {'fill-color': HIGHLIGHT_COLOR, 'fill-opacity': 0.18}},
    {id: `${HIGHLIGHT_SOURCE}:halo`, type: 'line', source: HIGHLIGHT_SOURCE, filter: lines, paint: {'line-color': HALO_COLOR, 'line-width': 6, 'line-opacity': 0.5}},
    {id: `${HIGHLIGHT_SOURCE}:line`, type: 'line', source: HIGHLIGHT_SOURCE, filter: lines, paint: {'line-color': HIGHLIGHT_COLOR, 'line-width': 3}},
    {
      id: `${HIGHLIGHT_SOURCE}:point`, type: 'circle', source: HIGHLIGHT_SOURCE, filter: points,
      paint: {'circle-radius': 11, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': HIGHLIGHT_COLOR, 'circle-stroke-width': 3},
    },
  ];
  for (const layer of layers) if (!map.getLayer(layer.id)) map.addLayer(layer);
}

/**
 * Store → map: the feature whose info is open is outlined on top of everything, so the reader
 * sees which one the panel describes; closing the info clears it.
 */
export function attachHighlight(map: maplibregl.Map, store: MapStore): Detach {
  const dataOf = (state: AppState): FeatureCollection => {
    const feature = selectedFeature(state);
    return feature ? {type: 'FeatureCollection', features: [feature]} : EMPTY;
  };
  const apply = () => {
    if (map.isStyleLoaded()) ensureLayers(map, dataOf(store.getState()));
  };
  const onStyle = () => apply();
  map.on('style.load', onStyle);
  map.once('load', onStyle);
  const unsubscribe = store.subscribe((state, prev) => {
    if (state.selected !== prev.selected) apply();
  });
  return () => {
    unsubscribe();
    map.off('style.load', onStyle);
    map.off('load', onStyle);
  };
}
