import type * as maplibregl from 'maplibre-gl';
import {keepDrawingLayers, selectStyleInputs, styleFor} from '../map-style';
import type {StyleInputs} from '../map-style';
import type {Detach, MapStore} from './types';

/**
 * Store → map: whenever the style inputs change the whole style is generated again and
 * MapLibre applies the difference, keeping the camera and terra-draw's layers. `drawn` is
 * what the map was made from.
 */
export function attachStyleSync(map: maplibregl.Map, store: MapStore, drawn: StyleInputs): Detach {
  let applied = drawn;
  return store.subscribe((state) => {
    // Only the current state is asked: the selectors behind the inputs keep one result each.
    const inputs = selectStyleInputs(state);
    if (!inputs || inputs === applied) return;
    applied = inputs;
    const camera = {center: map.getCenter().toArray() as [number, number], zoom: map.getZoom()};
    map.setStyle(styleFor(inputs, window.location.href, camera), {diff: true, transformStyle: keepDrawingLayers});
  });
}
