import {checkDeadline, ownRecord, unreadable, type PlotReader, type RawFeature} from './plot-reader';
import type {ValidationReason} from '../validate';
import {loadXmlParser, parseXml} from './xml';
import {gpxPoint} from './xml-coordinates';
import type {PartLabel} from './import-reasons';

/** The text children of trk, rte and wpt (GPX 1.1 trkType, rteType, wptType) kept as attributes. */
const TEXT_CHILDREN = ['name', 'cmt', 'desc', 'src', 'number', 'type', 'keywords'] as const;

const childElements = (node: Element, name: string): Element[] =>
  Array.from(node.childNodes).filter((c): c is Element => c.nodeType === 1 && (c as Element).localName === name);

function textProperties(node: Element): Record<string, unknown> {
  return ownRecord(TEXT_CHILDREN.flatMap((name) => {
    const child = childElements(node, name)[0];
    return child ? [[name, child.textContent ?? ''] as const] : [];
  }));
}

/**
 * A walked boundary: each track segment or route becomes one ring of a polygon (several
 * segments: one part each). A ring that does not end where it began stays open, so
 * validation rejects it and the pipeline offers closing it as a repair the user consents to.
 */
function linesToPolygon(lines: number[][][]): unknown {
  if (lines.length === 1) return {type: 'Polygon', coordinates: lines};
  return {type: 'MultiPolygon', coordinates: lines.map((r) => [r])};
}

/**
 * GPX 1.0/1.1 from a handheld unit: tracks and routes as polygons, waypoints as points.
 * Read directly from the DOM rather than through @tmcw/togeojson, which skips a point whose
 * lat or lon is not a number (and parseFloat reads "36.9abc" as 36.9): here such a point
 * rejects its track with the point named.
 */
export const gpxReader: PlotReader = {
  format: 'gpx',
  accepts: (fileName, head) => /\.gpx$/i.test(fileName) || (!/\.\w+$/.test(fileName) && /<gpx[\s>]/.test(new TextDecoder().decode(head.subarray(0, 512)))),
  async read(input) {
    await loadXmlParser();
    const parsed = parseXml(input.bytes, input.options.encoding ?? null);
    if (!parsed.ok) return parsed.result;
    const root = parsed.doc.documentElement;
    if (root?.localName !== 'gpx') return unreadable(`the root element is <${root?.localName ?? ''}>, not <gpx>`);
    const features: RawFeature[] = [];
    const add = (feature: RawFeature) => {
      checkDeadline(input);
      if (features.length >= input.budget.maxFeatures) throw new RangeError(`more than ${input.budget.maxFeatures} features`);
      features.push(feature);
    };
    try {
      Array.from(root.getElementsByTagName('trk')).forEach((trk, t) => {
        const issues: ValidationReason[] = [];
        const segments = childElements(trk, 'trkseg');
        const lines = segments.map((seg, s) => {
          const label: PartLabel = segments.length > 1 ? {gpx: 'segment', segment: s + 1} : {gpx: 'track'};
          return childElements(seg, 'trkpt').map((pt, i) => gpxPoint(pt, label, i + 1, issues));
        }).filter((l) => l.length > 0);
        add({geometry: lines.length === 0 ? null : linesToPolygon(lines), issues, properties: textProperties(trk), where: `trk ${t + 1}`});
      });
      Array.from(root.getElementsByTagName('rte')).forEach((rte, r) => {
        const issues: ValidationReason[] = [];
        const line = childElements(rte, 'rtept').map((pt, i) => gpxPoint(pt, {gpx: 'route'}, i + 1, issues));
        add({geometry: line.length === 0 ? null : linesToPolygon([line]), issues, properties: textProperties(rte), where: `rte ${r + 1}`});
      });
      Array.from(root.getElementsByTagName('wpt')).forEach((wpt, w) => {
        const issues: ValidationReason[] = [];
        const position = gpxPoint(wpt, {gpx: 'waypoint'}, 1, issues);
        add({geometry: {type: 'Point', coordinates: position}, issues, properties: textProperties(wpt), where: `wpt ${w + 1}`});
      });
    } catch (e) {
      if (e instanceof RangeError) return unreadable(e.message);
      throw e;
    }
    return {ok: true, features, crs: {kind: 'format-default'}, encoding: parsed.encoding, notices: []};
  },
};
