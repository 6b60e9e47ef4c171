import type {Plot} from '../plot';
import {validatePlot, type ValidationReason} from '../validate';
import {csvReader} from './csv';
import {geoJsonReader, readGeoJsonText} from './geojson';
import {geoPackageReader} from './geopackage';
import {gpxReader} from './gpx';
import {kmlReader, kmzReader} from './kml';
import type {PlotReader} from './plot-reader';
import {shapefileReader} from './shapefile';

export type {PlotReader, ReaderResult, RawFeature} from './plot-reader';

/**
 * The readers tried in order by `importPlotFile` (import-plot-file.ts): by file name first,
 * then by content; GeoJSON is the fallback. A new format plugs in by adding its reader here.
 */
export const PLOT_READERS: readonly PlotReader[] = [geoJsonReader, kmzReader, kmlReader, gpxReader, shapefileReader, geoPackageReader, csvReader];

export type RejectedFeature = {
  readonly file: string;
  readonly index: number;
  readonly id: string | number | null;
  readonly reasons: readonly ValidationReason[];
};

export type ImportResult =
  | {readonly ok: true; readonly file: string; readonly features: number; readonly plots: readonly Plot[]; readonly rejected: readonly RejectedFeature[]; readonly warned: readonly RejectedFeature[]}
  | {readonly ok: false; readonly file: string; readonly cause: string};

const BOM = '\uFEFF';

/** The feature's `properties.id`, else its `id`, else null. */
function featureId(feature: unknown): string | number | null {
  if (typeof feature !== 'object' || feature === null) return null;
  const f = feature as {id?: unknown; properties?: unknown};
  const props = typeof f.properties === 'object' && f.properties !== null ? (f.properties as {id?: unknown}) : {};
  for (const v of [props.id, f.id]) if (typeof v === 'string' || typeof v === 'number') return v;
  return null;
}

/**
 * The strict synchronous path for GeoJSON text already in the app's plot model: features are
 * validated exactly as they are (no attribute mapping, no defaults, no reprojection).
 * Files from other tools go through `importPlotFile`, which maps and reports.
 */
export function importPlots(file: string, text: string): ImportResult {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const outcome = readGeoJsonText(body);
  if (!outcome.ok) return {ok: false, file, cause: outcome.cause};
  const plots: Plot[] = [];
  const rejected: RejectedFeature[] = [];
  const warned: RejectedFeature[] = [];
  outcome.features.forEach((feature, index) => {
    const {valid, reasons} = validatePlot(feature);
    const entry = {file, index, id: featureId(feature), reasons};
    if (!valid) rejected.push(entry);
    else {
      plots.push(feature as Plot);
      if (reasons.length > 0) warned.push(entry);
    }
  });
  return {ok: true, file, features: outcome.features.length, plots, rejected, warned};
}

/** Bytes from disk or a browser File as text: UTF-8, invalid sequences replaced, BOM kept for importPlots to drop. */
export function decodePlotFile(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', {ignoreBOM: true}).decode(bytes);
}
