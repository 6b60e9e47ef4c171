import type {Feature, FeatureCollection} from 'geojson';
import {noteCollectionDiff} from '../catalogue/collection-diffs';
import {draftCollection, importPreviewCollection, plotsCollection, type PlotFeatureCache} from '../catalogue/plots';
import type {Plot} from '../geo/plot';
import {tallyPlots} from '../geo/tally';
import type {SubsidenceZone, Tally} from '../geo/tally';
import {TallyIndex} from '../geo/tally-index';
import {teamFigures} from './dashboard';
import type {TeamFigure} from './dashboard';
import {filterPlots} from './filters-slice';
import {subsidenceZones} from './new-plot';
import {checkPlotZone, prepareZones, type ZoneCheck} from '../geo/zone-at';
import type {AppState} from './store';
import {photoNames} from './persistence/plot-store';
import {deltaFrom} from './record-delta';
import type {SaveState} from './plots-slice';

/** Memoise on the identity of the inputs: zustand replaces objects when they change. */
function memo<A extends readonly unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let last: {args: A; value: R} | null = null;
  return (...args: A) => {
    if (last && last.args.length === args.length && last.args.every((a, i) => a === args[i])) return last.value;
    const value = compute(...args);
    last = {args, value};
    return value;
  };
}

// Newest first. `updated` is an ISO timestamp: compared as plain text, which is its order, and
// far cheaper than localeCompare over 10,000 plots.
const newestFirst = (a: Plot, b: Plot) => (a.properties.updated < b.properties.updated ? 1 : a.properties.updated > b.properties.updated ? -1 : 0);

/**
 * The plots newest first, kept from one state to the next: when no plot object changed (a save
 * confirmed, a version bumped) it is the same array, so every selector keyed on it is skipped;
 * when a few changed, they are taken out and put back in order (binary search), not all 10,000
 * sorted again (issue 11).
 */
function plotListKeeper(): (plots: AppState['plots']) => Plot[] {
  let last: {plots: AppState['plots']; list: Plot[]} | null = null;
  return (plots) => {
    if (last?.plots === plots) return last.list;
    const ids = last ? deltaFrom(last.plots, plots) : null;
    const list = last ? (ids ? editedList(last.plots, last.list, plots, ids) : updatedList(last.plots, last.list, plots)) : null;
    last = {plots, list: list ?? Object.values(plots).map((r) => r.plot).sort(newestFirst)};
    return last.list;
  };
}

/** How a list was made from the one before it: these plots taken out, those put in (see spliceEdit). */
type ListEdit = {readonly base: readonly Plot[]; readonly removed: readonly Plot[]; readonly added: readonly Plot[]};
const listEdits = new WeakMap<readonly Plot[], ListEdit>();

/** Where `plot` (the object) is in `list`, newest first: found by its edit time, then by identity. */
function indexOfPlot(list: readonly Plot[], plot: Plot): number {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (newestFirst(list[mid]!, plot) < 0) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < list.length && newestFirst(list[i]!, plot) === 0; i++) if (list[i] === plot) return i;
  return list.indexOf(plot);
}

/**
 * `list` with `removed` taken out and `added` put in their places, newest first, as a new
 * array; `onRemove`/`onInsert` see each step's index, so a parallel array can follow.
 */
function spliceEdit(list: readonly Plot[], removed: readonly Plot[], added: readonly Plot[],
  onRemove?: (at: number) => void, onInsert?: (at: number, plot: Plot) => void): Plot[] | null {
  const out = list.slice();
  for (const plot of removed) {
    const at = indexOfPlot(out, plot);
    if (at < 0) return null;
    out.splice(at, 1);
    onRemove?.(at);
  }
  for (const plot of added) {
    const at = insertNewestFirst(out, plot);
    onInsert?.(at, plot);
  }
  return out;
}

/** Puts `plot` into `list` (sorted newestFirst) where it belongs, after its equals; returns where. */
function insertNewestFirst(list: Plot[], plot: Plot): number {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (newestFirst(list[mid]!, plot) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, plot);
  return lo;
}

/** `list` (the order of `before`) brought to `after`, which changed only `ids` (record-delta.ts). */
function editedList(before: AppState['plots'], list: Plot[], after: AppState['plots'], ids: readonly string[]): Plot[] | null {
  const removed: Plot[] = [];
  const added: Plot[] = [];
  for (const id of ids) {
    const was = before[id]?.plot;
    const now = after[id]?.plot;
    if (was === now) continue;
    if (was) removed.push(was);
    if (now) added.push(now);
  }
  if (removed.length === 0 && added.length === 0) return list;
  const out = spliceEdit(list, removed, added);
  if (out) listEdits.set(out, {base: list, removed, added});
  return out;
}

