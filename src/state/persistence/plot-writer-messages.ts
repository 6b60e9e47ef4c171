import type {StoredPut, WrittenBatch} from './plot-store';

/**
 * Page → plot writer worker: one import batch to write in one strict transaction over the
 * worker's own connection to `database`, or the cancel of the batch `seq` in flight.
 */
export type PlotWriterRequest =
  | {readonly kind: 'write'; readonly seq: number; readonly database: string; readonly actor: string; readonly puts: readonly StoredPut[]}
  | {readonly kind: 'cancel'; readonly seq: number};

/**
 * A batch's outcome as it crosses back: per put the version written, not the plot (the page has
 * it; sending 500 plots back would cost the main thread the copy the worker saved it), or why it
 * was refused.
 */
export type PlotWriterResponse = {
  readonly seq: number;
  readonly result: WrittenBatch;
};
