import type * as maplibregl from 'maplibre-gl';
import type {Detach, MapStore} from './types';

/** The walker is kept inside this middle share of the view; leaving it recentres the map. */
const MIDDLE_SHARE = 0.5;
/** Zoom the map comes to at a walk's first fix when it is further out. */
const WALK_ZOOM = 17;

/** Whether the point (pixels in a width × height view) lies outside the view's middle `share`. */
export function outsideMiddle([x, y]: readonly [number, number], width: number, height: number, share = MIDDLE_SHARE): boolean {
  const mx = (width * (1 - share)) / 2;
  const my = (height * (1 - share)) / 2;
  return x < mx || x > width - mx || y < my || y > height - my;
}

/**
 * The map follows the walker: the first fix of a walk brings the map there (close enough to
 * walk by), and a fix outside the middle of the view recentres it, so the track and its start
 * stay clear of the controls at the view's edges.
 */
export function attachWalkFollow(map: maplibregl.Map, store: MapStore): Detach {
  return store.subscribe((state, prev) => {
    if (state.tool !== 'walk') return;
    const fix = state.walk.lastFix;
    if (!fix || fix === prev.walk.lastFix) return;
    const first = prev.walk.lastFix === null || prev.tool !== 'walk';
    const {x, y} = map.project([fix.lon, fix.lat]);
    const {clientWidth: width, clientHeight: height} = map.getContainer();
    if (first && map.getZoom() < WALK_ZOOM - 1) {
      map.jumpTo({center: [fix.lon, fix.lat], zoom: WALK_ZOOM});
    } else if (outsideMiddle([x, y], width, height)) {
      map.easeTo({center: [fix.lon, fix.lat], duration: 400});
    }
  });
}
