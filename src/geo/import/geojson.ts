import {crsFromName} from '../crs';
import {readJson} from './json-scan';
import {needsEncoding, unreadable, type CrsDeclaration, type PlotReader, type RawFeature} from './plot-reader';
import type {ImportNotice} from './staged-import';
import {decodeText} from './text-decoding';

/** What the strict text path makes of a file: raw features, or why the file as a whole cannot be read. */
export type ReadOutcome = {readonly ok: true; readonly features: readonly unknown[]} | {readonly ok: false; readonly cause: string};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * GeoJSON (RFC 7946) features: a FeatureCollection, a single Feature, or a bare geometry
 * (which becomes a Feature without properties, so validation says what is missing).
 */
export function geoJsonFeatures(doc: unknown): ReadOutcome {
  if (!isRecord(doc)) return {ok: false, cause: 'not a GeoJSON object'};
  if (doc.type === 'FeatureCollection') {
    return Array.isArray(doc.features) ? {ok: true, features: doc.features} : {ok: false, cause: 'FeatureCollection without a "features" array'};
  }
  if (doc.type === 'Feature') return {ok: true, features: [doc]};
  if (typeof doc.type === 'string' && 'coordinates' in doc) return {ok: true, features: [{type: 'Feature', properties: null, geometry: doc}]};
  return {ok: false, cause: `unrecognised GeoJSON type "${String(doc.type)}"`};
}

/** The strict, synchronous GeoJSON text reading behind `importPlots`. */
export function readGeoJsonText(text: string): ReadOutcome {
  const scanned = readJson(text);
  return scanned.ok ? geoJsonFeatures(scanned.scan.value) : {ok: false, cause: scanned.cause};
}

/** The feature a JSON Pointer such as `/features/3/properties/id` points into (0-based), or null. */
function featureIndexOf(pointer: string, single: boolean): number | null {
  const match = /^\/features\/(\d+)(\/|$)/.exec(pointer);
  return match ? Number(match[1]) : single ? 0 : null;
}

/**
 * The legacy (2008) GeoJSON `crs` member: RFC 7946 §4 removed it and fixed WGS84, but GDAL
 * and older QGIS still write `{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4522"}}`.
 */
function crsMember(doc: unknown): CrsDeclaration {
  if (!isRecord(doc) || !isRecord(doc.crs)) return {kind: 'format-default'};
  const props = isRecord(doc.crs.properties) ? doc.crs.properties : {};
  const name = typeof props.name === 'string' ? props.name : JSON.stringify(doc.crs);
  const crs = typeof props.name === 'string' ? crsFromName(props.name) : null;
  return crs ? {kind: 'declared', crs, source: `crs ${name}`} : {kind: 'unknown', name, source: 'crs member'};
}

export const geoJsonReader: PlotReader = {
  format: 'geojson',
  accepts: (fileName, head) => /\.(geo)?json$/i.test(fileName) || (!/\.\w+$/.test(fileName) && /^\s*(\uFEFF)?\s*[{[]/.test(new TextDecoder().decode(head.subarray(0, 64)))),
  async read({bytes, options}) {
    const decoded = decodeText(bytes, options.encoding ?? null);
    if (!decoded.ok) return needsEncoding(decoded.candidates, decoded.declared, decoded.why);
    const scanned = readJson(decoded.text);
    if (!scanned.ok) return unreadable(scanned.cause);
    const {value, duplicateKeys, bigIntegers} = scanned.scan;
    const outcome = geoJsonFeatures(value);
    if (!outcome.ok) return unreadable(outcome.cause);
    const single = outcome.features.length === 1 && !(isRecord(value) && value.type === 'FeatureCollection');
    const perFeature = new Map<number, ImportNotice[]>();
    const fileNotices: ImportNotice[] = [];
    const note = (pointer: string, notice: ImportNotice) => {
      const index = featureIndexOf(pointer, single);
      if (index === null) fileNotices.push(notice);
      else perFeature.set(index, [...(perFeature.get(index) ?? []), {...notice, where: `feature ${index + 1}`}]);
    };
    for (const pointer of duplicateKeys) {
      note(pointer, {code: 'duplicate-key', params: {pointer}});
    }
    for (const pointer of bigIntegers) {
      note(pointer, {code: 'big-integer', params: {pointer}});
    }
    const features: RawFeature[] = outcome.features.map((f, index) => {
      const feature = isRecord(f) ? f : {};
      return {
        geometry: feature.type === 'Feature' ? feature.geometry : undefined,
        properties: isRecord(feature.properties) ? feature.properties : {},
        id: feature.id,
        where: `feature ${index + 1}`,
        notices: perFeature.get(index) ?? [],
      };
    });
    return {ok: true, features, crs: crsMember(value), encoding: decoded.encoding, notices: fileNotices};
  },
};
