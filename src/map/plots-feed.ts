import type {Feature, FeatureCollection} from 'geojson';
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
 * The most features one update hands MapLibre. MapLibre copies an update for its worker
 * (its own serialize, then postMessage) in one main-thread task that grows with the features
 * in it: about 0.1 ms of CPU per plot of 20–80 vertices on the 2-core machine at load 10, and
 * the sends of a first load and of "Import N" were the longest tasks (532 and 917 ms at load
 * 4, issue 11). 1,500 plots are a task of about 150 ms there; 2,500 measured 256–305 ms.
 */
export const PLOTS_PER_UPDATE = 1500;

const collectionOf = (features: Feature[]): FeatureCollection => ({type: 'FeatureCollection', features});

/**
 * The first part of a diff that adds more than `limit` features: the first `limit` of them,
 * with the removals that go with them (plots gone for good, and the old versions of the ones
 * added now; a changed plot keeps its old version until its new one is sent, so it is never
 * missing), what the source holds after it, and the rest of the diff from there (what
 * plotsDiff would find between the two, without another pass over every plot).
 */
function firstPart(held: FeatureCollection, diff: PlotsDiff, limit: number): {part: PlotsDiff; holds: FeatureCollection; rest: PlotsDiff} {
  const add = diff.add.slice(0, limit);
  const later = new Set(diff.add.slice(limit).map((f) => f.id));
  const remove = diff.remove.filter((id) => !later.has(id));
  const removed = new Set(remove);
  return {
    part: {removeAll: false, remove, add},
    holds: collectionOf([...held.features.filter((f) => !removed.has(f.id!)), ...add]),
    rest: {removeAll: false, remove: diff.remove.filter((id) => later.has(id)), add: diff.add.slice(limit)},
  };
}

/**
 * Feeds one plots source, one update at a time. Each update makes MapLibre cut the tiles it
 * touches again and upload them to the GPU, so while one is on its way collections that come
 * after it wait, and only the latest goes next, as one diff from what the source holds: the
 * pages of a first load that arrive while the first page is being drawn are drawn together,
 * not each with all the pages before it (ten pages of 1,000 plots uploaded 55,000 plots'
 * vertices, most of the main thread's time opening the map; issue 11). An edit or a selection
 * is a diff of one or two plots. A first fill, or a change of most plots, is a setData. No
 * update adds more than `perUpdate` features (PLOTS_PER_UPDATE): a bigger one goes in parts,
 * each sent once MapLibre's worker has the one before, and the last waited for until drawn.
 *
 * `held`: what the source holds already. `settled` is called each time the feed has sent the
 * latest collection and the map has drawn it.
 */
export function plotsFeed(target: PlotsTarget, held: FeatureCollection, settled?: () => void, perUpdate = PLOTS_PER_UPDATE): PlotsFeed {
  let wanted = held;
  let busy = false;
  // Sending in parts: the rest of the diff from what the source holds to the collection wanted,
  // each part cut from it while that collection is still the one wanted. A diff over all the
  // plots per part was quadratic: 34 parts at 50,000 plots, 0.6 s of the main thread (issue 11).
  let rest: {from: FeatureCollection; to: FeatureCollection; diff: PlotsDiff} | null = null;
  const pump = async () => {
    busy = true;
    while (wanted !== held) {
      const next = wanted;
      const diff = rest && rest.from === held && rest.to === next ? rest.diff : plotsDiff(held, next);
      rest = null;
      if (diff && !diff.removeAll && diff.remove.length === 0 && diff.add.length === 0) {
        held = next;
        continue;
      }
      let update: Promise<unknown>;
      if (!diff) {
        // Ids missing or repeated: no diff can follow a part, so all of it at once.
        update = target.setData(next);
        held = next;
      } else if (diff.removeAll || held.features.length === 0) {
        const part = next.features.length > perUpdate ? collectionOf(next.features.slice(0, perUpdate)) : next;
        update = target.setData(part);
        if (part !== next) rest = {from: part, to: next, diff: {removeAll: false, remove: [], add: next.features.slice(perUpdate)}};
        held = part;
      } else if (diff.add.length > perUpdate) {
        const {part, holds, rest: after} = firstPart(held, diff, perUpdate);
        update = target.updateData(part);
        held = holds;
        rest = {from: holds, to: next, diff: after};
      } else {
        update = target.updateData(diff);
        held = next;
      }
      // A failed update (the source went with a restyle) leaves nothing to wait for.
      if (held === next) {
        await update.then(() => target.drawn(), () => undefined);
        continue;
      }
      // A part: the next goes once MapLibre's worker has this one, so the tiles they make it cut
      // again are cut once for several parts, not once per part; and in a task of its own, not
      // in the one that takes this part's result.
      await update.catch(() => undefined);
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
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
