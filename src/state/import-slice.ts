import type {StateCreator} from 'zustand';
import {polygonAreaSquareMeters} from '../geo/area';
import type {Plot} from '../geo/plot';
import {differingFields, type FieldKey} from '../sync/merge';
import type {CommitResult, PlotRecord} from './persistence/plot-repository';
import type {AppState} from './store';

/**
 * Re-import: a staged plot whose id is already on this device is a match. It is never written
 * over silently: the report lists what differs, and the user picks one policy per import.
 */
export type ImportMatch = {
  readonly id: string;
  /** The plot and version as the report was made: an update is checked against this version. */
  readonly existing: PlotRecord;
  readonly incoming: Plot;
  /** Fields that differ (status and completion date are one field; the geometry is one). */
  readonly differing: readonly FieldKey[];
  readonly areaBeforeSquareMeters: number;
  readonly areaAfterSquareMeters: number;
};

/** skip the matches (default), import them as new plots with new ids, or update the existing plots. */
export type MatchPolicy = 'skip' | 'as-new' | 'update';
export const MATCH_POLICIES: readonly MatchPolicy[] = ['skip', 'as-new', 'update'];

export function importMatches(incoming: readonly Plot[], existing: Readonly<Record<string, PlotRecord>>): ImportMatch[] {
  const matches: ImportMatch[] = [];
  for (const plot of incoming) {
    const record = existing[plot.properties.id];
    if (!record) continue;
    matches.push({
      id: plot.properties.id,
      existing: record,
      incoming: plot,
      differing: differingFields(record.plot, plot),
      areaBeforeSquareMeters: polygonAreaSquareMeters(record.plot.geometry),
      areaAfterSquareMeters: polygonAreaSquareMeters(plot.geometry),
    });
  }
  return matches;
}

export type ImportOutcome = {
  readonly plot: Plot;
  readonly action: 'created' | 'updated' | 'skipped';
  readonly result: CommitResult | null;
};

export type ImportSlice = {
  /**
   * Commits an import: plots without a match as new plots; matches as `policy` says. Each
   * update is one history entry (undoable); an update whose plot changed since the report is
   * a conflict for the user to decide, as for any stale edit.
   */
  commitImport: (plots: readonly Plot[], matches: readonly ImportMatch[], policy: MatchPolicy, newId?: () => string) => Promise<ImportOutcome[]>;
};

export const createImportSlice: StateCreator<AppState, [], [], ImportSlice> = (_set, get) => ({
  commitImport: async (plots, matches, policy, newId = () => crypto.randomUUID()) => {
    const byId = new Map(matches.map((m) => [m.id, m]));
    const outcomes: ImportOutcome[] = [];
    for (const plot of plots) {
      const match = byId.get(plot.properties.id);
      if (match && policy === 'skip') {
        outcomes.push({plot, action: 'skipped', result: null});
        continue;
      }
      if (match && policy === 'update') {
        const result = await get().savePlot(plot, {baseVersion: match.existing.version, basePlot: match.existing.plot, origin: 'import'});
        outcomes.push({plot, action: 'updated', result});
        continue;
      }
      const fresh = match ? {...plot, properties: {...plot.properties, id: newId()}} : plot;
      // A new plot: refused (a conflict) if the id exists after all, never written over it.
      const result = await get().savePlot(fresh, {baseVersion: null, basePlot: null, origin: 'import'});
      outcomes.push({plot: fresh, action: 'created', result});
    }
    return outcomes;
  },
});
