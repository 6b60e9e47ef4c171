import type {StateCreator} from 'zustand';
import type {MeasureCode, PlotStatus} from '../../seeds/programme';
import {plotAsOf} from '../geo/plot';
import type {Plot} from '../geo/plot';
import type {AppState} from './store';

/**
 * What the planner narrows the plots to. An empty list means “all”. `from`/`to` bound the
 * completion date (YYYY-MM-DD, both included); `asOf` shows the programme as it stood at the
 * end of that day (null: as it stands now).
 */
export type PlotFilters = {
  readonly statuses: readonly PlotStatus[];
  readonly measures: readonly MeasureCode[];
  readonly teams: readonly string[];
  readonly from: string | null;
  readonly to: string | null;
  readonly asOf: string | null;
};

export const NO_FILTERS: PlotFilters = {statuses: [], measures: [], teams: [], from: null, to: null, asOf: null};

export type FiltersSlice = {
  filters: PlotFilters;
  setFilters: (patch: Partial<PlotFilters>) => void;
  resetFilters: () => void;
};

export const createFiltersSlice: StateCreator<AppState, [], [], FiltersSlice> = (set) => ({
  filters: NO_FILTERS,
  setFilters: (patch) => set((s) => ({filters: normaliseFilters({...s.filters, ...patch})})),
  resetFilters: () => set({filters: NO_FILTERS}),
});

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayOrNull = (v: unknown): string | null => (typeof v === 'string' && ISO_DAY.test(v) ? v : null);
const stringList = <T extends string>(v: unknown): T[] => (Array.isArray(v) ? [...new Set(v.filter((x): x is T => typeof x === 'string'))] : []);

/** Filters from anywhere (a slide file, a stored slide) made well-formed; junk becomes “no filter”. */
export function normaliseFilters(raw: unknown): PlotFilters {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    statuses: stringList<PlotStatus>(r.statuses),
    measures: stringList<MeasureCode>(r.measures),
    teams: stringList<string>(r.teams),
    from: dayOrNull(r.from),
    to: dayOrNull(r.to),
    asOf: dayOrNull(r.asOf),
  };
}

export function filtersAreActive(f: PlotFilters): boolean {
  return f.statuses.length > 0 || f.measures.length > 0 || f.teams.length > 0 || f.from !== null || f.to !== null || f.asOf !== null;
}

export {plotAsOf};

/**
 * The plots the map, the dashboard and the exports show: first rolled back to `asOf`, then
 * narrowed by status, measure, team and completion date. Plots without a completion date
 * drop out once a date range is set.
 */
export function filterPlots(plots: readonly Plot[], f: PlotFilters): Plot[] {
  const out: Plot[] = [];
  for (const original of plots) {
    const plot = f.asOf ? plotAsOf(original, f.asOf) : original;
    const p = plot.properties;
    if (f.statuses.length > 0 && !f.statuses.includes(p.status)) continue;
    if (f.measures.length > 0 && !f.measures.includes(p.measure)) continue;
    if (f.teams.length > 0 && !f.teams.includes(p.team)) continue;
    if (f.from !== null || f.to !== null) {
      const day = p.completed?.slice(0, 10);
      if (!day || (f.from !== null && day < f.from) || (f.to !== null && day > f.to)) continue;
    }
    out.push(plot);
  }
  return out;
}
