import type {StoreApi} from 'zustand';
import type {Plot} from '../geo/plot';
import type {Tally} from '../geo/tally';
import {tallyPlots} from '../geo/tally';
import type {TallyRequest, TallyResponse} from '../geo/worker/tally-messages';
import {packPlotBatch} from '../geo/worker/plot-batch';
import {filtersNarrow, selectTallyInputs, todayIso} from './selectors';
import {deltaFrom} from './record-delta';
import type {AppState} from './store';

/** The part of a Worker the service uses, so tests can hand it an in-process stand-in. */
export type TallyWorkerLike = {
  onmessage: ((event: MessageEvent<TallyResponse>) => void) | null;
  onerror: ((event: unknown) => void) | null;
  postMessage(message: TallyRequest, transfer?: Transferable[]): void;
  terminate(): void;
};

/** A message as the service queues it: a put's plots are packed (plot-batch.ts) only when it is sent. */
type Outgoing = Exclude<TallyRequest, {kind: 'put'}> | {readonly kind: 'put'; readonly plots: readonly Plot[]; readonly remove: readonly string[]};

export const createTallyWorker = (): TallyWorkerLike =>
  new Worker(new URL('../geo/worker/tally.worker.ts', import.meta.url), {type: 'module'}) as unknown as TallyWorkerLike;

/** Plots per message: each is packed and copied in one go on the main thread. */
const CHUNK = 1000;

