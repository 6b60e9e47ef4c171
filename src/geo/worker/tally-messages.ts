import type {PlotBatch} from './plot-batch';
import type {SubsidenceZone, Tally} from '../tally';

/**
 * What the page sends the tally worker (tally.worker.ts), in order:
 * `reset` starts a new set of plots (and zones, undated rule); `put` adds, replaces or removes
 * plots; `tally` asks for the figures of what it holds. A put's plots are packed (plot-batch.ts). After a reset the plots are gathered
 * and dissolved at once at the next `tally`; after that, each `put` redoes only the clusters of
 * the plots it names.
 */
export type TallyRequest =
  | {readonly kind: 'reset'; readonly zones: readonly SubsidenceZone[]; readonly undated: 'count' | 'leave-out'}
  | {readonly kind: 'put'; readonly plots: PlotBatch; readonly remove: readonly string[]}
  | {readonly kind: 'tally'; readonly seq: number; readonly asOf: string};

export type TallyResponse = {readonly seq: number; readonly tally: Tally} | {readonly seq: number; readonly error: string};
