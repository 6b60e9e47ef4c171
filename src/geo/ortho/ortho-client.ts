import type {OrthoProblem} from './ortho-georef';
import type {OrthoPlan} from './ortho-convert';
import type {OrthoRequest, OrthoResponse, OrthoTileFormat} from './ortho-messages';

/** One encoded tile of the orthophoto pack being made. */
export type EncodedTile = {readonly z: number; readonly x: number; readonly y: number; readonly bytes: Uint8Array};

/** A conversion under way: its plan, then its tiles one at a time (null once all are made). */
export type OrthoJob = {
  readonly plan: OrthoPlan;
  readonly tileFormat: OrthoTileFormat;
  next(): Promise<EncodedTile | null>;
  /** Ends the conversion at once (the worker is terminated); a `next` still waiting rejects. */
  close(): void;
};

export type OrthoOpening = {readonly ok: true; readonly job: OrthoJob} | {readonly ok: false; readonly problem: OrthoProblem};

/** Opens a file for conversion; a file that is not a usable orthophoto gives its problem. Rejects only if the converter itself breaks. */
export type OrthoConverter = (file: Blob) => Promise<OrthoOpening>;

/** The part of a Worker the client uses, so node tests can hand in a stand-in. */
export type OrthoWorkerLike = {
  onmessage: ((event: MessageEvent<OrthoResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: OrthoRequest): void;
  terminate(): void;
};

export const createOrthoWorker = (): OrthoWorkerLike =>
  new Worker(new URL('./ortho.worker.ts', import.meta.url), {type: 'module'}) as unknown as OrthoWorkerLike;

/**
 * Conversion in a Web Worker (ortho.worker.ts), one worker a file, ended by `close`. Each
 * `next` asks the worker for one tile: the pace is the caller's, so tiles are written to the
 * device as they are made and never queue up in memory.
 */
export function workerOrthoConverter(createWorker: () => OrthoWorkerLike = createOrthoWorker): OrthoConverter {
  return (file) => new Promise<OrthoOpening>((resolveOpen, rejectOpen) => {
    const worker = createWorker();
    let waiting: {resolve: (t: EncodedTile | null) => void; reject: (e: Error) => void} | null = null;
    let opened = false;
    let closed = false;
    const fail = (detail: string) => {
      const err = new Error(detail);
      worker.terminate();
      if (!opened) rejectOpen(err);
      waiting?.reject(err);
      waiting = null;
    };
    worker.onerror = (event) => fail(event.message || 'the orthophoto worker failed to start');
    worker.onmessage = (event) => {
      const m = event.data;
      if (m.type === 'problem') {
        opened = true;
        worker.terminate();
        resolveOpen({ok: false, problem: m.problem});
      } else if (m.type === 'plan') {
        opened = true;
        resolveOpen({ok: true, job: {
          plan: m.plan,
          tileFormat: m.tileFormat,
          next: () => new Promise<EncodedTile | null>((resolve, reject) => {
            // A terminated worker never answers: asking it would wait for ever.
            if (closed) return reject(new Error('the conversion was closed'));
            waiting = {resolve, reject};
            worker.postMessage({type: 'next'});
          }),
          close: () => {
            closed = true;
            worker.terminate();
            const w = waiting;
            waiting = null;
            w?.reject(new Error('the conversion was closed'));
          },
        }});
      } else if (m.type === 'tile' || m.type === 'done') {
        const w = waiting;
        waiting = null;
        w?.resolve(m.type === 'tile' ? {z: m.z, x: m.x, y: m.y, bytes: new Uint8Array(m.bytes)} : null);
      } else {
        fail(m.detail);
      }
    };
    worker.postMessage({type: 'open', file});
  });
}