/** `list` (the order of `before`) brought to `after`; null when too much changed to be worth it. */
function updatedList(before: AppState['plots'], list: Plot[], after: AppState['plots']): Plot[] | null {
  const changed: Plot[] = [];
  let count = 0;
  for (const id in after) {
    count++;
    const plot = after[id]!.plot;
    if (before[id]?.plot !== plot) {
      changed.push(plot);
      if (changed.length > 64) return null;
    }
  }
  // Ids gone: as many as the list had that `after` does not hold again.
  const gone = list.length + changed.filter((p) => !(p.properties.id in before)).length - count;
  if (changed.length === 0 && gone === 0) return list;
  if (gone > 64) return null;
  const out = gone > 0 || changed.length > 0 ? list.filter((p) => after[p.properties.id]?.plot === p) : list;
  for (const plot of changed.sort(newestFirst)) insertNewestFirst(out, plot);
  return out;
}

const plotListOf = plotListKeeper();

/** How many plots are in memory: the length of the kept list, not another pass over 10,000 keys. */
export const selectPlotCount = (s: AppState): number => plotListOf(s.plots).length;

/** Every plot in memory, newest edit first. */
export const selectPlotList = (s: AppState): Plot[] => plotListOf(s.plots);

/** Whether the filters leave out or roll back any plot (all empty: every plot as it is). */
export const filtersNarrow = (f: AppState['filters']): boolean =>
  f.asOf !== null || f.from !== null || f.to !== null || f.statuses.length > 0 || f.measures.length > 0 || f.teams.length > 0;

// No filter set: the list itself, so that what is keyed on the filtered plots sees the same
// array as what is keyed on the list (no second pass over 10,000 plots per edit).
const filteredOfList = memo((list: readonly Plot[], filters: AppState['filters']): Plot[] =>
  filtersNarrow(filters) ? filterPlots(list, filters) : (list as Plot[]));
const filteredMemo = (plots: AppState['plots'], filters: AppState['filters']): Plot[] => filteredOfList(plotListOf(plots), filters);

/**
 * The plots as the filters and the “as of” day show them: what the map, the dashboard, the
 * tally and every export use. Newest edit first.
 */
export const selectFilteredPlots = (s: AppState): Plot[] => filteredMemo(s.plots, s.filters);

const listedOf = memo((list: readonly Plot[], filtered: readonly Plot[]): Plot[] => {
  // Unfiltered, the filtered plots are the list itself.
  if (filtered === list) return filtered as Plot[];
  if (filtered.length === list.length && filtered.every((p, i) => p === list[i])) return filtered as Plot[];
  const shown = new Set(filtered.map((p) => p.properties.id));
  return list.filter((p) => shown.has(p.properties.id));
});
const listedMemo = (plots: AppState['plots'], filters: AppState['filters']): Plot[] => listedOf(plotListOf(plots), filteredMemo(plots, filters));

/**
 * The plot list's rows: the same plots the map shows under the filters (issue 12), each as it
 * stands now (editable), not rolled back to the “as of” day. Newest edit first.
 */
export const selectListedPlots = (s: AppState): Plot[] => listedMemo(s.plots, s.filters);

/** A plot's name and id in lower case, for the list's search: worked out once per plot object, not at every keystroke or edit. */
const searchTexts = new WeakMap<Plot, readonly [string, string]>();
function searchTextOf(plot: Plot): readonly [string, string] {
  let text = searchTexts.get(plot);
  if (!text) searchTexts.set(plot, (text = [plot.properties.name.toLowerCase(), plot.properties.id.toLowerCase()]));
  return text;
}
const matchesSearch = (plot: Plot, query: string) => {
  const [name, id] = searchTextOf(plot);
  return name.includes(query) || id.includes(query);
};

/**
 * The plot list's search (`query` in lower case, trimmed; empty: every plot), kept from one list
 * to the next: when the list was made from the last one by a known edit (a save: one plot out,
 * its new version in), only those plots are looked at, not all 10,000 again (issue 11). The
 * result is in the list's order, as a full filter would give it.
 *
 * @example
 * const search = plotSearchKeeper();
 * search(selectListedPlots(state), 'plot-12');
 */
