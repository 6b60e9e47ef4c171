import type {Feature, MultiPolygon, Polygon} from 'geojson';
import {MEASURE_CODES, PLOT_STATUSES, SUBSIDENCE_TARGET, type PlotStatus} from '../../seeds/programme';
import {sphericalAreaSquareMeters} from './area';
import {DissolveIndex, type DissolveCluster} from './dissolve';
import {statusCountsAsRemediated, type Plot} from './plot';
import {squareMetersToHectares, squareMetersToMu} from './units';
import {areaInZoneSquareMeters, prepareZones, type PreparedZone, type ZoneFeature} from './zone-at';

/** A Datong subsidence zone as `geodata/datong.geojson` holds it (`kind === 'subsidence-zone'`), or an official one loaded by a planner. */
export type SubsidenceZone = Feature<Polygon | MultiPolygon, {readonly id: string; readonly name_zh: string; readonly name_en: string}>;

export type AreaFigure = {readonly plots: number; readonly areaSquareMeters: number; readonly areaMu: number};
/** One by-zone row; the last row (`outside: true`, id {@link OUTSIDE_ZONES_ROW}) is the land outside every zone. */
export type ZoneFigure = AreaFigure & {readonly id: string; readonly nameZh: string; readonly nameEn: string; readonly outside: boolean};
export type MonthFigure = AreaFigure & {readonly month: string};

/** The id of the by-zone row for remediated land outside every zone. */
export const OUTSIDE_ZONES_ROW = 'outside';
/** The by-month key of plots with no completion date. */
export const UNDATED_MONTH = 'unknown';

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
   * that status's plots alone. `plots` counts every plot of the status, including undated
   * claims an as-of tally left out (their land is in `undatedLeftOut`, not here).
   */
  readonly byStatus: Readonly<Record<PlotStatus, AreaFigure>>;
  /**
   * Remediated land inside each zone (dissolved outline ∩ zone, from geometry: a plot's own
   * zone attribute plays no part), then one row for the land outside every zone; the rows add
   * up to the total. Where zones overlap, the shared land is in the first zone listed.
   * `plots` counts remediated plots with land in the row (a plot across a border counts in both).
   */
  readonly byZone: readonly ZoneFigure[];
  /** Remediated land credited per measure; adds up to the total. */
  readonly byMeasure: Readonly<Record<string, AreaFigure>>;
  /**
   * Remediated land credited per completion month (YYYY-MM), oldest first, then the plots with
   * no completion date (month {@link UNDATED_MONTH}); the rows add up to the total.
   */
  readonly byMonth: readonly MonthFigure[];
  /**
   * Remediated/verified plots without a completion date that an as-of tally (`undatedAsOf:
   * 'leave-out'`) did not count, with their own dissolved area; zero plots otherwise.
   */
  readonly undatedLeftOut: AreaFigure;
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
  /**
   * What to do with remediated/verified plots that have no completion date. `count` (the
   * default: the programme as it stands) counts them, in the undated month row; `leave-out`
   * (a total as of a chosen day) counts only plots completed by then and reports the undated
   * ones in `undatedLeftOut`, since nothing says they were finished by that day.
   */
  readonly undated?: 'count' | 'leave-out';
};

/** A remediated/verified plot with no completion date. */
export function isUndatedClaim(plot: Plot): boolean {
  return statusCountsAsRemediated(plot.properties.status) && !plot.properties.completed;
}

export const figure = (plots: number, areaSquareMeters: number): AreaFigure => ({plots, areaSquareMeters, areaMu: squareMetersToMu(areaSquareMeters)});

/** Lower ranks are credited first: the earliest completion, then verified before claimed. */
export function creditRank(plot: Plot): number {
  const completed = plot.properties.completed;
  const day = completed ? Date.parse(completed.slice(0, 10)) / 86_400_000 : 1e9;
  return day * 2 + (plot.properties.status === 'verified' ? 0 : 1);
}

