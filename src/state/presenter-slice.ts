import type {StateCreator} from 'zustand';
import {LAYER_IDS} from '../catalogue/types';
import type {LayerId} from '../catalogue/types';
import type {LayerState} from '../catalogue/style';
import type {Bilingual} from '../i18n/lang';
import {normaliseFilters} from './filters-slice';
import type {PlotFilters} from './filters-slice';
import type {SlideRecord} from './persistence/plot-repository';
import type {AppState} from './store';
import type {DeviceLink} from './device-link';

/** Where the map looks: centre [lon, lat] in WGS84 degrees, zoom, bearing and pitch in degrees. */
export type Camera = {
  readonly center: readonly [number, number];
  readonly zoom: number;
  readonly bearing: number;
  readonly pitch: number;
};

/** One slide of a briefing: a view of the map, what it shows, and what the presenter says. */
export type Slide = {
  readonly id: string;
  readonly camera: Camera;
  readonly layerState: Readonly<Record<LayerId, LayerState>>;
  readonly filters: PlotFilters;
  readonly caption: Bilingual;
  /** A small JPEG of the map when the slide was added (a data URL); absent on slides made before thumbnails. */
  readonly thumbnail?: string;
};

/** Thumbnails longer than this (characters of data URL, ~30 kB) are dropped when a slide is read. */
export const THUMBNAIL_LIMIT = 40_000;

export type SlidesSaveState = {readonly state: 'idle' | 'saving' | 'saved'} | {readonly state: 'not-saved'; readonly message: string};

export type PresenterSlice = {
  slides: readonly Slide[];
  slidesSave: SlidesSaveState;
  /** The map's camera after its last move (src/map/behaviours/camera-report.ts writes it on `moveend`). */
  camera: Camera | null;
  setCamera: (camera: Camera) => void;
  /** Index of the slide on screen while presenting; null when not presenting (the map flies to its camera). */
  presenting: number | null;
  /** The reader's own layers and filters, given back when the presentation ends. */
  beforePresenting: {layerState: AppState['layerState']; filters: PlotFilters} | null;
  addSlide: (caption: Bilingual, id?: string) => Slide | null;
  setCaption: (id: string, caption: Bilingual) => void;
  /** Keeps a thumbnail of the map with a slide (made after the slide is added). */
  setThumbnail: (id: string, thumbnail: string) => void;
  moveSlide: (id: string, by: -1 | 1) => void;
  deleteSlide: (id: string) => void;
  replaceSlides: (slides: readonly Slide[]) => void;
  loadSlides: () => Promise<void>;
  startPresenting: (index?: number) => void;
  goToSlide: (index: number) => void;
  nextSlide: () => void;
  previousSlide: () => void;
  stopPresenting: () => void;
};

const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** A slide from a file or the database made well-formed; null when it cannot be one. */
export function normaliseSlide(raw: unknown): Slide | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const cam = (r.camera && typeof r.camera === 'object' ? r.camera : null) as Record<string, unknown> | null;
  const center = cam?.center;
  if (typeof r.id !== 'string' || !cam || !Array.isArray(center) || center.length !== 2) return null;
  const [lon, lat] = center as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
  const savedLayers = (r.layerState && typeof r.layerState === 'object' ? r.layerState : {}) as Record<string, Partial<LayerState>>;
  const layerState = Object.fromEntries(LAYER_IDS.map((id) => {
    const l = savedLayers[id];
    return [id, {visible: typeof l?.visible === 'boolean' ? l.visible : true, opacity: Math.min(1, Math.max(0, num(l?.opacity, 1)))}];
  })) as Record<LayerId, LayerState>;
  const caption = (r.caption && typeof r.caption === 'object' ? r.caption : {}) as Record<string, unknown>;
  return {
    id: r.id,
    camera: {center: [lon, lat], zoom: num(cam.zoom, 8), bearing: num(cam.bearing, 0), pitch: Math.min(85, Math.max(0, num(cam.pitch, 0)))},
    layerState,
    filters: normaliseFilters(r.filters),
    caption: {zh: typeof caption.zh === 'string' ? caption.zh : '', en: typeof caption.en === 'string' ? caption.en : ''},
    ...(typeof r.thumbnail === 'string' && /^data:image\/(jpeg|png|webp);base64,/.test(r.thumbnail) && r.thumbnail.length <= THUMBNAIL_LIMIT ? {thumbnail: r.thumbnail} : {}),
  };
}

/** The slides file a presenter shares: versioned so a later format can still read it. */
export const SLIDES_FILE_FORMAT = 'qh-remediation-slides';

