import {create} from 'zustand';
import {createJSONStorage, persist} from 'zustand/middleware';
import type {StateCreator} from 'zustand';
import {LAYER_IDS} from '../catalogue/types';
import type {FeatureProps, LayerId, SourceId} from '../catalogue/types';
import {SOURCE_IDS, dataFileOf} from '../catalogue/style';
import type {LayerState, SourceData} from '../catalogue/style';
import type {ThemeName} from '../catalogue/themes';
import type {BBox} from '../geo/bbox';
import {bboxOfGeoJson} from '../geo/bbox';
import {labelPointsOf} from '../geo/label-point';
import type {FeatureCollection} from 'geojson';
import {createPlotsSlice} from './plots-slice';
import type {PlotsSlice} from './plots-slice';
import {createConflictsSlice} from './conflicts-slice';
import type {ConflictsSlice} from './conflicts-slice';
import {createImportSlice} from './import-slice';
import type {ImportSlice} from './import-slice';
import {createUpdateSlice} from './update-slice';
import type {UpdateSlice} from './update-slice';
import {createFieldSlice} from './field-slice';
import type {FieldSlice} from './field-slice';
import {createFiltersSlice} from './filters-slice';
import type {FiltersSlice} from './filters-slice';
import {createPresenterSlice} from './presenter-slice';
import type {PresenterSlice} from './presenter-slice';
import {createZonesSlice} from './zones-slice';
import type {ZonesSlice} from './zones-slice';
import {createPacksSlice} from './packs-slice';
import type {PacksSlice} from './packs-slice';
import {createAdminSlice} from './admin-slice';
import type {AdminSlice} from './admin-slice';
import {createSharedSlice} from './shared-slice';
import type {SharedSlice} from './shared-slice';
import type {Lang} from '../i18n/lang';
import {hasWords, loadWords} from '../i18n/messages';
import {deviceLink} from './device-link';
import {createPlotFormSlice} from './plot-form-slice';
import {createDeviceSlice} from './device-slice';
import type {DeviceSlice} from './device-slice';
import {createTeamSlice} from './team-slice';
import type {TeamSlice} from './team-slice';
import type {PlotFormSlice} from './plot-form-slice';
import type {ImportServices} from './import-slice';

/** A clicked feature: of a catalogue layer, or one of the basemap's indicative salt lakes. */
export type SelectedFeature = {readonly layerId: SourceId; readonly properties: FeatureProps};

/**
 * `langFailed`: the language last asked for whose words could not be loaded (offline before they
 * were cached), so the UI can say why it did not switch; cleared by the next switch.
 */
export type LangSlice = {lang: Lang; langFailed: Lang | null; setLang: (lang: Lang) => void; langUnavailable: (lang: Lang) => void};

export type LayersSlice = {
  layerState: Record<LayerId, LayerState>;
  setVisible: (id: LayerId, visible: boolean) => void;
  setOpacity: (id: LayerId, opacity: number) => void;
};

export type MapSlice = {
  theme: ThemeName;
  setTheme: (theme: ThemeName) => void;
  mapStatus: 'loading' | 'ready' | 'error';
  mapError: string | null;
  /** The service worker has precached everything: the app will open offline. */
  offlineReady: boolean;
  setOfflineReady: (ready: boolean) => void;
  cursor: readonly [number, number] | null;
  selected: SelectedFeature | null;
  setMapStatus: (status: 'loading' | 'ready' | 'error', error?: string) => void;
  setCursor: (lonLat: readonly [number, number] | null) => void;
  select: (feature: SelectedFeature | null) => void;
};

export type LoadedSource = SourceData & {readonly bbox: BBox | null};

export type GeodataSlice = {
  geodata: Readonly<Record<SourceId, LoadedSource>> | null;
  geodataStatus: 'idle' | 'loading' | 'ready' | 'error';
  /** Which file failed and why, for the user. */
  geodataError: string | null;
  /** Loads every layer file once; `urlOf` maps a geodata file name to where it is served. */
  loadGeodata: (urlOf: (file: string) => string, fetchFn?: typeof fetch) => Promise<void>;
};

export type AppState = LangSlice & LayersSlice & MapSlice & GeodataSlice & PlotsSlice & ConflictsSlice & ImportSlice & UpdateSlice & FieldSlice & FiltersSlice & PresenterSlice & ZonesSlice & PacksSlice & PlotFormSlice & DeviceSlice & SharedSlice & AdminSlice & TeamSlice;

export const defaultLayerState = (): Record<LayerId, LayerState> =>
  Object.fromEntries(LAYER_IDS.map((id) => [id, {visible: true, opacity: 1}])) as Record<LayerId, LayerState>;

const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 1);

/** Where the UI's words come from (i18n/messages.ts); tests hand in words that fail to load. */
export type WordsService = {has: (lang: Lang) => boolean; load: (lang: Lang) => Promise<void>};
const BUILT_IN_WORDS: WordsService = {has: hasWords, load: loadWords};

const createLangSlice = (words: WordsService): StateCreator<AppState, [], [], LangSlice> => (set) => {
  // The language last asked for: a slower load of an earlier choice does not undo a later one.
  let wanted: Lang = 'zh';
  return {
    lang: 'zh',
    langFailed: null,
    // The UI switches once the language's words are loaded (i18n/messages.ts: the built app
    // fetches the English words when first needed); if they cannot be, it stays as it is.
    setLang: (lang) => {
      wanted = lang;
      if (words.has(lang)) return set({lang, langFailed: null});
      set({langFailed: null});
      words.load(lang).then(
        () => {
          if (wanted === lang) set({lang});
        },
        (err: unknown) => {
          console.error(`the ${lang} words could not be loaded:`, err);
          if (wanted === lang) set({langFailed: lang});
        },
      );
    },
    langUnavailable: (lang) => set({langFailed: lang}),
  };
};

