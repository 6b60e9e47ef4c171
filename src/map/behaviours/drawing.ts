import type * as maplibregl from 'maplibre-gl';
import type {DrawingAction} from '../map-commands';
import type {DrawController} from '../draw-controller';
import type {Detach, MapStore} from './types';

export type Drawing = {readonly run: (action: DrawingAction) => Promise<void>; readonly detach: Detach};

/**
 * terra-draw, fetched once the map has loaded (opening the map does not wait for it). Until
 * it is there nothing can have been drawn, so an action then has nothing to act on.
 */
export function attachDrawing(map: maplibregl.Map, store: MapStore): Drawing {
  let controller: DrawController | null = null;
  let detached = false;
  const onLoad = () => {
    void import('../maplibre-drawing').then(({mapDrawController}) => {
      if (!detached) controller = mapDrawController(map, store);
    });
  };
  map.once('load', onLoad);
  return {
    run: async (action) => controller?.run(action),
    detach: () => {
      detached = true;
      map.off('load', onLoad);
      controller?.destroy();
      controller = null;
    },
  };
}