export function slidesToJson(slides: readonly Slide[]): string {
  return JSON.stringify({format: SLIDES_FILE_FORMAT, version: 1, slides}, null, 2);
}

/** Slides from a shared file: every well-formed slide, each given a fresh id so an import never overwrites. */
export function slidesFromJson(text: string, newId: () => string): {slides: Slide[]; skipped: number} | {error: string} {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return {error: err instanceof Error ? err.message : String(err)};
  }
  const list = (doc as {format?: unknown; slides?: unknown} | null);
  if (!list || list.format !== SLIDES_FILE_FORMAT || !Array.isArray(list.slides)) return {error: 'not a slides file'};
  const slides = list.slides.map(normaliseSlide).filter((s): s is Slide => s !== null).map((s) => ({...s, id: newId()}));
  return {slides, skipped: list.slides.length - slides.length};
}

export const createPresenterSlice = (device: DeviceLink): StateCreator<AppState, [], [], PresenterSlice> => (set, get) => {
  /** Saves the whole set after every change; the latest save wins because each is one transaction. */
  const persist = async () => {
    const repo = device.repository;
    if (!repo) {
      set({slidesSave: {state: 'not-saved', message: 'the on-device database is not open'}});
      return;
    }
    set({slidesSave: {state: 'saving'}});
    const slides = get().slides;
    const result = await repo.saveSlides(slides as unknown as SlideRecord[]);
    if (get().slides !== slides) return;
    set({slidesSave: result.ok ? {state: 'saved'} : {state: 'not-saved', message: result.message}});
    // Saved on this device: shared with the team when signed in (shared-slice.ts).
    if (result.ok) void get().shareSet('slide');
  };
  const change = (slides: readonly Slide[]) => {
    set({slides});
    void persist();
  };
  const show = (index: number) => {
    const slide = get().slides[index];
    if (!slide) return;
    set({presenting: index, layerState: slide.layerState, filters: slide.filters});
  };

  return {
    slides: [],
    slidesSave: {state: 'idle'},
    camera: null,
    setCamera: (camera) => set({camera}),
    presenting: null,
    beforePresenting: null,

    addSlide: (caption, id = crypto.randomUUID()) => {
      const {camera, layerState, filters} = get();
      if (!camera) return null;
      const slide: Slide = {id, camera, layerState, filters, caption};
      change([...get().slides, slide]);
      return slide;
    },
    setCaption: (id, caption) => change(get().slides.map((s) => (s.id === id ? {...s, caption} : s))),
    setThumbnail: (id, thumbnail) => {
      const slides = get().slides;
      if (!slides.some((s) => s.id === id) || normaliseSlide({...slides.find((s) => s.id === id), thumbnail})?.thumbnail !== thumbnail) return;
      change(slides.map((s) => (s.id === id ? {...s, thumbnail} : s)));
    },
    moveSlide: (id, by) => {
      const slides = [...get().slides];
      const i = slides.findIndex((s) => s.id === id);
      const j = i + by;
      if (i < 0 || j < 0 || j >= slides.length) return;
      [slides[i], slides[j]] = [slides[j]!, slides[i]!];
      change(slides);
    },
    deleteSlide: (id) => change(get().slides.filter((s) => s.id !== id)),
    replaceSlides: (slides) => change(slides),
    loadSlides: async () => {
      const repo = device.repository;
      if (!repo) return;
      try {
        const stored = await repo.loadSlides();
        set({slides: stored.map(normaliseSlide).filter((s): s is Slide => s !== null), slidesSave: {state: 'saved'}});
      } catch (err) {
        set({slidesSave: {state: 'not-saved', message: err instanceof Error ? err.message : String(err)}});
      }
    },

    startPresenting: (index = 0) => {
      if (get().slides.length === 0) return;
      if (get().presenting === null) set((s) => ({beforePresenting: {layerState: s.layerState, filters: s.filters}}));
      show(Math.min(Math.max(0, index), get().slides.length - 1));
    },
    goToSlide: (index) => {
      if (get().presenting !== null) show(index);
    },
    nextSlide: () => {
      const at = get().presenting;
      if (at !== null && at + 1 < get().slides.length) show(at + 1);
    },
    previousSlide: () => {
      const at = get().presenting;
      if (at !== null && at > 0) show(at - 1);
    },
    stopPresenting: () => {
      const before = get().beforePresenting;
      set({presenting: null, beforePresenting: null, ...(before ?? {})});
    },
  };
};