export function plotSearchKeeper(): (list: readonly Plot[], query: string) => readonly Plot[] {
  let last: {list: readonly Plot[]; query: string; found: readonly Plot[]} | null = null;
  return (list, query) => {
    if (!query) return list;
    if (last && last.list === list && last.query === query) return last.found;
    const edit = last && last.query === query ? listEdits.get(list) : undefined;
    const found = edit && edit.base === last!.list
      ? spliceEdit(last!.found, edit.removed.filter((p) => matchesSearch(p, query)), edit.added.filter((p) => matchesSearch(p, query)))
      : null;
    last = {list, query, found: found ?? list.filter((p) => matchesSearch(p, query))};
    return last.found;
  };
}

const plotFeatures: PlotFeatureCache = new WeakMap();

/**
 * The ids in one save state (`not-saved`: whose save failed), kept as the same array while they
 * stay the same: a save going from “saving” to “saved” changes `saveState` but not what the map
 * or the header show, so nothing keyed on these is worked out again over 10,000 plots (issue 11).
 */
function idsInStateKeeper(wanted: SaveState['state']): (saveState: AppState['saveState']) => readonly string[] {
  let last: {saveState: AppState['saveState']; ids: readonly string[]} | null = null;
  return (saveState) => {
    if (last?.saveState === saveState) return last.ids;
    // A save notes the one plot it changed (saving → saved, an entry added then removed):
    // if that plot neither was nor is in the state wanted, the list is the same.
    const changed = last ? deltaFrom(last.saveState, saveState) : null;
    if (last && changed && changed.every((id) => saveState[id]?.state !== wanted && !last!.ids.includes(id))) {
      last = {saveState, ids: last.ids};
      return last.ids;
    }
    const ids: string[] = [];
    for (const id in saveState) if (saveState[id]!.state === wanted) ids.push(id);
    const same = last !== null && last.ids.length === ids.length && ids.every((id, i) => id === last!.ids[i]);
    last = {saveState, ids: same ? last!.ids : ids};
    return last.ids;
  };
}

const notSavedIdsOf = idsInStateKeeper('not-saved');
const savingIdsOf = idsInStateKeeper('saving');

const SAVED: SaveState = {state: 'saved'};

/**
 * Where a plot's latest edit is: “saved” for a plot shown with no entry in `saveState` (which
 * holds only the plots not stored yet), undefined for a plot the page does not have.
 */
export const selectSaveState = (s: Pick<AppState, 'plots' | 'saveState'>, plotId: string): SaveState | undefined =>
  Object.hasOwn(s.saveState, plotId) ? s.saveState[plotId] : Object.hasOwn(s.plots, plotId) ? SAVED : undefined;

/** Whether a write is under way (a plot “saving”): its figures are not shown yet. */
export const selectSaving = (s: AppState): boolean => savingIdsOf(s.saveState).length > 0;

type CollectionInputs = {
  readonly plots: AppState['plots'];
  readonly filtered: readonly Plot[];
  readonly notSaved: readonly string[];
  readonly selected: string | null;
};

const flagsOf = (notSaved: readonly string[], selected: string | null) => {
  const unsaved = new Set(notSaved);
  return (p: Plot) => ({unsaved: unsaved.has(p.properties.id), selected: p.properties.id === selected});
};

/**
 * The last collection with the plots that changed patched in (an edit: one plot; a selection:
 * two), the change noted for the map's diff (catalogue/collection-diffs.ts); null when the
 * filtered plots were not made from the last ones by a known edit, and all are drawn again.
 */
function patchedCollection(last: CollectionInputs & {readonly collection: FeatureCollection}, next: CollectionInputs): FeatureCollection | null {
  const flags = flagsOf(next.notSaved, next.selected);
  const featureOf = (p: Plot) => plotsCollection([p], flags, plotFeatures).features[0]!;
  const features = last.collection.features.slice();
  const remove: (string | number)[] = [];
  const add: Feature[] = [];
  if (next.filtered !== last.filtered) {
    const edit = listEdits.get(next.filtered);
    if (!edit || edit.base !== last.filtered) return null;
    const replayed = spliceEdit(last.filtered, edit.removed, edit.added,
      (at) => remove.push(features.splice(at, 1)[0]!.id!),
      (at, plot) => {
        const feature = featureOf(plot);
        features.splice(at, 0, feature);
        add.push(feature);
      });
    if (!replayed || replayed.length !== next.filtered.length) return null;
  }
  // Plots whose flags may have changed: the selection before and now, and saves that failed or came through.
  const recheck = new Set([last.selected, next.selected].filter((id): id is string => id !== null && last.selected !== next.selected));
  if (last.notSaved !== next.notSaved) {
    const was = new Set(last.notSaved);
    const now = new Set(next.notSaved);
    for (const id of was) if (!now.has(id)) recheck.add(id);
    for (const id of now) if (!was.has(id)) recheck.add(id);
  }
  for (const id of recheck) {
    const plot = next.plots[id]?.plot;
    if (!plot) continue;
    // Not among the filtered plots as such (filtered out, or rolled back to the “as of” day): drawn again in full.
    const at = indexOfPlot(next.filtered, plot);
    if (at < 0) return null;
    const feature = featureOf(plot);
    if (features[at] === feature) continue;
    features[at] = feature;
    remove.push(id);
    add.push(feature);
  }
  const collection: FeatureCollection = {type: 'FeatureCollection', features};
  noteCollectionDiff(collection, last.collection, {removeAll: false, remove, add});
  return collection;
}

