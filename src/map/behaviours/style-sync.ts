import type * as maplibregl from 'maplibre-gl';
import type {FeatureCollection} from 'geojson';
import {PLOTS_SOURCE} from '../../catalogue/plots';
import {diffChunks, plotsDiff} from '../plots-diff';
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
  // from scratch) holds none until it is given them.
  let holder: maplibregl.Source | undefined;
  let held: FeatureCollection = drawn.plots;

  const syncPlots = () => {
    const source = map.getSource<maplibregl.GeoJSONSource>(PLOTS_SOURCE);
    if (!source) return;
    if (holder === undefined && held === drawn.plots && applied.plots === drawn.plots) {
      holder = source;
      return;
    }
    if (source === holder && held === applied.plots) return;
    // Only the plots that changed go to MapLibre's worker (an edit, a selection: one or two),
    // and many (a first load, an import) in parts one after the other: setData copied all
    // 10,000 plots to the worker in one task of seconds (issue 11).
    const diff = plotsDiff(source === holder ? held : NO_PLOTS, applied.plots);
    const fresh = source !== holder;
    holder = source;
    held = applied.plots;
    if (!diff) {
      feed(source, [() => source.setData(applied.plots)]);
      return;
    }
    const parts = diffChunks(fresh ? {...diff, removeAll: true} : diff);
    feed(source, parts.map((part) => () => source.updateData(part)));
  };

  // Updates of the plots source, one at a time: each waits for the worker to take the last, so
  // MapLibre never merges them into one big copy. Dropped if the source was made again meanwhile.
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0;
  const feed = (source: maplibregl.GeoJSONSource, steps: (() => Promise<unknown>)[]) => {
    for (const step of steps) {
      pending++;
      const run = () => {
        pending--;
        return source === holder ? step() : undefined;
      };
      queue = queue.then(run, run).then(() => {
        if (pending > 0 || held.features.length === 0 || performance.getEntriesByName('qh-plots-in').length > 0) return;
        // For the benchmark: all plots are with MapLibre, and then drawn.
        performance.mark('qh-plots-in');
        map.once('idle', () => performance.mark('qh-plots-idle'));
      });
    }
  };

  const unsubscribe = store.subscribe((state) => {
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
    unsubscribe();
    map.off('styledata', syncPlots);
  };
}
