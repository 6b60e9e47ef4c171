import {geojsonToWKT} from '@terraformer/wkt';
import {polygonAreaSquareMeters} from '../area';
import type {Plot, PlotGeometry} from '../plot';
import {squareMetersToMu} from '../units';
import {polygonsOf, roundTo} from './plot-coordinates';
import {looksLikeFormula} from '../csv-formula';

export const CSV_COLUMNS = ['id', 'name', 'zone', 'measure', 'status', 'completed', 'team', 'notes', 'updated', 'area_m2', 'area_mu', 'wkt', 'extra'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * A CSV worded for its reader (src/i18n/csv-words.ts words it): a header for every column,
 * and a label column after the measure and the status codes, with the label of each code.
 * Every header must be one the importer reads back (plot-attributes.ts: field aliases, the
 * derived and label columns it skips, `extra`), so the file re-imports to the same plots.
 */
export type PlotCsvWords = {
  readonly headers: Readonly<Record<CsvColumn, string>>;
  readonly measureLabel: {readonly header: string; readonly of: (code: string) => string};
  readonly statusLabel: {readonly header: string; readonly of: (code: string) => string};
};

/** A text cell made safe for Excel: a leading apostrophe keeps a formula-like value as text. */
export function escapeCsvText(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

/** RFC 4180 quoting: a cell with a comma, quote or line break is quoted, quotes doubled. */
const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

function roundedGeometry(geometry: PlotGeometry): PlotGeometry {
  const polygons = polygonsOf(geometry).map((rings) => rings.map((ring) => ring.map((p) => [roundTo(p[0]!, 7), roundTo(p[1]!, 7)])));
  return geometry.type === 'Polygon' ? {type: 'Polygon', coordinates: polygons[0]!} : {type: 'MultiPolygon', coordinates: polygons};
}

/**
 * Plots as CSV for Excel: UTF-8 with a byte-order mark (so Excel detects the encoding), CRLF
 * line ends (RFC 4180), one row per plot with its WKT (OGC 06-103r4, WGS84 lon/lat) and its
 * area on the CGCS2000 ellipsoid in square metres and mu, and last the imported attributes
 * no plot field takes (`properties.extra`) as one JSON object. Text cells that would start a
 * formula get a leading apostrophe; the area columns are plain numbers.
 */
export function plotsToCsv(plots: readonly Plot[], words?: PlotCsvWords): string {
  const headers = CSV_COLUMNS.map((c) => words?.headers[c] ?? c);
  // The label columns go right after their codes: …, measure, measure label, status, status label, ….
  if (words) {
    headers.splice(5, 0, words.statusLabel.header);
    headers.splice(4, 0, words.measureLabel.header);
  }
  const lines = [headers.map(quote).join(',')];
  for (const plot of plots) {
    const p = plot.properties;
    const areaSquareMeters = polygonAreaSquareMeters(plot.geometry);
    const cells: unknown[] = [p.id, p.name, p.zone, p.measure ?? '', p.status, p.completed ?? '', p.team, p.notes, p.updated];
    if (words) {
      cells.splice(5, 0, words.statusLabel.of(p.status));
      cells.splice(4, 0, p.measure ? words.measureLabel.of(p.measure) : '');
    }
    const text = cells.map((v) => quote(escapeCsvText(String(v ?? ''))));
    const extra = p.extra && Object.keys(p.extra).length > 0 ? quote(escapeCsvText(JSON.stringify(p.extra))) : '';
    lines.push([...text, areaSquareMeters.toFixed(2), squareMetersToMu(areaSquareMeters).toFixed(4), quote(geojsonToWKT(roundedGeometry(plot.geometry))), extra].join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
