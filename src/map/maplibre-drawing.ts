import type * as maplibregl from 'maplibre-gl';
import {TerraDrawMapLibreGLAdapter} from 'terra-draw-maplibre-gl-adapter';
import type {ScreenPoint} from '../geo/snap';
import type {MapStore} from './behaviours/types';
import {DrawController} from './draw-controller';

/** The draw controller on a MapLibre map: its adapter, projection and view. Loaded with terra-draw. */
export function mapDrawController(map: maplibregl.Map, store: MapStore): DrawController {
  return new DrawController({
    getState: store.getState,
    subscribe: store.subscribe,
    project: ([lon, lat]) => {
      const p = map.project([lon, lat]);
      return [p.x, p.y] as ScreenPoint;
    },
    unproject: ([x, y]) => map.unproject([x, y]).toArray() as [number, number],
    viewBounds: () => {
      const b = map.getBounds();
      return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    },
    adapter: new TerraDrawMapLibreGLAdapter({map, coordinatePrecision: 7}),
    keepInView: (lonLat) => keepClearOfControls(map, lonLat),
  });
}

/** The map's edge strip its controls sit in (zoom/locate top right, scale and attribution below). */
const CONTROL_MARGIN_PX = 72;

/** Pans just enough that [lon, lat] lies inside the view by the control margin. */
function keepClearOfControls(map: maplibregl.Map, [lon, lat]: readonly [number, number]): void {
  const {x, y} = map.project([lon, lat]);
  const {clientWidth: width, clientHeight: height} = map.getContainer();
  const m = Math.min(CONTROL_MARGIN_PX, width / 4, height / 4);
  const dx = x < m ? x - m : x > width - m ? x - (width - m) : 0;
  const dy = y < m ? y - m : y > height - m ? y - (height - m) : 0;
  if (dx !== 0 || dy !== 0) map.panBy([dx, dy], {duration: 300});
}
