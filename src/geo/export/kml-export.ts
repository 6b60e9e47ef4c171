import {STATUSES, type PlotStatus} from '../../../seeds/programme';
import type {Plot} from '../plot';
import {polygonsOf, roundTo} from './plot-coordinates';

/** How plots are drawn, handed in by the caller so the file matches the map (src/catalogue/plots.ts holds the app's). */
export type KmlPlotPalette = {
  /** `#rrggbb` per status. */
  readonly colors: Readonly<Record<PlotStatus, string>>;
  /** Opacity of a plot's fill, 0–1. */
  readonly fillOpacity: number;
};

export type KmlExportOptions = {
  readonly palette: KmlPlotPalette;
  /** The document's name in the reader's language (the UI words it: `data.kmlDocumentName`). */
  readonly documentName?: string;
};

/** `#rrggbb` and an opacity as KML's aabbggrr (KML 2.2 §16.9: alpha, blue, green, red). */
export function kmlColor(hex: string, opacity = 1): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const alpha = Math.round(Math.min(1, Math.max(0, opacity)) * 255).toString(16).padStart(2, '0');
  return `${alpha}${m[3]}${m[2]}${m[1]}`.toLowerCase();
}

/** XML text and attribute escaping (XML 1.0 §2.4): names and notes stay text in Google Earth and QGIS. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;'})[c]!);
}

/**
 * A KML description holding `text` as plain text. Google Earth renders a description's
 * character content as HTML (KML 2.2 §9.1.3.6), so XML escaping alone would hand it
 * `<script>`, `<img onerror>` or `<a href="javascript:">` as markup. The text is therefore
 * escaped twice: once for HTML (what Earth shows is exactly the characters), once for XML.
 * No CDATA: a CDATA section would pass markup through unescaped.
 */
export function kmlPlainTextDescription(text: string): string {
  return escapeXml(escapeXml(text));
}

const ringKml = (ring: readonly (readonly number[])[]) =>
  `<LinearRing><coordinates>${ring.map((p) => `${roundTo(p[0]!, 7)},${roundTo(p[1]!, 7)}`).join(' ')}</coordinates></LinearRing>`;

const polygonKml = (rings: readonly (readonly (readonly number[])[])[]) =>
  `<Polygon><outerBoundaryIs>${ringKml(rings[0]!)}</outerBoundaryIs>${rings.slice(1).map((r) => `<innerBoundaryIs>${ringKml(r)}</innerBoundaryIs>`).join('')}</Polygon>`;

/*
 * The balloon shows only the (plain-text) description: Earth's default balloon would also lay
 * out the name and every ExtendedData value, and it reads those as HTML too.
 */
const BALLOON = '<BalloonStyle><text>$[description]</text></BalloonStyle>';

/**
 * Plots as a KML 2.2 document (OGC 07-147r2) for Google Earth: one shared style per status
 * in the app's colours (outline and translucent fill), the notes as a plain-text description,
 * and every plot field as ExtendedData so the file imports back without loss.
 */
export function plotsToKml(plots: readonly Plot[], options: KmlExportOptions): string {
  const documentName = options.documentName ?? 'Remediation plots';
  const {colors, fillOpacity} = options.palette;
  const styles = STATUSES.map((s) => `<Style id="status-${s.code}"><LineStyle><color>${kmlColor(colors[s.code])}</color><width>2</width></LineStyle><PolyStyle><color>${kmlColor(colors[s.code], fillOpacity)}</color></PolyStyle>${BALLOON}</Style>`);
  const placemarks = plots.map((plot) => {
    const p = plot.properties;
    const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    const data = (Object.keys(p) as (keyof typeof p)[]).map((k) => `<Data name="${escapeXml(k)}"><value>${escapeXml(cell(p[k]))}</value></Data>`).join('');
    const polygons = polygonsOf(plot.geometry);
    const geometry = polygons.length === 1 && plot.geometry.type === 'Polygon' ? polygonKml(polygons[0]!) : `<MultiGeometry>${polygons.map(polygonKml).join('')}</MultiGeometry>`;
    return `<Placemark><name>${escapeXml(p.name)}</name><description>${kmlPlainTextDescription(p.notes)}</description><styleUrl>#status-${p.status}</styleUrl><ExtendedData>${data}</ExtendedData>${geometry}</Placemark>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>${escapeXml(documentName)}</name>${styles.join('')}\n${placemarks.join('\n')}\n</Document></kml>\n`;
}
