import {kml} from '@tmcw/togeojson';
import type {Feature} from 'geojson';
import {checkDeadline, ownRecord, unreadable, type PlotReader, type RawFeature, type ReaderInput, type ReaderResult} from './plot-reader';
import type {ImportNotice} from './staged-import';
import {loadXmlParser, parseXml} from './xml';
import {placemarkGeometry} from './xml-coordinates';
import {isZip, unzipEntries} from './zip';

/** simplestyle-spec keys togeojson derives from KML styles: presentation, not data. */
export const STYLE_KEYS = new Set(['@geometry-type', 'styleUrl', 'styleHash', 'styleMapHash', 'stroke', 'stroke-opacity', 'stroke-width', 'fill', 'fill-opacity', 'icon', 'icon-opacity', 'icon-scale', 'icon-color', 'icon-heading', 'icon-offset', 'icon-offset-units', 'label-scale', 'label-color', 'label-opacity', 'visibility']);

/** togeojson wraps a description holding markup as {"@type": "html", value}: the value is kept, as text. */
function htmlAsText(value: unknown): unknown {
  const v = value as {'@type'?: unknown; value?: unknown} | null;
  return typeof v === 'object' && v !== null && v['@type'] === 'html' && typeof v.value === 'string' ? v.value : value;
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0'};

/**
 * A description is HTML (KML 2.2 §9.1.3.6), so `&lt;b&gt;` in it is what Earth shows as the
 * characters `<b>`: character references are read as the characters they stand for (this is
 * how the app's own export writes plain text). Tags stay as characters, never interpreted.
 */
export function descriptionText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos|nbsp);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return HTML_ENTITIES[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

/** The hrefs of a document's NetworkLinks (KML 2.2 §10.1: Link/href, or the older Url/href). */
function networkLinkHrefs(doc: Document): string[] {
  return Array.from(doc.getElementsByTagName('NetworkLink')).map((link) => link.getElementsByTagName('href')[0]?.textContent?.trim() ?? '');
}

/**
 * Placemarks of a KML document (OGC 07-147r2): attributes through @tmcw/togeojson, geometry
 * through the strict reader of xml-coordinates.ts (togeojson's drops and repairs silently). Names and descriptions
 * stay the exact text of the file: HTML in them is kept as characters, never interpreted.
 * NetworkLinks are never fetched: inside a KMZ, one whose href names another entry of the
 * same archive (as GDAL's LIBKML driver writes them) is read from the archive; every other
 * link is counted and reported, and the import fetches nothing.
 */
export function readKmlBytes(bytes: Uint8Array, input: ReaderInput, archive: Readonly<Record<string, Uint8Array>> = {}): ReaderResult {
  const features: RawFeature[] = [];
  const visited = new Set<string>();
  let skipped = 0;
  let encoding = 'utf-8';
  const visit = (data: Uint8Array, label: string): ReaderResult | null => {
    const parsed = parseXml(data, input.options.encoding ?? null);
    if (!parsed.ok) return parsed.result;
    encoding = parsed.encoding;
    const root = parsed.doc.documentElement;
    if (root?.localName !== 'kml') return unreadable(`the root element of ${label} is <${root?.localName ?? ''}>, not <kml>`);
    let index = 0;
    // togeojson yields one feature per Placemark first, in document order (kmlGen): the
    // geometry is read again from the same element by the strict reader in xml-coordinates.ts.
    const placemarks = Array.from(parsed.doc.getElementsByTagName('Placemark'));
    for (const [i, f] of (kml(parsed.doc).features as Feature[]).entries()) {
      checkDeadline(input);
      // togeojson describes each NetworkLink as a feature without geometry: links are handled below.
      if (f.properties?.['@geometry-type'] === 'networklink') continue;
      if (features.length >= input.budget.maxFeatures) return unreadable(`more than ${input.budget.maxFeatures} features`);
      index++;
      const properties = ownRecord(Object.entries(f.properties ?? {}).filter(([k]) => !STYLE_KEYS.has(k)).map(([k, v]) => [k, k === 'description' ? descriptionText(htmlAsText(v)) : htmlAsText(v)] as const));
      const strict = i < placemarks.length ? placemarkGeometry(placemarks[i]!) : {geometry: f.geometry, issues: []};
      features.push({geometry: strict.geometry, issues: strict.issues, properties, id: f.id, where: label ? `${label} Placemark ${index}` : `Placemark ${index}`});
    }
    for (const href of networkLinkHrefs(parsed.doc)) {
      const entry = /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/') ? undefined : archive[href];
      if (entry === undefined || visited.has(href) || visited.size >= 50) {
        skipped++;
        continue;
      }
      visited.add(href);
      const nested = visit(entry, href);
      if (nested) return nested;
    }
    return null;
  };
  const failed = visit(bytes, '');
  if (failed) return failed;
  const notices: ImportNotice[] = skipped > 0
    ? [{code: 'network-link-ignored', params: {n: skipped}}]
    : [];
  return {ok: true, features, crs: {kind: 'format-default'}, encoding, notices};
}

export const kmlReader: PlotReader = {
  format: 'kml',
  accepts: (fileName, head) => /\.kml$/i.test(fileName) || (!/\.\w+$/.test(fileName) && /<kml[\s>]/.test(new TextDecoder().decode(head.subarray(0, 512)))),
  async read(input) {
    await loadXmlParser();
    return readKmlBytes(input.bytes, input);
  },
};

/** KMZ: a zip whose root KML (conventionally doc.kml) holds the Placemarks. */
export const kmzReader: PlotReader = {
  format: 'kmz',
  accepts: (fileName) => /\.kmz$/i.test(fileName),
  async read(input) {
    if (!isZip(input.bytes)) return unreadable('a KMZ must be a zip archive');
    await loadXmlParser();
    const entries = unzipEntries(input.bytes, input.budget.maxInflatedBytes, (name) => /\.kml$/i.test(name));
    if (!entries.ok) return unreadable(entries.cause);
    const names = Object.keys(entries.files).sort((a, b) => (a === 'doc.kml' ? -1 : b === 'doc.kml' ? 1 : a.split('/').length - b.split('/').length));
    const first = names[0];
    if (first === undefined) return unreadable('the KMZ holds no .kml file');
    return readKmlBytes(entries.files[first]!, input, entries.files);
  },
};
