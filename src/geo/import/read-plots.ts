import type {Plot} from '../plot';
import {validatePlot, type ValidationReason} from '../validate';
import {geoJsonReader} from './geojson';

/** What a reader makes of a file: raw features, or why the file as a whole cannot be read. */
export type ReadOutcome = {readonly ok: true; readonly features: readonly unknown[]} | {readonly ok: false; readonly cause: string};

/** One input format. New formats (KML, shapefile, GPX) plug in by adding a reader to PLOT_READERS. */
export type PlotReader = {
  readonly format: string;
  readonly accepts: (fileName: string, text: string) => boolean;
  readonly read: (text: string) => ReadOutcome;
};

/** The readers tried in order; the last one is the fallback when no file name matches. */
export const PLOT_READERS: readonly PlotReader[] = [geoJsonReader];

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
 * The one pipeline every plot file goes through, whatever its format: decode (a UTF-8 BOM is
 * dropped), pick a reader, read raw features, validate each one. Valid plots come back typed;
 * rejected ones come back with their reasons. Pure: the caller reads the bytes.
 */
export function importPlots(file: string, text: string): ImportResult {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const reader = PLOT_READERS.find((r) => r.accepts(file, body)) ?? PLOT_READERS[PLOT_READERS.length - 1]!;
  const outcome = reader.read(body);
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
