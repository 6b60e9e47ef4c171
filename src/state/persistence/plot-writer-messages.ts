import type {CommitFailure} from './storage-errors';
import type {PlotPut} from './plot-store';

/**
 * Page → plot writer worker: one import batch to write in one strict transaction over the
 * worker's own connection to `database`, or the cancel of the batch `seq` in flight.
 */
export type PlotWriterRequest =
  | {readonly kind: 'write'; readonly seq: number; readonly database: string; readonly actor: string; readonly puts: readonly PlotPut[]}
  | {readonly kind: 'cancel'; readonly seq: number};

/**
 * A put's outcome as it crosses back: the version written, not the plot (the page has it; sending
 * 500 plots back would cost the main thread the copy the worker saved it), or why it was refused.
 */
export type WrittenPut = {readonly ok: true; readonly version: number} | CommitFailure;

export type PlotWriterResponse = {
  readonly seq: number;
  readonly result: {readonly ok: true; readonly results: readonly WrittenPut[]} | {readonly ok: false; readonly reason: 'cancelled'} | CommitFailure;
};
