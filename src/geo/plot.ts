import type {Feature, MultiPolygon, Polygon} from 'geojson';
import {STATUSES, type MeasureCode, type PlotStatus} from '../../seeds/programme';

/** The geometry a plot may have: one area, or several parts that belong together. */
export type PlotGeometry = Polygon | MultiPolygon;

/**
 * What the field team records about a plot. Dates are ISO 8601: `completed` a calendar date
 * (YYYY-MM-DD, when the works finished; null while not finished), `updated` a timestamp of
 * the last edit.
 */
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
};

/** A remediation plot: a GeoJSON Feature (RFC 7946) with a Polygon or MultiPolygon. */
export type Plot = Feature<PlotGeometry, PlotProperties>;

const REMEDIATED = new Set<PlotStatus>(STATUSES.filter((s) => s.countsAsRemediated).map((s) => s.code));

/** Whether a plot in this status counts towards the remediated area (`remediated` or `verified`). */
export function statusCountsAsRemediated(status: PlotStatus): boolean {
  return REMEDIATED.has(status);
}
