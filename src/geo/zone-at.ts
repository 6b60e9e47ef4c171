import {booleanPointInPolygon} from '@turf/turf';
import type {Feature, MultiPolygon, Polygon, Position} from 'geojson';
import polygonClipping, {type MultiPolygon as ClipMultiPolygon} from 'polygon-clipping';
import {multiPolygonRingsAreaSquareMeters, type PolygonRings} from './area';
import {boundaryContact, pointInPolygons, polygonsBounds, polygonsSegments} from './planar';
import type {Plot, PlotGeometry} from './plot';

export type ZoneFeature = Feature<Polygon | MultiPolygon, {id: string; name_zh: string; name_en: string}>;

/** The zone code stored for plots outside every mapped subsidence zone. */
export const OTHER_ZONE = 'other';

/** The zone a point lies in (boundary counts as inside), or null: used to suggest a plot's zone. */
export function zoneAt(point: Position, zones: readonly ZoneFeature[]): ZoneFeature | null {
  return zones.find((z) => booleanPointInPolygon(point, z)) ?? null;
}

type Box = [number, number, number, number];

/**
 * A zone ready for many area queries. `polygons` is the zone minus every zone listed before it,
 * so that land where two zones overlap is counted in one row only (the first listed).
 */
export type PreparedZone = {
  readonly zone: ZoneFeature;
  readonly polygons: readonly PolygonRings[];
  readonly bounds: Box;
  readonly segments: Float64Array;
  /** Land this zone shares with zones listed before it, credited to them. */
  readonly overlapSquareMeters: number;
  /** The zone's id and names as zoneNamedBy compares them (trimmed, lower case), made once rather than per plot. */
  readonly names: readonly string[];
};

const asClip = (polygons: readonly PolygonRings[]) => polygons as unknown as ClipMultiPolygon;
const polygonsOf = (g: Polygon | MultiPolygon): readonly PolygonRings[] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
const boxesMeet = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** Zones made disjoint in their order (each loses what earlier ones already cover), with their boxes and edges. */
export function prepareZones(zones: readonly ZoneFeature[]): PreparedZone[] {
  const out: PreparedZone[] = [];
  for (const zone of zones) {
    const own = polygonsOf(zone.geometry);
    let polygons = own;
    let bounds = polygonsBounds(own);
    const earlier = out.filter((z) => boxesMeet(z.bounds, bounds) && z.polygons.length > 0);
    let overlapSquareMeters = 0;
    if (earlier.length > 0) {
      const rest = polygonClipping.difference(asClip(own), ...earlier.map((z) => asClip(z.polygons))) as unknown as PolygonRings[];
      overlapSquareMeters = Math.max(0, multiPolygonRingsAreaSquareMeters(own) - multiPolygonRingsAreaSquareMeters(rest));
      if (overlapSquareMeters > 1e-6) {
        polygons = rest;
        bounds = rest.length > 0 ? polygonsBounds(rest) : bounds;
      } else overlapSquareMeters = 0;
    }
    out.push({zone, polygons, bounds, segments: polygonsSegments(polygons), overlapSquareMeters, names: comparableNames(zone)});
  }
  return out;
}

/** A region (plot or dissolved cluster) with its box and edges, as planar.ts measures them. */
export type PreparedRegion = {readonly polygons: readonly PolygonRings[]; readonly areaSquareMeters: number; bounds?: Box; segments?: Float64Array};

/**
 * The part of a region inside a zone, in square metres on the CGCS2000 ellipsoid. When the
 * outlines do not meet, the region is wholly inside or outside (unless a zone ring lies inside
 * it), which is decided with one point; otherwise polygon-clipping intersects them.
 */
export function areaInZoneSquareMeters(region: PreparedRegion, zone: PreparedZone): number {
  if (zone.polygons.length === 0) return 0;
  const bounds = (region.bounds ??= polygonsBounds(region.polygons));
  if (!boxesMeet(bounds, zone.bounds)) return 0;
  const segments = (region.segments ??= polygonsSegments(region.polygons));
  const box: Box = [
    Math.max(bounds[0], zone.bounds[0]), Math.max(bounds[1], zone.bounds[1]),
    Math.min(bounds[2], zone.bounds[2]), Math.min(bounds[3], zone.bounds[3]),
  ];
  if (boundaryContact(segments, zone.segments, box) === 'none') {
    const zoneRingInside = zone.polygons.some((rings) => rings.some((ring) => ring[0] && pointInPolygons(ring[0][0]!, ring[0][1]!, region.polygons) === 'inside'));
    if (!zoneRingInside) {
      const p = region.polygons[0]?.[0]?.[0];
      return p && pointInPolygons(p[0]!, p[1]!, zone.polygons) === 'inside' ? region.areaSquareMeters : 0;
    }
  }
  const common = polygonClipping.intersection(asClip(region.polygons), asClip(zone.polygons));
  return Math.min(region.areaSquareMeters, multiPolygonRingsAreaSquareMeters(common as unknown as PolygonRings[]));
}