function plotsCollectionKeeper(): (next: CollectionInputs) => FeatureCollection {
  let last: (CollectionInputs & {collection: FeatureCollection}) | null = null;
  return (next) => {
    if (last && last.filtered === next.filtered && last.notSaved === next.notSaved && last.selected === next.selected) return last.collection;
    const patched = last && next.filtered.length > 0 ? patchedCollection(last, next) : null;
    last = {...next, collection: patched ?? plotsCollection(next.filtered, flagsOf(next.notSaved, next.selected), plotFeatures)};
    return last.collection;
  };
}

const plotsCollectionOf = plotsCollectionKeeper();

export const selectPlotsCollection = (s: AppState): FeatureCollection =>
  plotsCollectionOf({plots: s.plots, filtered: filteredMemo(s.plots, s.filters), notSaved: notSavedIdsOf(s.saveState), selected: s.selectedPlotId});

const draftMemo = memo((geometry: AppState['draftGeometry'], vertices: AppState['walk']['vertices'], tool: AppState['tool']) =>
  draftCollection(geometry, tool === 'walk' ? vertices : []));

export const selectDraftCollection = (s: AppState): FeatureCollection => draftMemo(s.draftGeometry, s.walk.vertices, s.tool);

const importPreviewMemo = memo((preview: AppState['importPreview']) => importPreviewCollection(preview));

/** A staged import's plots for the map's preview layers. */
export const selectImportPreviewCollection = (s: AppState): FeatureCollection => importPreviewMemo(s.importPreview);

/**
 * The stored plots under the filters, in no particular order: what the tally and the team
 * figures count. A memo of its own, so that it and the shown plots' (`plots`, not
 * `storedPlots`) do not evict each other at every change.
 */
const filteredStoredMemo = memo((stored: AppState['storedPlots'], filters: AppState['filters']): Plot[] =>
  filterPlots(Object.values(stored).map((r) => r.plot), filters));

/**
 * The tally kept plot by plot (geo/tally-index.ts): a change of a few plots redoes only their
 * dissolve clusters. Rebuilt when the zones or the undated rule change, or when most of the
 * plots did (a first load, another set of filters).
 */
let kept: {index: TallyIndex; zones: readonly SubsidenceZone[]; undated: 'count' | 'leave-out'} | null = null;

function keptTally(plots: readonly Plot[], zones: readonly SubsidenceZone[], undated: 'count' | 'leave-out', asOf: string): Tally {
  if (!kept || kept.zones !== zones || kept.undated !== undated) {
    kept = {index: new TallyIndex(plots, {zones, undated}), zones, undated};
    return kept.index.tally(asOf);
  }
  const index = kept.index;
  const changed = plots.filter((p) => index.get(p.properties.id) !== p);
  const seen = new Set<string>();
  for (const p of plots) seen.add(p.properties.id);
  const gone = index.size + changed.length - plots.length > 0 ? [...index.ids()].filter((id) => !seen.has(id)) : [];
  if (changed.length + gone.length > Math.max(64, plots.length / 2)) {
    kept = {index: new TallyIndex(plots, {zones, undated}), zones, undated};
    return kept.index.tally(asOf);
  }
  for (const id of gone) index.remove(id);
  for (const p of changed) index.set(p);
  return index.tally(asOf);
}

const zonesMemo = memo((geodata: AppState['geodata']) => subsidenceZones({geodata}));

const tallyMemo = memo((plots: AppState['storedPlots'], filters: AppState['filters'], geodata: AppState['geodata'], asOf: string): Tally =>
  keptTally(filteredStoredMemo(plots, filters), zonesMemo(geodata), filters.asOf ? 'leave-out' : 'count', asOf));

