import type {ValidationReason} from '../validate';
import {ringPartLabel, unreadableCoordinate, unreadableGeometry, type PartLabel} from './import-reasons';

/*
 * Geometry from KML and GPX elements, read strictly. @tmcw/togeojson's coordinate reader
 * (coord1/coord, coordPair) drops a vertex it cannot parse, reads `101.62abc` as 101.62
 * (parseFloat), drops rings of fewer than four positions, closes open rings and skips GPX
 * points whose lat/lon is not a number, so a hexagon can arrive as a pentagon. Here every
 * position is kept as the file gives it, and each one that is not a number becomes a reason
 * naming its ring and position; short and open rings stay as they are for validation to
 * reject or offer to repair. togeojson still reads the attributes.
 */

/** A decimal number as XML Schema's xs:double lexical space writes it (no hex, no trailing text). */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export const strictNumber = (text: string | null | undefined): number | null => {
  const t = (text ?? '').trim();
  return NUMBER.test(t) ? Number(t) : null;
};

export type StrictGeometry = {readonly geometry: unknown; readonly issues: readonly ValidationReason[]};

const childElements = (node: Element, name?: string): Element[] =>
  Array.from(node.childNodes).filter((c): c is Element => c.nodeType === 1 && (name === undefined || (c as Element).localName === name));

/**
 * KML `<coordinates>` text (OGC 07-147r2 §16.10: tuples `lon,lat[,alt]` separated by
 * whitespace). Spaces around the commas are tolerated, as Google Earth does.
 */
export function kmlCoordinates(text: string, label: PartLabel, issues: ValidationReason[]): number[][] {
  const tuples = text.trim().replace(/\s*,\s*/g, ',').split(/\s+/).filter((t) => t !== '');
  return tuples.map((tuple, i) => {
    const parts = tuple.split(',');
    const numbers = parts.map(strictNumber);
    if ((parts.length === 2 || parts.length === 3) && numbers.every((n) => n !== null)) return numbers.slice(0, 2) as number[];
    issues.push(unreadableCoordinate(label, i + 1, tuple));
    return [NaN, NaN];
  });
}

function ringOf(linearRing: Element | undefined, label: PartLabel, issues: ValidationReason[]): number[][] {
  const coordinates = linearRing ? childElements(linearRing, 'coordinates')[0] : undefined;
  if (!coordinates) {
    issues.push(unreadableGeometry({detail: 'no-coordinates', ...label}));
    return [];
  }
  return kmlCoordinates(coordinates.textContent ?? '', label, issues);
}

/** One KML geometry element and its children, polygons as GeoJSON coordinates. */
function kmlGeometries(node: Element, issues: ValidationReason[], part: {n: number; numbered: boolean}): unknown[] {
  const out: unknown[] = [];
  for (const child of childElements(node)) {
    switch (child.localName) {
      case 'MultiGeometry':
        out.push(...kmlGeometries(child, issues, part));
        break;
      case 'Polygon': {
        const index = part.n++;
        const outer = childElements(child, 'outerBoundaryIs');
        const rings: number[][][] = [];
        const label = (r: number) => ringPartLabel(part.numbered ? index : null, r);
        if (outer.length === 0) issues.push(unreadableGeometry({detail: 'no-outer-ring'}));
        else rings.push(ringOf(childElements(outer[0]!, 'LinearRing')[0], label(0), issues));
        let hole = 1;
        for (const inner of childElements(child, 'innerBoundaryIs')) {
          for (const ring of childElements(inner, 'LinearRing')) rings.push(ringOf(ring, label(hole++), issues));
        }
        out.push({type: 'Polygon', coordinates: rings});
        break;
      }
      case 'LineString':
      case 'LinearRing':
      case 'Point': {
        const coordinates = childElements(child, 'coordinates')[0];
        const positions = kmlCoordinates(coordinates?.textContent ?? '', {element: child.localName}, issues);
        out.push(child.localName === 'Point' ? {type: 'Point', coordinates: positions[0] ?? []} : {type: 'LineString', coordinates: positions});
        break;
      }
      case 'Track':
        out.push({type: 'Track', coordinates: []});
        break;
    }
  }
  return out;
}

/** The geometry of one Placemark, with a reason for every position that is not a number. */
export function placemarkGeometry(placemark: Element): StrictGeometry {
  const issues: ValidationReason[] = [];
  // Parts are numbered in the messages only when there are several.
  const part = {n: 0, numbered: placemark.getElementsByTagName('Polygon').length > 1};
  const geometries = kmlGeometries(placemark, issues, part);
  if (geometries.length === 0) return {geometry: null, issues};
  if (geometries.length === 1) return {geometry: geometries[0], issues};
  const polygons = geometries.filter((g): g is {type: 'Polygon'; coordinates: unknown} => (g as {type: string}).type === 'Polygon');
  if (polygons.length === geometries.length) return {geometry: {type: 'MultiPolygon', coordinates: polygons.map((p) => p.coordinates)}, issues};
  return {geometry: {type: 'GeometryCollection', geometries}, issues};
}

/** A GPX point's lon/lat (attributes, GPX 1.1 wptType), or a reason naming it. */
export function gpxPoint(point: Element, label: PartLabel, index: number, issues: ValidationReason[]): number[] {
  const lon = strictNumber(point.getAttribute('lon')), lat = strictNumber(point.getAttribute('lat'));
  if (lon !== null && lat !== null) return [lon, lat];
  issues.push(unreadableCoordinate(label, index, `lat="${point.getAttribute('lat') ?? ''}" lon="${point.getAttribute('lon') ?? ''}"`));
  return [NaN, NaN];
}
