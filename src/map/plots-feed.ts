import type {FeatureCollection} from 'geojson';
import {plotsDiff} from './plots-diff';
import type {PlotsDiff} from './plots-diff';

/** What the feed needs of MapLibre's GeoJSONSource for the plots, and of the map drawing it. */
export type PlotsTarget = {
  readonly setData: (data: FeatureCollection) => Promise<unknown>;
  readonly updateData: (diff: PlotsDiff) => Promise<unknown>;
  /** Resolves once the map has the tiles of what the source holds now (cut, loaded). */
  readonly drawn: () => Promise<void>;
};

export type PlotsFeed = {
  /** The plots the map should show; the feed sends them when the update before is drawn. */
  readonly show: (plots: FeatureCollection) => void;
  /** An update is with the map (sent, or its tiles not yet drawn). */
  readonly busy: () => boolean;
};

/**
 * Feeds one plots source, one update at a time. Each update makes MapLibre cut the tiles it
 * touches again and upload them to the GPU, so while one is on its way collections that come
 * after it wait, and only the latest goes next, as one diff from what the source holds: the
 * pages of a first load that arrive while the first page is being drawn are drawn together,
 * not each with all the pages before it (ten pages of 1,000 plots uploaded 55,000 plots'
 * vertices, most of the main thread's time opening the map; issue 11). An edit or a selection
 * is a diff of one or two plots. A first fill, or a change of most plots, is a setData.
 *
 * `held`: what the source holds already. `settled` is called each time the feed has sent the
 * latest collection and the map has drawn it.
 */
export function plotsFeed(target: PlotsTarget, held: FeatureCollection, settled?: () => void): PlotsFeed {
  let wanted = held;
  let busy = false;
  const pump = async () => {
    busy = true;
    while (wanted !== held) {
      const next = wanted;
      const diff = plotsDiff(held, next);
      if (diff && !diff.removeAll && diff.remove.length === 0 && diff.add.length === 0) {
        held = next;
        continue;
      }
      const update = !diff || diff.removeAll || held.features.length === 0 ? target.setData(next) : target.updateData(diff);
      held = next;
      // A failed update (the source went with a restyle) leaves nothing to wait for.
      await update.then(() => target.drawn(), () => undefined);
    }
    busy = false;
    settled?.();
  };
  return {
    show: (plots) => {
      wanted = plots;
      if (!busy) void pump();
    },
    busy: () => busy,
  };
}