/** The stored plots with those being written in place of (or beside) their stored versions. */
function withWriting(stored: readonly Plot[], writing: readonly Plot[]): Plot[] {
  const ids = new Set(writing.map((p) => p.properties.id));
  return [...stored.filter((p) => !ids.has(p.properties.id)), ...writing];
}

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

  // A whole chunk of plots is packed and copied in one task on the main thread (plot-batch.ts:
  // 10,000 plots 50–150 ms in node at load 11, where their GeoJSON's structured clone took
  // 0.5–1 s): after one, the messages that follow wait for a later task each, in order, so
  // sending 10,000 plots after an import or a load is ten tasks instead of one of 1.4 s (issue 11,
  // trace of stop 16). A save's one-plot put and its tally still go out at once.
  const queue: Outgoing[] = [];
  let pumping = false;
  const send = (message: Outgoing) => {
    if (message.kind !== 'put') return worker.postMessage(message);
    const {batch, transfer} = packPlotBatch(message.plots);
    worker.postMessage({kind: 'put', plots: batch, remove: message.remove}, transfer);
  };
  const pump = () => {
    const message = queue.shift();
    if (!message || stopped) {
      pumping = false;
      queue.length = 0;
      return;
    }
    send(message);
    setTimeout(pump, 0);
  };
  const post = (message: Outgoing) => {
    if (pumping) {
      queue.push(message);
      return;
    }
    send(message);
    if (message.kind === 'put' && message.plots.length >= CHUNK) {
      pumping = true;
      setTimeout(pump, 0);
    }
  };

  // Worker state (`sent`) ahead of storage: a plot being saved is sent as the form saved it
  // while IndexedDB writes it, so the worker recounts in parallel with the write (issue 11: one
  // edit ≤ 50 ms). An answer that counts such a plot is held, never shown, until storage has the
  // plot as it was sent; a write that fails or loses a conflict sends the stored plot back.
  const provisional = new Map<string, Plot>();
  let held: {seq: number; tally: Tally} | null = null;
  // An import's plots (plotsWriting) sent ahead of storage in the same way: the worker dissolves
  // them while the plot writer stores them, and the end of the import only asks for the figures
  // (issue 11: "Import N", the worker's 3 s after the last batch). Its answers are held as well.
  let writingSent: AppState['plotsWriting'] = null;
  const ahead = () => provisional.size > 0 || writingSent !== null;
  let lastShown: AppState['plots'] | null = null;

  worker.onmessage = (event) => {
    const message = event.data;
    if (stopped || message.seq !== seq) return;
    if ('error' in message) {
      stop();
      return;
    }
    if (ahead()) held = {seq: message.seq, tally: message.tally};
    else store.setState({workerTally: {tally: message.tally, current: true}});
  };
  worker.onerror = () => stop();

  /** The figures shown no longer count the stored plots as they are: the header says it is updating. */
  const markStale = () => {
    const shown = store.getState().workerTally;
    if (shown?.current) store.setState({workerTally: {tally: shown.tally, current: false}});
  };

  /**
   * One save (record-delta.ts) with no filter: only the plots it names, and those sent ahead of
   * their write, are looked at, not all 10,000. False when the change was not noted, and the
   * caller compares every plot.
   */
  const flushNoted = (s: AppState, asOf: string): boolean => {
    const storedIds = lastStored === s.storedPlots ? [] : deltaFrom(lastStored!, s.storedPlots);
    const shownIds = lastShown === s.plots ? [] : deltaFrom(lastShown!, s.plots);
    if (!storedIds || !shownIds) return false;
    let storedMoved = false;
    for (const id of storedIds) if (lastStored![id]?.plot !== s.storedPlots[id]?.plot) storedMoved = true;
    const shownNow = new Set(shownIds);
    const ids = new Set([...storedIds, ...shownIds, ...provisional.keys()]);
    lastStored = s.storedPlots;
    lastShown = s.plots;
    const changed: Plot[] = [];
    const remove: string[] = [];
    for (const id of ids) {
      const stored = s.storedPlots[id]?.plot;
      const shown = s.plots[id]?.plot;
      const saving = s.saveState[id]?.state === 'saving';
      // Sent ahead while its write is in flight: the plot a save just showed, or the one already sent for it.
      if (saving && shown && shown !== stored && (shownNow.has(id) || provisional.get(id) === shown)) provisional.set(id, shown);
      else provisional.delete(id);
      const want = provisional.get(id) ?? stored;
      if (want) {
        if (sent.get(id) !== want) {
          changed.push(want);
          sent.set(id, want);
        }
      } else if (sent.delete(id)) remove.push(id);
    }
    // Whoever asks for the inputs next works them out afresh; this answer is for the plots now.
    lastInputs = [];
    if (changed.length > 0 || remove.length > 0) {
      post({kind: 'put', plots: changed, remove});
      post({kind: 'tally', seq: ++seq, asOf});
      held = null;
    }
    // The write came through as sent, and the worker had already answered for it: shown at once.
    if (held && held.seq === seq && !ahead()) {
      store.setState({workerTally: {tally: held.tally, current: true}});
      held = null;
    } else if (storedMoved) markStale();
    return true;
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
    const writing = filtersNarrow(s.filters) ? null : s.plotsWriting;
    if (sameKey && lastStored === s.storedPlots && lastShown === s.plots && provisional.size === 0 && writing === writingSent) return;
    if (lastStored && lastShown && sentFor && sameKey && writing === writingSent && !filtersNarrow(s.filters) && flushNoted(s, asOf)) return;
    lastStored = s.storedPlots;
    lastShown = s.plots;
    lastKey = {filters: s.filters, geodata: s.geodata, asOf};
    // Compared in full against what storage holds: whatever was sent ahead of a write goes back to its stored version.
    const wasAhead = ahead();
    provisional.clear();
    writingSent = writing;
    held = null;
    const inputs = selectTallyInputs(s);
    const key = [inputs.plots, inputs.zones, inputs.undated, asOf];
    const storedSame = key.every((k, i) => k === lastInputs[i]);
    if (!wasAhead && !writing && storedSame) return;
    lastInputs = key;
    const {zones, undated} = inputs;
    const plots = writing ? withWriting(inputs.plots, writing) : inputs.plots;
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
    // Plots only being written: what the header shows still counts what storage holds.
    if (!storedSame || !writing) markStale();
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
