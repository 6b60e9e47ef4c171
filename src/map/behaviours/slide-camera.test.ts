import {describe, expect, it} from 'vitest';
import {MemoryStorage} from '../../state/memory-storage';
import type {Camera} from '../../state/presenter-slice';
import {createAppStore} from '../../state/store';
import {attachSlideCamera} from './slide-camera';

const caption = {zh: '', en: ''};

function storeWithTwoSlides() {
  const store = createAppStore(new MemoryStorage());
  const s = store.getState;
  s().setCamera({center: [96, 35.8], zoom: 4.6, bearing: 0, pitch: 0});
  s().addSlide(caption, 'province');
  s().setCamera({center: [101.7, 36.96], zoom: 11, bearing: 20, pitch: 30});
  s().addSlide(caption, 'datong');
  return store;
}

describe('the camera during a presentation', () => {
  it('flies to each slide as it is shown, and stays put when the presentation ends', () => {
    const store = storeWithTwoSlides();
    const flights: Camera[] = [];
    const detach = attachSlideCamera(store, (camera) => flights.push(camera));
    const s = store.getState;
    s().startPresenting();
    s().nextSlide();
    s().nextSlide(); // already on the last slide: nothing is shown anew
    s().previousSlide();
    s().stopPresenting();
    expect(flights.map((c) => c.zoom)).toEqual([4.6, 11, 4.6]);
    expect(flights[1]).toEqual({center: [101.7, 36.96], zoom: 11, bearing: 20, pitch: 30});
    detach();
    s().startPresenting(1);
    expect(flights).toHaveLength(3);
  });

  it('does not fly when the reader edits the layers while presenting', () => {
    const store = storeWithTwoSlides();
    const flights: Camera[] = [];
    attachSlideCamera(store, (camera) => flights.push(camera));
    store.getState().startPresenting(1);
    store.getState().setVisible('muli', false);
    store.getState().setCamera({center: [100, 36], zoom: 8, bearing: 0, pitch: 0});
    expect(flights).toHaveLength(1);
  });
});
