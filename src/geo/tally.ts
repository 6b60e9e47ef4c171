import type {Feature, MultiPolygon, Polygon} from 'geojson';
import polygonClipping, {type MultiPolygon as ClipMultiPolygon} from 'polygon-clipping';
import {MEASURE_CODES, PLOT_STATUSES, SUBSIDENCE_TARGET, type PlotStatus} from '../../seeds/programme';
import {multiPolygonRingsAreaSquareMeters, sphericalAreaSquareMeters, type PolygonRings} from './area';
import {DissolveIndex, type DissolveCluster} from './dissolve';
import {boundaryContact, pointInPolygons, polygonsBounds, polygonsSegments} from './planar';
import {statusCountsAsRemediated, type Plot} from './plot';
import {squareMetersToHectares, squareMetersToMu} from './units';

/** A Datong subsidence zone as `geodata/datong.geojson` holds it (`kind === 'subsidence-zone'`). */
export type SubsidenceZone = Feature<Polygon | MultiPolygon, {readonly id: string; readonly name_zh: string; readonly name_en: string}>;

export type AreaFigure = {readonly plots: number; readonly areaSquareMeters: number; readonly areaMu: number};
export type ZoneFigure = AreaFigure & {readonly id: string; readonly nameZh: string; readonly nameEn: string};
export type MonthFigure = AreaFigure & {readonly month: string};

export type Tally = {
  readonly plots: number;
  /** Remediated (`remediated` + `verified`) area on the CGCS2000 ellipsoid, overlaps counted once. */
  readonly remediatedSquareMeters: number;
  readonly remediatedMu: number;
  readonly remediatedHectares: number;
  /** The same dissolved outline measured on turf's sphere, for comparison only. */
  readonly sphericalSquareMeters: number;
  /** Sum of the remediated plots' own areas minus the dissolved area. */
  readonly overlapSquareMeters: number;
  readonly targetMu: number;
  readonly percentOfTarget: number;
  /**
   * Per status. For `remediated` and `verified` the area is the land credited to plots of
   * that status (they add up to the remediated total); for the others, the dissolved area of
   * that status's plots alone.
   */
  readonly byStatus: Readonly<Record<PlotStatus, AreaFigure>>;
  /** Remediated land inside each zone (dissolved outline ∩ zone); `plots` counts plots touching the zone. */
  readonly byZone: readonly ZoneFigure[];
  /** Remediated land credited per measure; adds up to the total. */
  readonly byMeasure: Readonly<Record<string, AreaFigure>>;
  /** Remediated land credited per completion month (YYYY-MM, or "unknown"), oldest first. */
  readonly byMonth: readonly MonthFigure[];
  readonly pace: Pace;
};

export type Pace = {
  readonly months: number;
  /** The window's first and last days (YYYY-MM-DD), both included. */
  readonly from: string;
  readonly asOf: string;
  readonly areaSquareMeters: number;
  readonly muPerMonth: number;
  /** When the target is reached at this pace (YYYY-MM-DD); today if already reached; null if the pace is zero. */
  readonly projectedTargetDate: string | null;
};

export type TallyOptions = {
  /** The day the tally is for; the pace window ends here. Never the wall clock inside geo/. */
  readonly asOf: string;
  readonly zones?: readonly SubsidenceZone[];
  readonly targetMu?: number;
  readonly paceMonths?: number;
};

const figure = (plots: number, areaSquareMeters: number): AreaFigure => ({plots, areaSquareMeters, areaMu: squareMetersToMu(areaSquareMeters)});

/** Lower ranks are credited first: the earliest completion, then verified before claimed. */
function creditRank(plot: Plot): number {
  const completed = plot.properties.completed;
  const day = completed ? Date.parse(completed.slice(0, 10)) / 86_400_000 : 1e9;
  return day * 2 + (plot.properties.status === 'verified' ? 0 : 1);
}

function monthOf(plot: Plot): string {
  const completed = plot.properties.completed;
  return completed && /^\d{4}-\d{2}/.test(completed) ? completed.slice(0, 7) : 'unknown';
}

function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(d, lastDay));
  return date.toISOString().slice(0, 10);
}