export type PlotLocation = {
  /** The zone holding the largest part of the plot, or null when more of it lies outside every zone. */
  readonly zoneId: string | null;
  /** Share of the plot's area in that zone (or outside every zone, when zoneId is null), 0–1. */
  readonly share: number;
};

/** Where a plot lies among the zones, from its geometry alone. */
export function locatePlot(geometry: PlotGeometry, zones: readonly PreparedZone[]): PlotLocation {
  const polygons = polygonsOf(geometry);
  const bounds = polygonsBounds(polygons);
  // Clear of every zone's box, all of the plot is outside whatever its area, so it is not
  // measured (issue 11: most of a province's plots may lie outside the mapped zones).
  if (!zones.some((z) => z.polygons.length > 0 && boxesMeet(bounds, z.bounds))) return {zoneId: null, share: 1};
  const region: PreparedRegion = {polygons, areaSquareMeters: multiPolygonRingsAreaSquareMeters(polygons), bounds};
  if (!(region.areaSquareMeters > 0)) return {zoneId: null, share: 1};
  let best: {id: string; area: number} | null = null;
  let inside = 0;
  for (const z of zones) {
    const area = areaInZoneSquareMeters(region, z);
    inside += area;
    if (area > 0 && (!best || area > best.area)) best = {id: z.zone.properties.id, area};
  }
  const outside = Math.max(0, region.areaSquareMeters - inside);
  if (!best || outside > best.area) return {zoneId: null, share: outside / region.areaSquareMeters};
  return {zoneId: best.id, share: best.area / region.areaSquareMeters};
}

/**
 * How a plot's own zone attribute relates to where it lies:
 * - `match`: the attribute names (by id or either name) the zone it lies in, or `other` outside every zone;
 * - `mismatch`: it names another zone (or `other` while the plot lies in a zone);
 * - `unrecognised`: free text that names no zone;
 * - `absent`: empty.
 */
export type ZoneAgreement = 'match' | 'mismatch' | 'unrecognised' | 'absent';

export type ZoneCheck = PlotLocation & {
  readonly attribute: string;
  /** The zone the attribute names, `other`, or null when it names none. */
  readonly attributeZoneId: string | null;
  readonly agreement: ZoneAgreement;
};

/** A zone's id and names that are strings, trimmed and in lower case, as an attribute is compared with them. */
function comparableNames(zone: ZoneFeature): string[] {
  return [zone.properties.id, zone.properties.name_zh, zone.properties.name_en].filter((v) => typeof v === 'string').map((v) => v.trim().toLowerCase());
}

/** The zone a free-text attribute names: a zone id, or a zone's Chinese or English name (trimmed, case-insensitive). */
function zoneNamedBy(attribute: string, zones: readonly PreparedZone[]): string | null {
  const a = attribute.trim().toLowerCase();
  if (!a) return null;
  if (a === OTHER_ZONE) return OTHER_ZONE;
  const hit = zones.find((z) => z.names.includes(a));
  return hit ? hit.zone.properties.id : null;
}

/** The plot's zone attribute checked against its location; the attribute itself is never changed. */
export function checkPlotZone(plot: Plot, zones: readonly PreparedZone[]): ZoneCheck {
  const location = locatePlot(plot.geometry, zones);
  const attribute = String(plot.properties.zone ?? '');
  // The zones' names were made comparable once, in prepareZones (10k plots at every tally: issue 11).
  const attributeZoneId = zoneNamedBy(attribute, zones);
  let agreement: ZoneAgreement;
  if (!attribute.trim()) agreement = 'absent';
  else if (attributeZoneId === null) agreement = 'unrecognised';
  else agreement = attributeZoneId === (location.zoneId ?? OTHER_ZONE) ? 'match' : 'mismatch';
  return {...location, attribute, attributeZoneId, agreement};
}
