import type {PlotReader, ReadOutcome} from './read-plots';

/**
 * GeoJSON (RFC 7946) plots: a FeatureCollection, a single Feature, or a bare geometry (which
 * becomes a Feature without properties, so validation says what is missing).
 */
export const geoJsonReader: PlotReader = {
  format: 'geojson',
  accepts: (fileName) => /\.(geo)?json$/i.test(fileName),
  read(text: string): ReadOutcome {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      return {ok: false, cause: `not valid JSON: ${(e as Error).message}`};
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return {ok: false, cause: 'not a GeoJSON object'};
    const d = doc as {type?: unknown; features?: unknown};
    if (d.type === 'FeatureCollection') {
      return Array.isArray(d.features) ? {ok: true, features: d.features} : {ok: false, cause: 'FeatureCollection without a "features" array'};
    }
    if (d.type === 'Feature') return {ok: true, features: [doc]};
    if (typeof d.type === 'string' && 'coordinates' in d) return {ok: true, features: [{type: 'Feature', properties: null, geometry: doc}]};
    return {ok: false, cause: `unrecognised GeoJSON type "${String(d.type)}"`};
  },
};