function monthOf(plot: Plot): string {
  const completed = plot.properties.completed;
  return completed && /^\d{4}-\d{2}/.test(completed) ? completed.slice(0, 7) : UNDATED_MONTH;
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
  const leaveOut = options.undated === 'leave-out';
  // Left-out claims keep their place in the plot counts (by status too: the map still shows
  // them with their status) but credit no land.
  // In id order, so land two equally ranked plots share is credited the same way whatever
  // order the plots arrive in (a file, the device's store, the team server's table).
  const remediated = plots
    .filter((p) => statusCountsAsRemediated(p.properties.status) && !(leaveOut && isUndatedClaim(p)))
    .sort((a, b) => (a.properties.id < b.properties.id ? -1 : a.properties.id > b.properties.id ? 1 : 0));
  const index = new DissolveIndex(remediated.map((p) => p.geometry), remediated.map(creditRank));
  const tally = tallyFromIndex(plots, remediated, index, options, targetMu);
  const left = leaveOut ? plots.filter(isUndatedClaim) : [];
  if (left.length === 0) return tally;
  return {...tally, undatedLeftOut: figure(left.length, new DissolveIndex(left.map((p) => p.geometry)).areaSquareMeters())};
}

/**
 * The tally from an already built DissolveIndex over `remediated` (in the same order), so an
 * app that edits one plot can call `index.replace` and re-tally without dissolving again.
 */
export function tallyFromIndex(
  plots: readonly Plot[], remediated: readonly Plot[], index: DissolveIndex, options: TallyOptions, targetMu = SUBSIDENCE_TARGET.areaMu,
): Tally {
  let sphericalSquareMeters = 0;
  for (const cluster of index.clusters()) sphericalSquareMeters += clusterSphericalSquareMeters(cluster);
  return tallyFromParts(plots, remediated, remediated.map((_, i) => index.creditedSquareMeters(i)), {
    remediatedSquareMeters: index.areaSquareMeters(),
    ownSquareMeters: index.ownAreaSquareMeters(),
    sphericalSquareMeters,
    byZone: zoneFigures(index.clusters(), prepareZones((options.zones ?? []) as readonly ZoneFeature[])),
    dissolvedOfStatus: (ofStatus) => new DissolveIndex(ofStatus.map((p) => p.geometry)).areaSquareMeters(),
  }, options, targetMu);
}

/** A dissolved cluster's outline measured on turf's sphere. */
export function clusterSphericalSquareMeters(cluster: DissolveCluster): number {
  return sphericalAreaSquareMeters({type: 'MultiPolygon', coordinates: cluster.polygons as MultiPolygon['coordinates']});
}

/** What a tally needs from the dissolve, however it was kept (a fresh index, or one edited plot by plot: tally-index.ts). */
export type TallyParts = {
  readonly remediatedSquareMeters: number;
  /** Sum of the remediated plots' own areas. */
  readonly ownSquareMeters: number;
  readonly sphericalSquareMeters: number;
  readonly byZone: ZoneFigure[];
  /** The dissolved area of the plots of one status that does not count as remediated. */
  readonly dissolvedOfStatus: (ofStatus: readonly Plot[], status: PlotStatus) => number;
};

/**
 * The tally from the dissolve's figures: `credited[i]` is the land credited to `remediated[i]`.
 * Every breakdown is worked out here, whichever way the dissolve was kept.
 */
