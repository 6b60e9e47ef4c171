import {STATUSES, type PlotStatus} from '../../../seeds/programme';
import type {Lang} from '../../i18n/lang';
import type {Plot} from '../plot';
import {polygonsOf, roundTo} from './plot-coordinates';

/** Status colours as KML writes them (aabbggrr, KML 2.2 §16.9): grey planned, amber in progress, blue claimed, green verified. */
export const KML_STATUS_COLORS: Record<PlotStatus, {line: string; fill: string}> = {
  planned: {line: 'ff9e9e9e', fill: '669e9e9e'},
  in_progress: {line: 'ff0098ff', fill: '660098ff'},
  remediated: {line: 'ffd27619', fill: '66d27619'},
  verified: {line: 'ff3c8e38', fill: '663c8e38'},
};

/** XML text and attribute escaping (XML 1.0 §2.4): names and notes stay text in Google Earth and QGIS. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;'})[c]!);
}

const ringKml = (ring: readonly (readonly number[])[]) =>
  `<LinearRing><coordinates>${ring.map((p) => `${roundTo(p[0]!, 7)},${roundTo(p[1]!, 7)}`).join(' ')}</coordinates></LinearRing>`;

const polygonKml = (rings: readonly (readonly (readonly number[])[])[]) =>
  `<Polygon><outerBoundaryIs>${ringKml(rings[0]!)}</outerBoundaryIs>${rings.slice(1).map((r) => `<innerBoundaryIs>${ringKml(r)}</innerBoundaryIs>`).join('')}</Polygon>`;

/**
 * Plots as a KML 2.2 document (OGC 07-147r2) for Google Earth: one shared style per status
 * (outline and translucent fill, named in `lang`), the notes as the description, and every
 * plot field as ExtendedData so the file imports back without loss.
 */
export function plotsToKml(plots: readonly Plot[], lang: Lang = 'zh', documentName = lang === 'zh' ? '采煤沉陷区治理地块' : 'Remediation plots'): string {
  const styles = STATUSES.map((s) => `<Style id="status-${s.code}"><LineStyle><color>${KML_STATUS_COLORS[s.code].line}</color><width>2</width></LineStyle><PolyStyle><color>${KML_STATUS_COLORS[s.code].fill}</color></PolyStyle></Style>`);
  const placemarks = plots.map((plot) => {
    const p = plot.properties;
    const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    const data = (Object.keys(p) as (keyof typeof p)[]).map((k) => `<Data name="${escapeXml(k)}"><value>${escapeXml(cell(p[k]))}</value></Data>`).join('');
    const polygons = polygonsOf(plot.geometry);
    const geometry = polygons.length === 1 && plot.geometry.type === 'Polygon' ? polygonKml(polygons[0]!) : `<MultiGeometry>${polygons.map(polygonKml).join('')}</MultiGeometry>`;
    return `<Placemark><name>${escapeXml(p.name)}</name><description>${escapeXml(p.notes)}</description><styleUrl>#status-${p.status}</styleUrl><ExtendedData>${data}</ExtendedData>${geometry}</Placemark>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>${escapeXml(documentName)}</name>${styles.join('')}\n${placemarks.join('\n')}\n</Document></kml>\n`;
}
