import {geojsonToWKT} from '@terraformer/wkt';
import {polygonAreaSquareMeters} from '../area';
import type {Plot, PlotGeometry} from '../plot';
import {squareMetersToMu} from '../units';
import {polygonsOf, roundTo} from './plot-coordinates';
import {looksLikeFormula} from '../csv-formula';

export const CSV_COLUMNS = ['id', 'name', 'zone', 'measure', 'status', 'completed', 'team', 'notes', 'updated', 'area_m2', 'area_mu', 'wkt', 'extra'] as const;

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
export function plotsToCsv(plots: readonly Plot[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const plot of plots) {
    const p = plot.properties;
    const areaSquareMeters = polygonAreaSquareMeters(plot.geometry);
    const text = [p.id, p.name, p.zone, p.measure ?? '', p.status, p.completed ?? '', p.team, p.notes, p.updated].map((v) => quote(escapeCsvText(String(v ?? ''))));
    const extra = p.extra && Object.keys(p.extra).length > 0 ? quote(escapeCsvText(JSON.stringify(p.extra))) : '';
    lines.push([...text, areaSquareMeters.toFixed(2), squareMetersToMu(areaSquareMeters).toFixed(4), quote(geojsonToWKT(roundedGeometry(plot.geometry))), extra].join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