export function tallyFromParts(
  plots: readonly Plot[], remediated: readonly Plot[], credited: readonly number[], parts: TallyParts, options: TallyOptions,
  targetMu = SUBSIDENCE_TARGET.areaMu,
): Tally {
  const remediatedSquareMeters = parts.remediatedSquareMeters;
  const byStatus = {} as Record<PlotStatus, AreaFigure>;
  // One pass over the plots for every status, not one per status (10,000 plots at each edit: issue 11).
  const grouped = new Map<string, Plot[]>(PLOT_STATUSES.map((status) => [status, []]));
  for (const p of plots) grouped.get(p.properties.status)?.push(p);
  for (const status of PLOT_STATUSES) {
    const ofStatus = grouped.get(status)!;
    if (statusCountsAsRemediated(status)) {
      let area = 0;
      remediated.forEach((p, i) => {
        if (p.properties.status === status) area += credited[i]!;
      });
      byStatus[status] = figure(ofStatus.length, area);
    } else {
      byStatus[status] = figure(ofStatus.length, parts.dissolvedOfStatus(ofStatus, status));
    }
  }

  const measureTotals = new Map<string, {plots: number; area: number}>(MEASURE_CODES.map((code) => [code, {plots: 0, area: 0}]));
  const monthTotals = new Map<string, {plots: number; area: number}>();
  remediated.forEach((p, i) => {
    const area = credited[i]!;
    const measure = measureTotals.get(p.properties.measure ?? 'unknown') ?? {plots: 0, area: 0};
    measure.plots++;
    measure.area += area;
    measureTotals.set(p.properties.measure ?? 'unknown', measure);
    const key = monthOf(p);
    const month = monthTotals.get(key) ?? {plots: 0, area: 0};
    month.plots++;
    month.area += area;
    monthTotals.set(key, month);
  });
  const byMeasure = Object.fromEntries([...measureTotals].map(([code, t]) => [code, figure(t.plots, t.area)]));
  const byMonth = [...monthTotals]
    .sort(([a], [b]) => (a === UNDATED_MONTH ? 1 : b === UNDATED_MONTH ? -1 : a.localeCompare(b)))
    .map(([month, t]) => ({month, ...figure(t.plots, t.area)}));

  const remediatedMu = squareMetersToMu(remediatedSquareMeters);
  return {
    plots: plots.length,
    remediatedSquareMeters,
    remediatedMu,
    remediatedHectares: squareMetersToHectares(remediatedSquareMeters),
    sphericalSquareMeters: parts.sphericalSquareMeters,
    overlapSquareMeters: parts.ownSquareMeters - remediatedSquareMeters,
    targetMu,
    percentOfTarget: (remediatedMu / targetMu) * 100,
    byStatus,
    byZone: parts.byZone,
    byMeasure,
    byMonth,
    undatedLeftOut: figure(0, 0),
    pace: paceOf(remediated, credited, remediatedMu, targetMu, options),
  };
}

function paceOf(remediated: readonly Plot[], credited: readonly number[], remediatedMu: number, targetMu: number, options: TallyOptions): Pace {
  const months = options.paceMonths ?? 6;
  const asOf = options.asOf.slice(0, 10);
  const windowStart = addMonths(asOf, -months);
  let area = 0;
  remediated.forEach((p, i) => {
    const day = p.properties.completed?.slice(0, 10);
    if (day !== undefined && day > windowStart && day <= asOf) area += credited[i]!;
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

/**
 * The part of the dissolved remediated outline inside each zone, and outside every zone. The
 * zones are first made disjoint (prepareZones), so the zone rows never count land twice; the
 * outside row is each cluster's area less its parts in the zones, so the rows add up to the
 * total exactly (tally.test.ts checks it against a geometric difference).
 */
export function zoneFigures(
  clusters: Iterable<DissolveCluster>, prepared: readonly PreparedZone[], cache?: WeakMap<DissolveCluster, readonly number[]>,
): ZoneFigure[] {
  const totals = prepared.map(() => ({plots: 0, area: 0}));
  const outside = {plots: 0, area: 0};
  for (const cluster of clusters) {
    // A cluster is a value: kept while no plot of it changes, so its parts in the zones are too.
    let areas = cache?.get(cluster);
    if (!areas) {
      const region = {polygons: cluster.polygons, areaSquareMeters: cluster.areaSquareMeters};
      areas = prepared.map((z) => areaInZoneSquareMeters(region, z));
      cache?.set(cluster, areas);
    }
    let inside = 0;
    areas.forEach((area, k) => {
      if (area > 0) {
        totals[k]!.plots += cluster.members.length;
        totals[k]!.area += area;
        inside += area;
      }
    });
    // Clipping noise can put the parts a hair above the whole; never below zero outside.
    const rest = Math.max(0, cluster.areaSquareMeters - inside);
    outside.area += rest;
    if (rest > 1e-6) outside.plots += cluster.members.length;
  }
  return [
    ...prepared.map((z, k) => ({
      id: z.zone.properties.id, nameZh: z.zone.properties.name_zh, nameEn: z.zone.properties.name_en, outside: false,
      ...figure(totals[k]!.plots, totals[k]!.area),
    })),
    {id: OUTSIDE_ZONES_ROW, nameZh: '所有沉陷区之外', nameEn: 'Outside every zone', outside: true, ...figure(outside.plots, outside.area)},
  ];
}