/** A fresh tally, for filters other than the store's (a slide's): leaves the kept one alone. */
export const tallyWithFilters = (s: AppState, filters: AppState['filters'], asOf: string): Tally =>
  tallyPlots(filterPlots(Object.values(s.storedPlots).map((r) => r.plot), filters), {asOf: filters.asOf ?? asOf, zones: zonesMemo(s.geodata), undated: filters.asOf ? 'leave-out' : 'count'});

/**
 * The programme tally over the filtered plots as storage confirmed them (an edit not yet
 * saved counts as its last stored version; a plot never saved not at all), the same function
 * `npm run tally` uses. `asOf` is the day when no “as of” filter is set (usually today); the
 * filter's day wins, and then claims with no completion date are left out (and counted in
 * `undatedLeftOut`), as `npm run tally -- --as-of` does.
 */
export const selectTally = (s: AppState, asOf: string): Tally =>
  s.workerTally ? s.workerTally.tally : tallyMemo(s.storedPlots, s.filters, s.geodata, s.filters.asOf ?? asOf);

/**
 * Whether `selectTally` already counts the stored plots as they are now: false while the tally
 * worker has a change in hand (its last answer is for the plots before it). The header shows
 * the figure as being updated then, instead of passing an old total off as the current one.
 */
export const selectTallyCurrent = (s: AppState): boolean => !s.workerTally || s.workerTally.current;

/** What the tally counts: the stored plots under the filters, the zones, and the undated rule (for the tally worker). */
export const selectTallyInputs = (s: AppState): {plots: readonly Plot[]; zones: readonly SubsidenceZone[]; undated: 'count' | 'leave-out'} => ({
  plots: filteredStoredMemo(s.storedPlots, s.filters),
  zones: zonesMemo(s.geodata),
  undated: s.filters.asOf ? 'leave-out' : 'count',
});

const notSavedMemo = memo((plots: AppState['plots'], ids: readonly string[]): Plot[] =>
  ids.flatMap((id) => {
    const shown = plots[id];
    return shown ? [shown.plot] : [];
  }));

/** Plots shown whose current version storage does not hold: shown apart from the official figures. */
export const selectNotSavedPlots = (s: AppState): Plot[] => notSavedMemo(s.plots, notSavedIdsOf(s.saveState));

/** Today as YYYY-MM-DD in local time: the tally's default “as of” day. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const teamMemo = memo((plots: AppState['plots'], filters: AppState['filters'], geodata: AppState['geodata'], asOf: string): TeamFigure[] =>
  teamFigures(filteredStoredMemo(plots, filters), asOf, zonesMemo(geodata)));

/** Each team's remediated land over the filtered plots (see teamFigures). */
export const selectTeamFigures = (s: AppState, asOf: string): TeamFigure[] => teamMemo(s.storedPlots, s.filters, s.geodata, s.filters.asOf ?? asOf);

const preparedZonesMemo = memo((geodata: AppState['geodata']) => ({zones: prepareZones(subsidenceZones({geodata})), checks: new WeakMap<Plot, ZoneCheck>()}));

const zoneChecksMemo = memo((filtered: readonly Plot[], geodata: AppState['geodata']): ReadonlyMap<string, ZoneCheck> => {
  // Checked once per plot object and zone set: editing one plot re-checks that plot only.
  const {zones, checks} = preparedZonesMemo(geodata);
  return new Map(filtered.map((p) => {
    let check = checks.get(p);
    if (!check) checks.set(p, (check = checkPlotZone(p, zones)));
    return [p.properties.id, check];
  }));
});

/** Each filtered plot's zone attribute checked against where it lies (zone-at.ts), by plot id. */
export const selectZoneChecks = (s: AppState): ReadonlyMap<string, ZoneCheck> => zoneChecksMemo(filteredMemo(s.plots, s.filters), s.geodata);

/**
 * What the photo strip's read depends on: the photos the plot names (`properties.photos`), so
 * an edit of its fields does not read its photos again. A plot that names none (never had one
 * added since photos were named) falls back to its version, as before.
 */
export function selectPhotoSetKey(s: Pick<AppState, 'plots'>, plotId: string | null): string {
  if (!plotId) return '';
  const record = s.plots[plotId];
  if (!record) return 'none';
  const names = photoNames(record.plot);
  return names ? `names:${names.join(',')}` : `version:${record.version}`;
}
