import type * as maplibregl from 'maplibre-gl';
import type {FeatureCollection} from 'geojson';
import {PLOTS_SOURCE} from '../../catalogue/plots';
import {plotsFeed} from '../plots-feed';
import type {PlotsFeed, PlotsTarget} from '../plots-feed';
import {keepDrawingLayers, selectStyleInputs, styleFor} from '../map-style';
import type {StyleInputs} from '../map-style';
import type {Detach, MapStore} from './types';

/** What the plots source holds in a restyle: its real data is given to it with setData. */
const NO_PLOTS: FeatureCollection = {type: 'FeatureCollection', features: []};

/**
 * Store → map: whenever the style inputs change the whole style is generated again and
 * MapLibre applies the difference, keeping the camera and terra-draw's layers. `drawn` is
 * what the map was made from.
 *
 * The plots go to their source with setData, not inside the style: a restyle clones, validates
 * and deep-compares the whole style, which with 10,000 plots in it took longer than the
 * change itself (issue 11), and a change of the plots alone (an edit, a selection) needs no
 * restyle at all.
 */
export function attachStyleSync(map: maplibregl.Map, store: MapStore, drawn: StyleInputs): Detach {
  let applied = drawn;
  // The source the map was made with holds `drawn.plots`; a source made again (a style rebuilt
  // from scratch) holds none until it is given them. One feed per source object.
  let fed: {source: maplibregl.GeoJSONSource; feed: PlotsFeed} | undefined;

  let detached = false;
  const current = (source: maplibregl.GeoJSONSource) => !detached && map.getSource(PLOTS_SOURCE) === source;
  const targetOf = (source: maplibregl.GeoJSONSource): PlotsTarget => ({
    // A source replaced meanwhile is left alone: its feed ends with nothing to wait for.
    setData: (data) => (current(source) ? source.setData(data) : Promise.reject(new Error('replaced'))),
    updateData: (diff) => (current(source) ? source.updateData(diff) : Promise.reject(new Error('replaced'))),
    drawn: () => new Promise<void>((resolve) => {
      const check = () => {
        if (current(source) && !map.isSourceLoaded(PLOTS_SOURCE)) return;
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

  const syncPlots = () => {
    const source = map.getSource<maplibregl.GeoJSONSource>(PLOTS_SOURCE);
    if (!source) return;
    if (fed?.source !== source) fed = {source, feed: plotsFeed(targetOf(source), fed ? NO_PLOTS : drawn.plots, settled)};
    fed.feed.show(applied.plots);
  };

  const unsubscribe = store.subscribe((state, before) => {
    // The last page may change no plot the map shows: then the feed has nothing to send.
    if (before.plotsLoading && !state.plotsLoading && fed && !fed.feed.busy()) settled();
    // Only the current state is asked: the selectors behind the inputs keep one result each.
    const inputs = selectStyleInputs(state);
    if (!inputs || inputs === applied) return;
    const plotsOnly = (Object.keys(inputs) as (keyof StyleInputs)[]).every((k) => k === 'plots' || inputs[k] === applied[k]);
    applied = inputs;
    if (!plotsOnly) {
      const camera = {center: map.getCenter().toArray() as [number, number], zoom: map.getZoom()};
      map.setStyle(styleFor({...inputs, plots: NO_PLOTS}, window.location.href, camera), {
        diff: true,
        transformStyle: (previous, next) => {
          // The source's data (the plots) is left out of the comparison: it is set below.
          const source = previous?.sources[PLOTS_SOURCE];
          if (previous && source?.type === 'geojson') previous.sources[PLOTS_SOURCE] = {...source, data: NO_PLOTS};
          return keepDrawingLayers(previous, next);
        },
      });
    }
    syncPlots();
  });
  // A style rebuilt from scratch (a change the diff cannot make) has a new, empty plots source.
  map.on('styledata', syncPlots);
  return () => {
    detached = true;
    unsubscribe();
    map.off('styledata', syncPlots);
  };
}
