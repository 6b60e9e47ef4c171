import type * as maplibregl from 'maplibre-gl';
import type {Detach, MapStore} from './types';

/** Writes the camera to the store when the map has loaded and after every move (slides keep it). */
export function attachCameraReport(map: maplibregl.Map, store: MapStore): Detach {
  const report = () => {
    const c = map.getCenter();
    store.getState().setCamera({center: [c.lng, c.lat], zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch()});
  };
  map.once('load', report);
  map.on('moveend', report);
  return () => {
    map.off('load', report);
    map.off('moveend', report);
  };
}
