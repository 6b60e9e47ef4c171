import type {StoreApi} from 'zustand';
import type {Plot} from '../geo/plot';
import {tallyPlots} from '../geo/tally';
import type {TallyRequest, TallyResponse} from '../geo/worker/tally-messages';
import {filtersNarrow, selectTallyInputs, todayIso} from './selectors';
import {deltaFrom} from './record-delta';
import type {AppState} from './store';

/** The part of a Worker the service uses, so tests can hand it an in-process stand-in. */
export type TallyWorkerLike = {
  onmessage: ((event: MessageEvent<TallyResponse>) => void) | null;
  onerror: ((event: unknown) => void) | null;
  postMessage(message: TallyRequest): void;
  terminate(): void;
};

export const createTallyWorker = (): TallyWorkerLike =>
  new Worker(new URL('../geo/worker/tally.worker.ts', import.meta.url), {type: 'module'}) as unknown as TallyWorkerLike;

/** Plots per message: each is copied (structured clone) in one go on the main thread. */
const CHUNK = 1000;

/**
 * Keeps the tally in a worker (issue 11): after every change of the stored plots, the filters
 * or the zones, only the plots that changed are sent (by object identity; all of them after a
 * reset), the worker redoes their dissolve clusters and posts the figures back into
 * `workerTally`. The page never dissolves 10,000 plots itself. If the worker fails, the
 * service stops and the page tallies itself again (`workerTally` null).
 *
 * @example
 * const stop = startTallyService(useAppStore);
 */
export function startTallyService(store: StoreApi<AppState>, createWorker: () => TallyWorkerLike = createTallyWorker, today = todayIso): () => void {
  const worker = createWorker();
  // Until the worker's first answer: the figures of no plots (the page has not read any yet).
  store.setState({workerTally: {tally: tallyPlots([], {asOf: today()}), current: false}});
  let sent = new Map<string, Plot>();
  let sentFor: {zones: unknown; undated: string} | null = null;
  let lastInputs: unknown[] = [];
  let lastStored: AppState['storedPlots'] | null = null;
  let lastKey: {filters: AppState['filters']; geodata: AppState['geodata']; asOf: string} | null = null;
  let seq = 0;
  let scheduled = false;
  let stopped = false;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    unsubscribe();
    worker.terminate();
    store.setState({workerTally: null});
  };

  worker.onmessage = (event) => {
    const message = event.data;
    if (stopped || message.seq !== seq) return;
    if ('error' in message) {
      stop();
      return;
    }
    store.setState({workerTally: {tally: message.tally, current: true}});
  };
  worker.onerror = () => stop();

  // A whole chunk of plots is one structured clone on the main thread (~140 ms for 1,000 plots
  // under load): after one, the messages that follow wait for a later task each, in order, so
  // sending 10,000 plots after an import or a load is ten tasks instead of one of 1.4 s (issue 11,
  // trace of stop 16). A save's one-plot put and its tally still go out at once.
  const queue: TallyRequest[] = [];
  let pumping = false;
  const pump = () => {
    const message = queue.shift();
    if (!message || stopped) {
      pumping = false;
      queue.length = 0;
      return;
    }
    worker.postMessage(message);
    setTimeout(pump, 0);
  };
  const post = (message: TallyRequest) => {
    if (pumping) {
      queue.push(message);
      return;
    }
    worker.postMessage(message);
    if (message.kind === 'put' && message.plots.length >= CHUNK) {
      pumping = true;
      setTimeout(pump, 0);
    }
  };

  const flush = () => {
    scheduled = false;
    if (stopped) return;
    const s = store.getState();
    // The plots are being read in pages: the total comes once the last page is in.
    if (s.plotsLoading) return;
    const asOf = s.filters.asOf ?? today();
    const sameKey = lastKey?.filters === s.filters && lastKey.geodata === s.geodata && lastKey.asOf === asOf;
    // Nothing the tally counts changed (a selection, a form closing): no pass over the plots.
    if (sameKey && lastStored === s.storedPlots) return;
    // One save (record-delta.ts), no filter: only its plots are looked at, not all 10,000 (issue 11).
    const ids = lastStored && sentFor && sameKey && !filtersNarrow(s.filters) ? deltaFrom(lastStored, s.storedPlots) : null;
    lastStored = s.storedPlots;
    lastKey = {filters: s.filters, geodata: s.geodata, asOf};
    if (ids) {
      const changed: Plot[] = [];
      const remove: string[] = [];
      for (const id of ids) {
        const p = s.storedPlots[id]?.plot;
        if (p && sent.get(id) !== p) {
          changed.push(p);
          sent.set(id, p);
        } else if (!p && sent.delete(id)) remove.push(id);
      }
      // Whoever asks for the inputs next works them out afresh; this answer is for the plots now.
      lastInputs = [];
      if (changed.length === 0 && remove.length === 0) return;
      post({kind: 'put', plots: changed, remove});
      post({kind: 'tally', seq: ++seq, asOf});
      const held = store.getState().workerTally;
      if (held?.current) store.setState({workerTally: {tally: held.tally, current: false}});
      return;
    }
    const inputs = selectTallyInputs(s);
    const key = [inputs.plots, inputs.zones, inputs.undated, asOf];
    if (key.every((k, i) => k === lastInputs[i])) return;
    lastInputs = key;
    const {plots, zones, undated} = inputs;
    const changed: Plot[] = [];
    for (const p of plots) if (sent.get(p.properties.id) !== p) changed.push(p);
    let remove: string[] = [];
    if (sent.size + changed.length > plots.length) {
      const seen = new Set(plots.map((p) => p.properties.id));
      remove = [...sent.keys()].filter((id) => !seen.has(id));
    }
    const reset = !sentFor || sentFor.zones !== zones || sentFor.undated !== undated || changed.length + remove.length > Math.max(64, plots.length / 2);
    if (reset) {
      post({kind: 'reset', zones, undated});
      sentFor = {zones, undated};
      sent = new Map();
      for (let i = 0; i < plots.length; i += CHUNK) post({kind: 'put', plots: plots.slice(i, i + CHUNK), remove: []});
      for (const p of plots) sent.set(p.properties.id, p);
    } else {
      for (const id of remove) sent.delete(id);
      for (const p of changed) sent.set(p.properties.id, p);
      for (let i = 0; i < Math.max(changed.length, 1); i += CHUNK) post({kind: 'put', plots: changed.slice(i, i + CHUNK), remove: i === 0 ? remove : []});
    }
    post({kind: 'tally', seq: ++seq, asOf});
    const held = store.getState().workerTally;
    if (held?.current) store.setState({workerTally: {tally: held.tally, current: false}});
  };

  const schedule = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    // A save is several store updates in a row: one message for all of them.
    queueMicrotask(flush);
  };
  const unsubscribe = store.subscribe(schedule);
  schedule();
  return stop;
}