const createLayersSlice: StateCreator<AppState, [], [], LayersSlice> = (set) => ({
  layerState: defaultLayerState(),
  setVisible: (id, visible) => set((s) => ({layerState: {...s.layerState, [id]: {...s.layerState[id], visible}}})),
  setOpacity: (id, opacity) =>
    set((s) => ({layerState: {...s.layerState, [id]: {...s.layerState[id], opacity: clamp01(opacity)}}})),
});

const createMapSlice: StateCreator<AppState, [], [], MapSlice> = (set) => ({
  theme: 'light',
  setTheme: (theme) => set({theme}),
  mapStatus: 'loading',
  mapError: null,
  offlineReady: false,
  setOfflineReady: (offlineReady) => set({offlineReady}),
  cursor: null,
  selected: null,
  setMapStatus: (mapStatus, error) => set({mapStatus, mapError: error ?? null}),
  setCursor: (cursor) => set({cursor}),
  select: (selected) => set({selected}),
});

async function loadSource(file: string, url: string, fetchFn: typeof fetch): Promise<LoadedSource> {
  const res = await fetchFn(url);
  if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
  let features: FeatureCollection;
  try {
    features = (await res.json()) as FeatureCollection;
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`, {cause: err});
  }
  if (features?.type !== 'FeatureCollection' || !Array.isArray(features.features)) {
    throw new Error(`${file}: not a GeoJSON FeatureCollection`);
  }
  return {features, labels: labelPointsOf(features), bbox: bboxOfGeoJson(features)};
}

const createGeodataSlice: StateCreator<AppState, [], [], GeodataSlice> = (set, get) => ({
  geodata: null,
  geodataStatus: 'idle',
  geodataError: null,
  loadGeodata: async (urlOf, fetchFn = fetch) => {
    if (get().geodataStatus === 'loading' || get().geodataStatus === 'ready') return;
    set({geodataStatus: 'loading', geodataError: null});
    try {
      const loaded = await Promise.all(
        SOURCE_IDS.map(async (id) => [id, await loadSource(dataFileOf(id), urlOf(dataFileOf(id)), fetchFn)] as const),
      );
      set({geodata: Object.fromEntries(loaded) as Record<SourceId, LoadedSource>, geodataStatus: 'ready', indicativeDatong: null});
      // Official zones read from the device before the layers arrived go in now.
      get().placeZones();
    } catch (err) {
      set({geodataStatus: 'error', geodataError: err instanceof Error ? err.message : String(err)});
    }
  },
});

export const STORE_VERSION = 1;

/**
 * Only the reader's layer choices and the field team's last form values persist here (plots
 * live in IndexedDB); the language comes from the URL.
 */
export function mergePersisted(persisted: unknown, current: AppState): AppState {
  const saved = (persisted as {layerState?: Partial<Record<LayerId, Partial<LayerState>>>} | null)?.layerState ?? {};
  const layerState = {...current.layerState};
  for (const id of LAYER_IDS) {
    const s = saved[id];
    if (s && typeof s === 'object') {
      layerState[id] = {
        visible: typeof s.visible === 'boolean' ? s.visible : layerState[id].visible,
        opacity: typeof s.opacity === 'number' ? clamp01(s.opacity) : layerState[id].opacity,
      };
    }
  }
  const last = (persisted as {lastValues?: unknown} | null)?.lastValues;
  const lastValues = last && typeof last === 'object' ? (last as AppState['lastValues']) : current.lastValues;
  const savedTheme = (persisted as {theme?: unknown} | null)?.theme;
  const theme = savedTheme === 'light' || savedTheme === 'outdoor' ? savedTheme : current.theme;
  return {...current, layerState, lastValues, theme};
}

/** What a store needs from outside that tests replace (the import worker, the words). */
export type StoreServices = ImportServices & {words?: WordsService};

export const createAppStore = (storage?: Storage, services: StoreServices = {}) => {
  // The open device database, shared by the slices that store things; not state.
  const device = deviceLink();
  return create<AppState>()(
    persist(
      (...a) => ({
        ...createLangSlice(services.words ?? BUILT_IN_WORDS)(...a),
        ...createLayersSlice(...a),
        ...createMapSlice(...a),
        ...createGeodataSlice(...a),
        ...createPlotsSlice(device)(...a),
        ...createConflictsSlice(...a),
        ...createImportSlice(services)(...a),
        ...createUpdateSlice(...a),
        ...createFieldSlice(...a),
        ...createFiltersSlice(...a),
        ...createPresenterSlice(device)(...a),
        ...createZonesSlice(...a),
        ...createPacksSlice(...a),
        ...createPlotFormSlice(...a),
        ...createDeviceSlice(device)(...a),
        ...createSharedSlice(...a),
        ...createAdminSlice(...a),
        ...createTeamSlice(device)(...a),
      }),
      {
        name: 'qh-remediation-map',
        version: STORE_VERSION,
        storage: createJSONStorage(() => storage ?? globalThis.localStorage),
        partialize: (s) => ({layerState: s.layerState, lastValues: s.lastValues, theme: s.theme}),
        merge: mergePersisted,
      },
    ),
  );
};

export const useAppStore = createAppStore();
