import {describe, expect, it} from 'vitest';
import {createAppStore} from './store';
import {THUMBNAIL_LIMIT, normaliseSlide, slidesFromJson, slidesToJson} from './presenter-slice';
import {MemoryStorage} from './memory-storage';

const caption = (text: string) => ({zh: text, en: text});

function storeWithSlides() {
  const store = createAppStore(new MemoryStorage());
  const s = store.getState;
  s().setCamera({center: [96, 35.8], zoom: 4.6, bearing: 0, pitch: 0});
  s().addSlide(caption('province'), 'one');
  s().setCamera({center: [101.7, 36.96], zoom: 11, bearing: 20, pitch: 30});
  s().setVisible('rail-lines', false);
  s().setFilters({statuses: ['verified'], asOf: '2025-03-31'});
  s().addSlide(caption('datong'), 'two');
  s().setVisible('rail-lines', true);
  s().resetFilters();
  return store;
}

describe('presenter slides', () => {
  it('adds a slide only once the map has a camera', () => {
    const store = createAppStore(new MemoryStorage());
    expect(store.getState().addSlide(caption('x'))).toBeNull();
    expect(store.getState().slides).toEqual([]);
  });

  it('keeps the camera, layers and filters of the view a slide was added from', () => {
    const slide = storeWithSlides().getState().slides[1]!;
    expect(slide.camera).toEqual({center: [101.7, 36.96], zoom: 11, bearing: 20, pitch: 30});
    expect(slide.layerState['rail-lines'].visible).toBe(false);
    expect(slide.filters).toMatchObject({statuses: ['verified'], asOf: '2025-03-31'});
  });

  it('plays slides in order, applying each one, and gives the reader their view back at the end', () => {
    const store = storeWithSlides();
    const s = store.getState;
    s().startPresenting();
    expect(s().presenting).toBe(0);
    s().nextSlide();
    expect(s().presenting).toBe(1);
    expect(s().slides[s().presenting!]!.camera.zoom).toBe(11);
    expect(s().layerState['rail-lines'].visible).toBe(false);
    expect(s().filters.asOf).toBe('2025-03-31');
    s().nextSlide();
    expect(s().presenting).toBe(1);
    s().previousSlide();
    expect(s().presenting).toBe(0);
    s().stopPresenting();
    expect(s().presenting).toBeNull();
    expect(s().layerState['rail-lines'].visible).toBe(true);
    expect(s().filters.asOf).toBeNull();
  });

  it('reorders, edits and deletes slides', () => {
    const store = storeWithSlides();
    const s = store.getState;
    s().moveSlide('two', -1);
    expect(s().slides.map((x) => x.id)).toEqual(['two', 'one']);
    s().moveSlide('two', -1);
    expect(s().slides.map((x) => x.id)).toEqual(['two', 'one']);
    s().setCaption('one', {zh: '全省', en: 'Province'});
    expect(s().slides[1]!.caption.en).toBe('Province');
    s().deleteSlide('two');
    expect(s().slides.map((x) => x.id)).toEqual(['one']);
  });

  it('round-trips slides through a file, with fresh ids, skipping broken ones', () => {
    const slides = storeWithSlides().getState().slides;
    const text = slidesToJson(slides).replace('"slides": [', '"slides": [{"id": "broken"},');
    let n = 0;
    const read = slidesFromJson(text, () => `new-${++n}`);
    expect(read).toMatchObject({skipped: 1});
    if (!('slides' in read)) throw new Error('not read');
    expect(read.slides.map((x) => x.id)).toEqual(['new-1', 'new-2']);
    expect(read.slides.map(({id: _id, ...rest}) => rest)).toEqual(slides.map(({id: _id, ...rest}) => rest));
    expect(slidesFromJson('{"slides": []}', () => 'x')).toEqual({error: 'not a slides file'});
  });

  it('keeps a small image thumbnail with a slide, and still reads slides saved without one', () => {
    const store = storeWithSlides();
    const s = store.getState;
    const jpeg = 'data:image/jpeg;base64,/9j/4AAQSkZJRg==';
    s().setThumbnail('two', jpeg);
    expect(s().slides[1]!.thumbnail).toBe(jpeg);
    expect(s().slides[0]!.thumbnail).toBeUndefined();
    // Not an image, or too large: refused, the slide keeps what it had.
    s().setThumbnail('two', 'javascript:alert(1)');
    s().setThumbnail('two', `data:image/jpeg;base64,${'A'.repeat(THUMBNAIL_LIMIT)}`);
    expect(s().slides[1]!.thumbnail).toBe(jpeg);
    // An old saved slide (no thumbnail) reads as before; a stored one comes back.
    const {thumbnail: _t, ...old} = s().slides[1]!;
    expect(normaliseSlide(old)).toEqual(old);
    expect(normaliseSlide(s().slides[1])?.thumbnail).toBe(jpeg);
    expect(normaliseSlide({...old, thumbnail: 'data:text/html;base64,PGI+'})).toEqual(old);
  });
});
