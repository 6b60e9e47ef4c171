import type {Feature, MultiPolygon, Polygon} from 'geojson';
import {STATUSES, type MeasureCode, type PlotStatus} from '../../seeds/programme';

/** The geometry a plot may have: one area, or several parts that belong together. */
export type PlotGeometry = Polygon | MultiPolygon;

/**
 * What the field team records about a plot. Dates are ISO 8601: `completed` a calendar date
 * (YYYY-MM-DD, when the works finished; null while not finished), `updated` a timestamp of
 * the last edit.
 */
/**
 * A JSON value (RFC 8259), as attributes from other tools are kept. Nested members are typed
 * `unknown`: a recursive type here makes playwright's serialisable-argument types explode.
 */
export type JsonValue = string | number | boolean | null | readonly unknown[] | {readonly [key: string]: unknown};

export type PlotProperties = {
  readonly id: string;
  readonly name: string;
  readonly zone: string;
  readonly measure: MeasureCode;
  readonly status: PlotStatus;
  readonly completed: string | null;
  readonly team: string;
  readonly notes: string;
  readonly updated: string;
  /**
   * Attributes from an imported file that no plot field takes (a survey's 面积, 图斑号…),
   * kept with the plot through storage, exports and backups, never interpreted.
   */
  readonly extra?: Readonly<Record<string, JsonValue>>;
};

/** A remediation plot: a GeoJSON Feature (RFC 7946) with a Polygon or MultiPolygon. */
export type Plot = Feature<PlotGeometry, PlotProperties>;

const REMEDIATED = new Set<PlotStatus>(STATUSES.filter((s) => s.countsAsRemediated).map((s) => s.code));

/** Whether a plot in this status counts towards the remediated area (`remediated` or `verified`). */
export function statusCountsAsRemediated(status: PlotStatus): boolean {
  return REMEDIATED.has(status);
}

/**
 * A plot as it stood at the end of `asOf` (YYYY-MM-DD): works completed later were not
 * finished then, so the plot counts as in progress with no completion date. A remediated plot
 * without a completion date is kept as it is: nothing says it was finished later. The app's
 * time slider and `npm run tally -- --as-of` both use this, so their figures agree.
 */
export function plotAsOf(plot: Plot, asOf: string): Plot {
  const completed = plot.properties.completed?.slice(0, 10);
  if (!completed || completed <= asOf) return plot;
  const status = plot.properties.status === 'planned' ? 'planned' : 'in_progress';
  return {...plot, properties: {...plot.properties, status, completed: null}};
}
