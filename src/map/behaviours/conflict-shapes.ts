import type * as maplibregl from 'maplibre-gl';
import {bboxOfGeoJson} from '../../geo/bbox';
import {CONFLICT_SOURCE, conflictLayers} from '../../catalogue/conflict-layers';
import {THEMES} from '../../catalogue/themes';
import {conflictShapesCollection} from '../../state/conflict-shapes';
import type {AppState} from '../../state/store';
import {shownConflictShapes} from '../../state/team-slice';
import type {Detach, MapStore} from './types';

const dataOf = (state: AppState) => {
  const shapes = shownConflictShapes(state);
  return conflictShapesCollection(shapes, shapes?.plotId);
};

/**
 * Store → map: the team conflict the list shows (teamConflictShown) is drawn as two shapes on
 * top of everything — the server's (solid blue) and the conflicting device's (dashed orange),
 * a deleted side as its last shape — and the map fits both when a conflict is chosen.
 */
export function attachConflictShapes(map: maplibregl.Map, store: MapStore): Detach {
  let waiting = false;
  const apply = () => {
    // isStyleLoaded is also false while a source loads tiles: try again once the map is idle.
    if (!map.isStyleLoaded()) {
      if (!waiting) {
        waiting = true;
        map.once('idle', () => {
          waiting = false;
          apply();
          fit();
        });
      }
      return;
    }
    const data = dataOf(store.getState());
    const source = map.getSource(CONFLICT_SOURCE) as maplibregl.GeoJSONSource | undefined;
    if (source) source.setData(data);
    else map.addSource(CONFLICT_SOURCE, {type: 'geojson', data});
    for (const layer of conflictLayers(THEMES[store.getState().theme]) as maplibregl.LayerSpecification[]) if (!map.getLayer(layer.id)) map.addLayer(layer);
  };
  // Fitted once per chosen conflict, as soon as its shapes are known (a deleted plot's are read later).
  let fitted: string | null = null;
  const fit = () => {
    const shown = store.getState().teamConflictShown;
    if (!shown || fitted === shown) return;
    const data = dataOf(store.getState());
    if (data.features.length === 0) return;
    const bbox = bboxOfGeoJson(data);
    if (!bbox) return;
    fitted = shown;
    map.fitBounds([bbox[0], bbox[1], bbox[2], bbox[3]], {padding: 60, maxZoom: 18, duration: 0});
  };
  const onStyle = () => apply();
  map.on('style.load', onStyle);
  map.once('load', onStyle);
  const unsubscribe = store.subscribe((state, prev) => {
    const changed = state.teamConflictShown !== prev.teamConflictShown;
    if (changed || (state.teamConflictShown && (state.teamConflicts !== prev.teamConflicts || state.plots !== prev.plots || state.teamConflictPlots !== prev.teamConflictPlots))) {
      apply();
      fit();
    }
    if (!state.teamConflictShown) fitted = null;
  });
  if (store.getState().teamConflictShown) {
    apply();
    fit();
  }
  return () => {
    unsubscribe();
    map.off('style.load', onStyle);
    map.off('load', onStyle);
  };
}
