import {PLOT_STATUSES, SUBSIDENCE_TARGET, type PlotStatus} from '../../seeds/programme';
import {DissolveIndex, type DissolveCluster} from './dissolve';
import {statusCountsAsRemediated, type Plot} from './plot';
import {
  clusterSphericalSquareMeters, creditRank, figure, isUndatedClaim, tallyFromParts, zoneFigures,
  type Tally, type TallyOptions,
} from './tally';
import {prepareZones, type PreparedZone, type ZoneFeature} from './zone-at';

/** Plots in the slots of one DissolveIndex, by id; a removed plot's slot is reused. */
class Slots {
  readonly index: DissolveIndex;
  readonly slotOf = new Map<string, number>();
  readonly plotAt: (Plot | null)[];
  private readonly free: number[] = [];

  constructor(plots: readonly Plot[], private readonly ranked: boolean) {
    // In id order, as tallyPlots builds its index: ties of rank then fall the same way.
    const sorted = [...plots].sort((a, b) => (a.properties.id < b.properties.id ? -1 : a.properties.id > b.properties.id ? 1 : 0));
    this.plotAt = sorted;
    sorted.forEach((p, i) => this.slotOf.set(p.properties.id, i));
    this.index = new DissolveIndex(
      sorted.map((p) => p.geometry), ranked ? sorted.map(creditRank) : undefined, sorted.map((p) => p.properties.id),
    );
  }

  get count(): number {
    return this.slotOf.size;
  }

  put(plot: Plot, before: Plot | undefined): void {
    const id = plot.properties.id;
    const slot = this.slotOf.get(id);
    if (slot !== undefined && before && before.geometry === plot.geometry && (!this.ranked || creditRank(before) === creditRank(plot))) {
      // Same land, same priority: the dissolve does not change.
      this.plotAt[slot] = plot;
      return;
    }
    const at = slot ?? this.free.pop() ?? this.plotAt.length;
    if (at === this.plotAt.length) this.plotAt.push(null);
    this.plotAt[at] = plot;
    this.slotOf.set(id, at);
    this.index.replace(at, plot.geometry, this.ranked ? creditRank(plot) : 0, id);
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.plotAt[slot] = null;
    this.free.push(slot);
    this.index.replace(slot, null);
  }
}

type Bucket = 'remediated' | 'left' | PlotStatus;

/**
 * The programme tally kept up to date plot by plot: `set` and `remove` redo only the dissolve
 * clusters the plot leaves and joins (DissolveIndex.replace), and `tally` sums what is kept,
 * so one edit among 10,000 plots costs milliseconds, not a whole dissolve. The figures are
 * those of `tallyPlots` over the same plots with the same options (tally-index.test.ts checks
 * it after random edits), up to the order floating-point sums are taken in.
 *
 * @example
 * const index = new TallyIndex(plots, {zones});
 * index.set(editedPlot);
 * index.tally('2025-06-30').remediatedMu;
 */
export class TallyIndex {
  private readonly plots = new Map<string, Plot>();
  private readonly buckets = new Map<Bucket, Slots>();
  private readonly zones: readonly PreparedZone[];
  private readonly zoneAreas = new WeakMap<DissolveCluster, readonly number[]>();
  private readonly sphere = new WeakMap<DissolveCluster, number>();
  private readonly leaveOut: boolean;

  constructor(plots: readonly Plot[], private readonly options: Omit<TallyOptions, 'asOf'>) {
    this.leaveOut = options.undated === 'leave-out';
    this.zones = prepareZones((options.zones ?? []) as readonly ZoneFeature[]);
    const grouped = new Map<Bucket, Plot[]>();
    for (const p of plots) {
      this.plots.set(p.properties.id, p);
      const bucket = this.bucketOf(p);
      const group = grouped.get(bucket);
      if (group) group.push(p);
      else grouped.set(bucket, [p]);
    }
    for (const bucket of ['remediated', 'left', ...PLOT_STATUSES] as const) {
      this.buckets.set(bucket, new Slots(grouped.get(bucket) ?? [], bucket === 'remediated'));
    }
  }

  get size(): number {
    return this.plots.size;
  }

  get(id: string): Plot | undefined {
    return this.plots.get(id);
  }

  ids(): IterableIterator<string> {
    return this.plots.keys();
  }

  private bucketOf(p: Plot): Bucket {
    if (this.leaveOut && isUndatedClaim(p)) return 'left';
    return statusCountsAsRemediated(p.properties.status) ? 'remediated' : p.properties.status;
  }

  /** Adds a plot, or puts a new version in place of the one with its id. */
  set(plot: Plot): void {
    const id = plot.properties.id;
    const before = this.plots.get(id);
    if (before === plot) return;
    this.plots.set(id, plot);
    const to = this.bucketOf(plot);
    if (before) {
      const from = this.bucketOf(before);
      if (from !== to) this.buckets.get(from)!.remove(id);
      this.buckets.get(to)!.put(plot, from === to ? before : undefined);
    } else {
      this.buckets.get(to)!.put(plot, undefined);
    }
  }

  remove(id: string): void {
    const before = this.plots.get(id);
    if (!before) return;
    this.plots.delete(id);
    this.buckets.get(this.bucketOf(before))!.remove(id);
  }

  /** The tally for the day `asOf` (the pace window ends there). */
  tally(asOf: string): Tally {
    const options: TallyOptions = {...this.options, asOf};
    const main = this.buckets.get('remediated')!;
    const remediated: Plot[] = [];
    const credited: number[] = [];
    main.plotAt.forEach((p, slot) => {
      if (!p) return;
      remediated.push(p);
      credited.push(main.index.creditedSquareMeters(slot));
    });
    let sphericalSquareMeters = 0;
    for (const cluster of main.index.clusters()) {
      let area = this.sphere.get(cluster);
      if (area === undefined) this.sphere.set(cluster, (area = clusterSphericalSquareMeters(cluster)));
      sphericalSquareMeters += area;
    }
    const tally = tallyFromParts([...this.plots.values()], remediated, credited, {
      remediatedSquareMeters: main.index.areaSquareMeters(),
      ownSquareMeters: main.index.ownAreaSquareMeters(),
      sphericalSquareMeters,
      byZone: zoneFigures(main.index.clusters(), this.zones, this.zoneAreas),
      dissolvedOfStatus: (_, status) => this.buckets.get(status)!.index.areaSquareMeters(),
    }, options, this.options.targetMu ?? SUBSIDENCE_TARGET.areaMu);
    const left = this.buckets.get('left')!;
    if (left.count === 0) return tally;
    return {...tally, undatedLeftOut: figure(left.count, left.index.areaSquareMeters())};
  }
}
