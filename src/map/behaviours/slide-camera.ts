import type {Camera} from '../../state/presenter-slice';
import type {Detach, MapStore} from './types';

/**
 * While presenting, the camera follows the slide on screen: each time another slide is shown
 * (the store's `presenting` index), the map flies to the view it was added from. Ending the
 * presentation leaves the camera where it is.
 */
export function attachSlideCamera(store: MapStore, flyTo: (camera: Camera) => unknown): Detach {
  return store.subscribe((state, prev) => {
    if (state.presenting === null || state.presenting === prev.presenting) return;
    const slide = state.slides[state.presenting];
    if (slide) void flyTo(slide.camera);
  });
}
