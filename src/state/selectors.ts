import type {FeatureCollection} from 'geojson';
import {draftCollection, plotsCollection} from '../catalogue/plots';
import type {Plot} from '../geo/plot';
import {tallyPlots} from '../geo/tally';
import type {Tally} from '../geo/tally';
import {subsidenceZones} from './new-plot';
import type {AppState} from './store';

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

const plotListOf = memo((plots: AppState['plots']): Plot[] =>
  Object.values(plots).map((r) => r.plot).sort((a, b) => b.properties.updated.localeCompare(a.properties.updated)));

/** Every plot in memory, newest edit first. */
export const selectPlotList = (s: AppState): Plot[] => plotListOf(s.plots);

const plotsCollectionMemo = memo((plots: AppState['plots'], saveState: AppState['saveState'], selected: string | null) =>
  plotsCollection(plotListOf(plots), (p) => ({
    unsaved: saveState[p.properties.id]?.state === 'not-saved',
    selected: p.properties.id === selected,
  })));

export const selectPlotsCollection = (s: AppState): FeatureCollection =>
  plotsCollectionMemo(s.plots, s.saveState, s.selectedPlotId);

const draftMemo = memo((geometry: AppState['draftGeometry'], vertices: AppState['walk']['vertices'], tool: AppState['tool'], preview: AppState['importPreview']) =>
  draftCollection(geometry, tool === 'walk' ? vertices : [], preview));

export const selectDraftCollection = (s: AppState): FeatureCollection => draftMemo(s.draftGeometry, s.walk.vertices, s.tool, s.importPreview);

const tallyMemo = memo((plots: AppState['plots'], geodata: AppState['geodata'], asOf: string): Tally =>
  tallyPlots(plotListOf(plots), {asOf, zones: subsidenceZones({geodata})}));

/** The programme tally over the plots in memory, the same function `npm run tally` uses. */
export const selectTally = (s: AppState, asOf: string): Tally => tallyMemo(s.plots, s.geodata, asOf);

/** Today as YYYY-MM-DD in local time: the tally's default “as of” day. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
