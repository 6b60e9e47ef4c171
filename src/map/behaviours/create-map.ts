import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import {maplibreLocale} from '../../i18n/maplibre-locale';
import type {StyleInputs} from '../map-style';
import {styleFor} from '../map-style';
import type {MapStore} from './types';

// After `vite build` MapLibre cannot find its worker on its own (TOOLCHAIN.md).
maplibregl.setWorkerUrl(workerUrl);

/**
 * Starts MapLibre's workers now (fetching and compiling their script off the main thread)
 * instead of when the map is made, which waits for the layer files: the first map idle no
 * longer pays for the workers' start after everything else (issue 11).
 */
export function prewarmMap(): void {
  try {
    maplibregl.prewarm();
  } catch {
    // No workers here: the map reports what it cannot do when it is made (map-status.ts).
  }
}

/**
 * The map and its fixed controls (navigation, locate-me, scale), in `container`, drawn from
 * `inputs`. Throws when the browser cannot make one (no WebGL2). The attribution control is
 * a behaviour of its own (it follows the language).
 */
export function createMap(container: HTMLElement, store: MapStore, inputs: StyleInputs): maplibregl.Map {
  const lang = store.getState().lang;
  const map = new maplibregl.Map({
    container,
    style: styleFor(inputs, window.location.href),
    hash: true,
    attributionControl: false,
    maxBounds: [[70, 20], [120, 50]],
    minZoom: 3,
    maxZoom: 19,
    // Exports draw from the map's canvas (map-export.ts).
    canvasContextAttributes: {preserveDrawingBuffer: true},
    // MapLibre's own control labels in the UI language (control-locale.ts follows a switch).
    locale: maplibreLocale(lang),
  });
  map.addControl(new maplibregl.NavigationControl({visualizePitch: true}), 'top-right');
  const geolocate = new maplibregl.GeolocateControl({
    positionOptions: {enableHighAccuracy: true, timeout: 30_000},
    trackUserLocation: true,
    showAccuracyCircle: true,
  });
  // The position it finds is known to the app: "New plot" while zoomed out flies there.
  geolocate.on('geolocate', (e) => store.getState().setUserPosition([e.coords.longitude, e.coords.latitude]));
  map.addControl(geolocate, 'top-right');
  map.addControl(new maplibregl.ScaleControl({unit: 'metric', maxWidth: 120}), 'bottom-left');
  return map;
}