const MS_PER_DAY = 86_400_000;
const DAYS_PER_MONTH = 365.2425 / 12;

/**
 * The remediated-area tally an audit can follow. Each plot must already be valid
 * (validate.ts). Remediated land is dissolved so overlaps count once (dissolve.ts);
 * breakdowns by measure, month and status credit each square metre to the plot that covered
 * it first, so they add up to the total; zones are measured by intersecting the dissolved
 * outline with each zone.
 *
 * @example
 * const tally = tallyPlots(plots, {asOf: '2025-06-30', zones});
 * tally.remediatedMu; tally.percentOfTarget; tally.pace.projectedTargetDate;
 */
export function tallyPlots(plots: readonly Plot[], options: TallyOptions): Tally {
  const targetMu = options.targetMu ?? SUBSIDENCE_TARGET.areaMu;
  const remediated = plots.filter((p) => statusCountsAsRemediated(p.properties.status));
  const index = new DissolveIndex(remediated.map((p) => p.geometry), remediated.map(creditRank));
  return tallyFromIndex(plots, remediated, index, options, targetMu);
}

/**
 * The tally from an already built DissolveIndex over `remediated` (in the same order), so an
 * app that edits one plot can call `index.replace` and re-tally without dissolving again.
 */
export function tallyFromIndex(
  plots: readonly Plot[], remediated: readonly Plot[], index: DissolveIndex, options: TallyOptions, targetMu = SUBSIDENCE_TARGET.areaMu,
): Tally {
  const remediatedSquareMeters = index.areaSquareMeters();
  let sphericalSquareMeters = 0;
  for (const cluster of index.clusters()) {
    sphericalSquareMeters += sphericalAreaSquareMeters({type: 'MultiPolygon', coordinates: cluster.polygons as MultiPolygon['coordinates']});
  }

  const byStatus = {} as Record<PlotStatus, AreaFigure>;
  for (const status of PLOT_STATUSES) {
    const ofStatus = plots.filter((p) => p.properties.status === status);
    if (statusCountsAsRemediated(status)) {
      let credited = 0;
      remediated.forEach((p, i) => {
        if (p.properties.status === status) credited += index.creditedSquareMeters(i);
      });
      byStatus[status] = figure(ofStatus.length, credited);
    } else {
      byStatus[status] = figure(ofStatus.length, new DissolveIndex(ofStatus.map((p) => p.geometry)).areaSquareMeters());
    }
  }

  const measureTotals = new Map<string, {plots: number; area: number}>(MEASURE_CODES.map((code) => [code, {plots: 0, area: 0}]));
  const monthTotals = new Map<string, {plots: number; area: number}>();
  remediated.forEach((p, i) => {
    const credited = index.creditedSquareMeters(i);
    const measure = measureTotals.get(p.properties.measure ?? 'unknown') ?? {plots: 0, area: 0};
    measure.plots++;
    measure.area += credited;
    measureTotals.set(p.properties.measure ?? 'unknown', measure);
    const key = monthOf(p);
    const month = monthTotals.get(key) ?? {plots: 0, area: 0};
    month.plots++;
    month.area += credited;
    monthTotals.set(key, month);
  });
  const byMeasure = Object.fromEntries([...measureTotals].map(([code, t]) => [code, figure(t.plots, t.area)]));
  const byMonth = [...monthTotals]
    .sort(([a], [b]) => (a === 'unknown' ? 1 : b === 'unknown' ? -1 : a.localeCompare(b)))
    .map(([month, t]) => ({month, ...figure(t.plots, t.area)}));

  const remediatedMu = squareMetersToMu(remediatedSquareMeters);
  return {
    plots: plots.length,
    remediatedSquareMeters,
    remediatedMu,
    remediatedHectares: squareMetersToHectares(remediatedSquareMeters),
    sphericalSquareMeters,
    overlapSquareMeters: index.ownAreaSquareMeters() - remediatedSquareMeters,
    targetMu,
    percentOfTarget: (remediatedMu / targetMu) * 100,
    byStatus,
    byZone: zoneFigures(index, options.zones ?? []),
    byMeasure,
    byMonth,
    pace: paceOf(remediated, index, remediatedMu, targetMu, options),
  };
}

