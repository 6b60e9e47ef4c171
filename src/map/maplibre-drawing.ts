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
  });
}
