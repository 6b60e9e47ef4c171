import type * as maplibregl from 'maplibre-gl';
import type {Detach, MapStore} from './types';

/** The pointer's position in WGS84 for the status bar, at most once a frame; none off the map. */
export function attachCursorPosition(map: maplibregl.Map, store: MapStore): Detach {
  let frame = 0;
  const onMove = (e: maplibregl.MapMouseEvent) => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => store.getState().setCursor([e.lngLat.lng, e.lngLat.lat]));
  };
  const onLeave = () => store.getState().setCursor(null);
  const canvas = map.getCanvas();
  map.on('mousemove', onMove);
  canvas.addEventListener('mouseleave', onLeave);
  return () => {
    cancelAnimationFrame(frame);
    map.off('mousemove', onMove);
    canvas.removeEventListener('mouseleave', onLeave);
  };
}
