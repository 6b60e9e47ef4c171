import type * as maplibregl from 'maplibre-gl';
import type {FeatureCollection} from 'geojson';
import {IMPORT_PREVIEW_SOURCE, PLOTS_SOURCE} from '../../catalogue/plots';
import {plotsFeed} from '../plots-feed';
import type {PlotsFeed, PlotsTarget} from '../plots-feed';
import {keepDrawingLayers, selectStyleInputs, styleFor} from '../map-style';
import {selectSaving, selectTallyCurrent} from '../../state/selectors';
import type {StyleInputs} from '../map-style';
import type {Detach, MapStore} from './types';

/** What a fed source holds in a restyle: its real data is given to it by its feed. */
const NO_PLOTS: FeatureCollection = {type: 'FeatureCollection', features: []};

/**
 * The style inputs that go to their source through a feed (plots-feed.ts), in parts, and not
 * in the style: the plots, and a staged import's preview (10,000 plots as well).
 */
const FED_SOURCES = {plots: PLOTS_SOURCE, preview: IMPORT_PREVIEW_SOURCE} as const;
type FedInput = keyof typeof FED_SOURCES;
const FED_INPUTS = Object.keys(FED_SOURCES) as FedInput[];
const isFed = (key: keyof StyleInputs): key is FedInput => key in FED_SOURCES;

/** The longest the plots wait for a save's total (a write that hangs does not stop the map). */
export const EDIT_HOLD_MS = 250;

/**
 * Store → map: whenever the style inputs change the whole style is generated again and
 * MapLibre applies the difference, keeping the camera and terra-draw's layers. `drawn` is
 * what the map was made from.
 *
 * The plots (and an import's preview) go to their source with setData, not inside the style: a restyle clones, validates
 * and deep-compares the whole style, which with 10,000 plots in it took longer than the
 * change itself (issue 11), and a change of the plots alone (an edit, a selection) needs no
 * restyle at all.
 */
export function attachStyleSync(map: maplibregl.Map, store: MapStore, drawn: StyleInputs): Detach {
  let applied = drawn;
  // The source the map was made with holds what `drawn` has; a source made again (a style
  // rebuilt from scratch) holds none until it is given it. One feed per source object.
  const feeds = new Map<FedInput, {source: maplibregl.GeoJSONSource; feed: PlotsFeed}>();

  let detached = false;
  const current = (id: string, source: maplibregl.GeoJSONSource) => !detached && map.getSource(id) === source;
  const targetOf = (id: string, source: maplibregl.GeoJSONSource): PlotsTarget => ({
    // A source replaced meanwhile is left alone: its feed ends with nothing to wait for.
    setData: (data) => (current(id, source) ? source.setData(data) : Promise.reject(new Error('replaced'))),
    updateData: (diff) => (current(id, source) ? source.updateData(diff) : Promise.reject(new Error('replaced'))),
    drawn: () => new Promise<void>((resolve) => {
      const check = () => {
        if (current(id, source) && !map.isSourceLoaded(id)) return;
        map.off('sourcedata', check);
        map.off('idle', check);
        resolve();
      };
      map.on('sourcedata', check);
      map.on('idle', check);
      check();
    }),
  });

  // For the benchmark: every stored plot is with MapLibre (the last page in), and then drawn.
  const settled = () => {
    if (store.getState().plotsLoading || applied.plots.features.length === 0 || performance.getEntriesByName('qh-plots-in').length > 0) return;
    performance.mark('qh-plots-in');
    map.once('idle', () => performance.mark('qh-plots-idle'));
  };

  // A save's plot goes to the map once the header shows the save's total, in a task after it:
  // MapLibre's work for it (its worker cutting the tiles again, then a frame drawing them, 15-120
  // ms under SwiftShader) otherwise lands before the write's completion or the tally worker's
  // answer on the main thread (issue 11: one edit ≤ 50 ms, traces of stop 18). `hold`: the
  // timer that ends the wait at the latest.
  let hold: ReturnType<typeof setTimeout> | null = null;
  const waiting = () => selectSaving(store.getState()) || !selectTallyCurrent(store.getState());
  // Asked again in its own task: the tally service may have found, meanwhile, that the worker has yet to answer.
  const release = (force = false) => {
    if (hold === null || (!force && waiting())) return;
    clearTimeout(hold);
    hold = null;
    sync();
  };

  const sync = () => {
    for (const key of FED_INPUTS) {
      const id = FED_SOURCES[key];
      const source = map.getSource<maplibregl.GeoJSONSource>(id);
      if (!source) continue;
      let fed = feeds.get(key);
      if (fed?.source !== source) {
        fed = {source, feed: plotsFeed(targetOf(id, source), fed ? NO_PLOTS : drawn[key], key === 'plots' ? settled : undefined)};
        feeds.set(key, fed);
      }
      if (key !== 'plots' || hold === null) fed.feed.show(applied[key]);
    }
  };

  const unsubscribe = store.subscribe((state, before) => {
    // The last page may change no plot the map shows: then the feed has nothing to send.
    const plotsFeed = feeds.get('plots');
    if (before.plotsLoading && !state.plotsLoading && plotsFeed && !plotsFeed.feed.busy()) settled();
    if (hold !== null && !waiting()) setTimeout(release, 0);
    // Only the current state is asked: the selectors behind the inputs keep one result each.
    const inputs = selectStyleInputs(state);
    if (!inputs || inputs === applied) return;
    const fedOnly = (Object.keys(inputs) as (keyof StyleInputs)[]).every((k) => isFed(k) || inputs[k] === applied[k]);
    if (hold === null && inputs.plots !== applied.plots && selectSaving(state)) hold = setTimeout(() => release(true), EDIT_HOLD_MS);
    applied = inputs;
    if (!fedOnly) {
      const camera = {center: map.getCenter().toArray() as [number, number], zoom: map.getZoom()};
      map.setStyle(styleFor({...inputs, plots: NO_PLOTS, preview: NO_PLOTS}, window.location.href, camera), {
        diff: true,
        transformStyle: (previous, next) => {
          // The fed sources' data is left out of the comparison: it is set below.
          for (const id of Object.values(FED_SOURCES)) {
            const source = previous?.sources[id];
            if (previous && source?.type === 'geojson') previous.sources[id] = {...source, data: NO_PLOTS};
          }
          return keepDrawingLayers(previous, next);
        },
      });
    }
    sync();
  });
  // A style rebuilt from scratch (a change the diff cannot make) has new, empty fed sources.
  map.on('styledata', sync);
  return () => {
    detached = true;
    if (hold !== null) clearTimeout(hold);
    unsubscribe();
    map.off('styledata', sync);
  };
}