function paceOf(remediated: readonly Plot[], index: DissolveIndex, remediatedMu: number, targetMu: number, options: TallyOptions): Pace {
  const months = options.paceMonths ?? 6;
  const asOf = options.asOf.slice(0, 10);
  const windowStart = addMonths(asOf, -months);
  let area = 0;
  remediated.forEach((p, i) => {
    const day = p.properties.completed?.slice(0, 10);
    if (day !== undefined && day > windowStart && day <= asOf) area += index.creditedSquareMeters(i);
  });
  const muPerMonth = squareMetersToMu(area) / months;
  const remainingMu = targetMu - remediatedMu;
  let projectedTargetDate: string | null = null;
  if (remainingMu <= 0) projectedTargetDate = asOf;
  else if (muPerMonth > 0) {
    const days = Math.ceil((remainingMu / muPerMonth) * DAYS_PER_MONTH);
    projectedTargetDate = new Date(Date.parse(asOf) + days * MS_PER_DAY).toISOString().slice(0, 10);
  }
  return {months, from: nextDay(windowStart), asOf, areaSquareMeters: area, muPerMonth, projectedTargetDate};
}

function nextDay(isoDate: string): string {
  return new Date(Date.parse(isoDate) + MS_PER_DAY).toISOString().slice(0, 10);
}

type PreparedZone = {zone: SubsidenceZone; polygons: readonly PolygonRings[]; bounds: [number, number, number, number]; segments: Float64Array};

/** The part of the dissolved remediated outline inside each zone. */
function zoneFigures(index: DissolveIndex, zones: readonly SubsidenceZone[]): ZoneFigure[] {
  const prepared: PreparedZone[] = zones.map((zone) => {
    const polygons = zone.geometry.type === 'Polygon' ? [zone.geometry.coordinates] : zone.geometry.coordinates;
    return {zone, polygons, bounds: polygonsBounds(polygons), segments: polygonsSegments(polygons)};
  });
  const totals = prepared.map(() => ({plots: 0, area: 0}));
  for (const cluster of index.clusters()) {
    const bounds = polygonsBounds(cluster.polygons);
    let segments: Float64Array | null = null;
    prepared.forEach((z, k) => {
      if (bounds[0] > z.bounds[2] || z.bounds[0] > bounds[2] || bounds[1] > z.bounds[3] || z.bounds[1] > bounds[3]) return;
      segments ??= polygonsSegments(cluster.polygons);
      const area = clusterAreaInZone(cluster, bounds, segments, z);
      if (area > 0) {
        totals[k]!.plots += cluster.members.length;
        totals[k]!.area += area;
      }
    });
  }
  return prepared.map((z, k) => ({
    id: z.zone.properties.id, nameZh: z.zone.properties.name_zh, nameEn: z.zone.properties.name_en,
    ...figure(totals[k]!.plots, totals[k]!.area),
  }));
}

function clusterAreaInZone(cluster: DissolveCluster, bounds: [number, number, number, number], segments: Float64Array, zone: PreparedZone): number {
  const box: [number, number, number, number] = [
    Math.max(bounds[0], zone.bounds[0]), Math.max(bounds[1], zone.bounds[1]),
    Math.min(bounds[2], zone.bounds[2]), Math.min(bounds[3], zone.bounds[3]),
  ];
  if (boundaryContact(segments, zone.segments, box) === 'none') {
    // Outlines apart: the plot is wholly inside or wholly outside, unless a zone ring lies inside it.
    const zoneRingInside = zone.polygons.some((rings) => rings.some((ring) => ring[0] && pointInPolygons(ring[0][0]!, ring[0][1]!, cluster.polygons) === 'inside'));
    if (!zoneRingInside) {
      const p = cluster.polygons[0]?.[0]?.[0];
      return p && pointInPolygons(p[0]!, p[1]!, zone.polygons) === 'inside' ? cluster.areaSquareMeters : 0;
    }
  }
  const common = polygonClipping.intersection(cluster.polygons as unknown as ClipMultiPolygon, zone.polygons as unknown as ClipMultiPolygon);
  return multiPolygonRingsAreaSquareMeters(common as unknown as PolygonRings[]);
}
