import {gpx} from '@tmcw/togeojson';
import type {Feature, Position} from 'geojson';
import {checkDeadline, ownRecord, unreadable, type PlotReader, type RawFeature} from './plot-reader';
import {parseXml} from './xml';

const GPX_INTERNAL_KEYS = new Set(['_gpxType', 'coordinateProperties', 'time', 'times', 'heartRates', 'link', 'links']);

/**
 * A walked boundary: each track segment or route becomes one ring of a polygon (several
 * segments: one part each). A ring that does not end where it began stays open, so
 * validation rejects it and the pipeline offers closing it as a repair the user consents to.
 */
function lineToPolygon(lines: Position[][]): unknown {
  const rings = lines.filter((l) => l.length > 0).map((l) => l.map((p) => [p[0]!, p[1]!]));
  if (rings.length === 1) return {type: 'Polygon', coordinates: rings};
  return {type: 'MultiPolygon', coordinates: rings.map((r) => [r])};
}

/** GPX 1.0/1.1 from a handheld unit: tracks and routes as polygons, waypoints as points. */
export const gpxReader: PlotReader = {
  format: 'gpx',
  accepts: (fileName, head) => /\.gpx$/i.test(fileName) || (!/\.\w+$/.test(fileName) && /<gpx[\s>]/.test(new TextDecoder().decode(head.subarray(0, 512)))),
  async read(input) {
    const parsed = parseXml(input.bytes, input.options.encoding ?? null);
    if (!parsed.ok) return parsed.result;
    if (parsed.doc.documentElement?.localName !== 'gpx') return unreadable(`the root element is <${parsed.doc.documentElement?.localName ?? ''}>, not <gpx>`);
    const features: RawFeature[] = [];
    const counts = {trk: 0, rte: 0, wpt: 0};
    for (const f of gpx(parsed.doc).features as Feature[]) {
      checkDeadline(input);
      if (features.length >= input.budget.maxFeatures) return unreadable(`more than ${input.budget.maxFeatures} features`);
      const type = (f.properties?._gpxType as 'trk' | 'rte' | 'wpt' | undefined) ?? 'wpt';
      counts[type] = (counts[type] ?? 0) + 1;
      const where = `${type} ${counts[type]}`;
      const properties = ownRecord(Object.entries(f.properties ?? {}).filter(([k]) => !GPX_INTERNAL_KEYS.has(k)));
      const g = f.geometry;
      const geometry = g?.type === 'LineString' ? lineToPolygon([g.coordinates]) : g?.type === 'MultiLineString' ? lineToPolygon(g.coordinates) : g;
      features.push({geometry, properties, where});
    }
    return {ok: true, features, crs: {kind: 'format-default'}, encoding: parsed.encoding, notices: []};
  },
};
