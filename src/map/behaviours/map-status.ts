import type * as maplibregl from 'maplibre-gl';
import type {Detach, MapStore} from './types';

/** Set once the map first reaches `idle`; browser tests and the benchmark read it. */
export const FIRST_IDLE_MARK = 'qh-map-first-idle';

/** The store's map status: ready at the first `idle`, an error when the map fails. */
export function attachStatus(map: maplibregl.Map, store: MapStore): Detach {
  const onIdle = () => {
    performance.mark(FIRST_IDLE_MARK);
    store.getState().setMapStatus('ready');
  };
  const onError = (e: maplibregl.ErrorEvent) => {
    // A damaged tile in a basemap pack costs that tile, not the map: it is not a map failure.
    if (String((e as {sourceId?: unknown}).sourceId ?? '').startsWith('pack:')) {
      console.warn('basemap pack tile:', e.error?.message ?? e);
      return;
    }
    console.error('map error:', e.error?.message ?? e);
    store.getState().setMapStatus('error', e.error?.message ?? 'map error');
  };
  map.once('idle', onIdle);
  map.on('error', onError);
  return () => {
    map.off('idle', onIdle);
    map.off('error', onError);
  };
}
