import {packedPut, type BatchResult, type CommitResult, type PlotPut} from './plot-store';
import type {PlotWriterRequest, PlotWriterResponse} from './plot-writer-messages';

/** The part of a Worker the writer uses, so tests can hand it an in-process stand-in. */
export type PlotWriterWorkerLike = {
  onmessage: ((event: MessageEvent<PlotWriterResponse>) => void) | null;
  onerror: ((event: unknown) => void) | null;
  postMessage(message: PlotWriterRequest): void;
  terminate(): void;
};

/** Writes an import's batches somewhere other than the page's own connection (PlotStore.putMany's contract). */
export type PlotWriter = {
  readonly putMany: (puts: readonly PlotPut[], signal?: AbortSignal) => Promise<BatchResult>;
  readonly close: () => void;
};

export const createPlotWriterWorker = (): PlotWriterWorkerLike =>
  new Worker(new URL('./plot-writer.worker.ts', import.meta.url), {type: 'module'}) as unknown as PlotWriterWorkerLike;

/**
 * The page's side of plot-writer.worker.ts: a batch is posted with the plots packed as the plots
 * store holds them (stored-geometry.ts: a typed array clones as one copy, where GeoJSON's nested
 * arrays cost the page's main thread one array per position to post), and comes back as
 * PlotStore.putMany's BatchResult holding the page's own plot objects with the versions the
 * worker wrote. It resolves only once the worker's transaction has completed (or been refused,
 * or cancelled by `signal`). If the worker fails, the batch in flight is reported as not stored
 * (the caller keeps it as not saved, for retry and export) and `broken` says so.
 */
export function createPlotWriter(database: string, actor: string, createWorker: () => PlotWriterWorkerLike = createPlotWriterWorker): PlotWriter & {readonly broken: () => boolean} {
  let worker: PlotWriterWorkerLike | null = null;
  let failed = false;
  let nextSeq = 1;
  const pending = new Map<number, (response: PlotWriterResponse['result']) => void>();

  const ensure = (): PlotWriterWorkerLike => {
    if (worker) return worker;
    const w = createWorker();
    w.onmessage = (event) => {
      const settle = pending.get(event.data.seq);
      pending.delete(event.data.seq);
      settle?.(event.data.result);
    };
    w.onerror = () => {
      failed = true;
      w.terminate();
      worker = null;
      for (const [seq, settle] of pending) {
        pending.delete(seq);
        settle({ok: false, reason: 'unknown', message: 'The plot writer stopped before the batch was stored'});
      }
    };
    worker = w;
    return w;
  };

  // Started with the repository, not at the first batch: its script must be fetched while the
  // page is online. A field team opens the app with signal and imports offline; until the
  // service worker controls the page, a worker started then could not load, and the batch
  // would be reported as not stored. A worker that fails to start leaves the page to write.
  ensure();

  return {
    broken: () => failed,
    putMany: async (puts, signal) => {
      if (signal?.aborted) return {ok: false, reason: 'cancelled'};
      const seq = nextSeq++;
      const w = ensure();
      const answer = new Promise<PlotWriterResponse['result']>((resolve) => pending.set(seq, resolve));
      const cancel = () => w.postMessage({kind: 'cancel', seq});
      signal?.addEventListener('abort', cancel, {once: true});
      w.postMessage({kind: 'write', seq, database, actor, puts: puts.map(packedPut)});
      const result = await answer;
      signal?.removeEventListener('abort', cancel);
      if (!result.ok) return result;
      return {ok: true, results: result.results.map((r, i): CommitResult => (r.ok ? {ok: true, record: {plot: puts[i]!.plot, version: r.version}} : r))};
    },
    close: () => {
      worker?.terminate();
      worker = null;
      // Whether a batch in flight committed before the end is unknown: not reported as stored.
      for (const [seq, settle] of pending) {
        pending.delete(seq);
        settle({ok: false, reason: 'closed', message: 'The connection to the database on this device is closed'});
      }
    },
  };
}
