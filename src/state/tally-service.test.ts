import {describe, expect, it} from 'vitest';
import type {Plot} from '../geo/plot';
import {tallyPlots} from '../geo/tally';
import {syntheticPlots} from '../geo/test/synthetic-plots';
import type {TallyRequest, TallyResponse} from '../geo/worker/tally-messages';
import {createTallyCore} from '../geo/worker/tally-worker-core';
import {MemoryStorage} from './memory-storage';
import type {PlotRecord} from './persistence/plot-repository';
import {selectTally, selectTallyCurrent} from './selectors';
import {createAppStore} from './store';
import {noteDelta} from './record-delta';
import {startTallyService, type TallyWorkerLike} from './tally-service';

const ASOF = '2025-07-01';

/** The worker's own core, answering a tick later as a real worker would; records what it was sent. */
function fakeWorker(sent: TallyRequest[]): TallyWorkerLike {
  const core = createTallyCore();
  const w: TallyWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(message) {
      // A worker gets a copy: so does this one.
      const copy = structuredClone(message);
      sent.push(copy);
      const response = core.handle(copy);
      if (response) setTimeout(() => w.onmessage?.({data: response} as MessageEvent<TallyResponse>), 0);
    },
    terminate() {},
  };
  return w;
}

const records = (plots: readonly Plot[]) => Object.fromEntries(plots.map((p): [string, PlotRecord] => [p.properties.id, {plot: p, version: 1}]));
/** Until the worker has answered for the store as it is now (the service posts on the next microtask). */
const settle = async (store: ReturnType<typeof createAppStore>) => {
  await Promise.resolve();
  for (let i = 0; i < 100 && !store.getState().workerTally?.current; i++) await new Promise((r) => setTimeout(r, 5));
};

describe('tally service', () => {
  it('keeps the total equal to a fresh tally through loads, edits and deletes, sending only what changed', async () => {
    const store = createAppStore(new MemoryStorage());
    const sent: TallyRequest[] = [];
    const stop = startTallyService(store, () => fakeWorker(sent), () => ASOF);
    const plots = syntheticPlots(300);
    store.setState({storedPlots: records(plots)});
    await settle(store);
    const fresh = (list: readonly Plot[]) => tallyPlots(list, {asOf: ASOF}).remediatedSquareMeters;
    expect(selectTally(store.getState(), ASOF).remediatedSquareMeters).toBeCloseTo(fresh(plots), 6);
    expect(selectTally(store.getState(), ASOF).remediatedSquareMeters).toBeGreaterThan(0);

    // One edit: a planned plot becomes remediated.
    const planned = plots.find((p) => p.properties.status === 'planned')!;
    const edited: Plot = {...planned, properties: {...planned.properties, status: 'remediated', completed: '2025-06-30'}};
    const before = sent.length;
    store.setState((s) => ({storedPlots: {...s.storedPlots, [edited.properties.id]: {plot: edited, version: 2}}}));
    await settle(store);
    const afterEdit = plots.map((p) => (p === planned ? edited : p));
    expect(selectTally(store.getState(), ASOF).remediatedSquareMeters).toBeCloseTo(fresh(afterEdit), 6);
    expect(fresh(afterEdit)).toBeGreaterThan(fresh(plots));
    const puts = sent.slice(before).filter((m) => m.kind === 'put');
    expect(sent.slice(before).some((m) => m.kind === 'reset')).toBe(false);
    expect(puts.flatMap((m) => (m.kind === 'put' ? m.plots.map((p) => p.properties.id) : []))).toEqual([edited.properties.id]);

    // One delete.
    const gone = afterEdit.find((p) => p.properties.status === 'remediated' && p !== edited)!;
    store.setState((s) => {
      const storedPlots = {...s.storedPlots};
      delete storedPlots[gone.properties.id];
      return {storedPlots};
    });
    await settle(store);
    expect(selectTally(store.getState(), ASOF).remediatedSquareMeters).toBeCloseTo(fresh(afterEdit.filter((p) => p !== gone)), 6);
    stop();
    expect(store.getState().workerTally).toBeNull();
  });

  it('takes a save that names its plot (record-delta) without going over the other plots', async () => {
    const store = createAppStore(new MemoryStorage());
    const sent: TallyRequest[] = [];
    const stop = startTallyService(store, () => fakeWorker(sent), () => ASOF);
    const plots = syntheticPlots(200);
    store.setState({storedPlots: records(plots)});
    await settle(store);
    const planned = plots.find((p) => p.properties.status === 'planned')!;
    const edited: Plot = {...planned, properties: {...planned.properties, status: 'remediated', completed: '2025-06-30'}};
    // A record that counts every listing of its keys: a pass over all plots would list them.
    let listed = 0;
    const before = store.getState().storedPlots;
    const next = new Proxy({...before, [edited.properties.id]: {plot: edited, version: 2}}, {
      ownKeys: (target) => {
        listed++;
        return Reflect.ownKeys(target);
      },
    });
    const from = sent.length;
    store.setState({storedPlots: noteDelta(next, before, [edited.properties.id])});
    await settle(store);
    expect(listed).toBe(0);
    expect(sent.slice(from).flatMap((m) => (m.kind === 'put' ? m.plots.map((p) => p.properties.id) : []))).toEqual([edited.properties.id]);
    expect(selectTally(store.getState(), ASOF).remediatedSquareMeters).toBeCloseTo(tallyPlots(plots.map((p) => (p === planned ? edited : p)), {asOf: ASOF}).remediatedSquareMeters, 6);
    // An update that leaves the stored plots alone (a selection) sends nothing.
    const quiet = sent.length;
    store.setState({selectedPlotId: edited.properties.id});
    await settle(store);
    expect(sent.length).toBe(quiet);
    stop();
  });

  it('says the total is not current from a change until the worker answers for it', async () => {
    const store = createAppStore(new MemoryStorage());
    const stop = startTallyService(store, () => fakeWorker([]), () => ASOF);
    const plots = syntheticPlots(50);
    store.setState({storedPlots: records(plots)});
    await settle(store);
    expect(selectTallyCurrent(store.getState())).toBe(true);
    const before = selectTally(store.getState(), ASOF).remediatedSquareMeters;
    const gone = plots.find((p) => p.properties.status === 'remediated')!;
    store.setState((s) => {
      const storedPlots = {...s.storedPlots};
      delete storedPlots[gone.properties.id];
      return {storedPlots};
    });
    // The service posts on the next microtask; the worker answers a tick later.
    await Promise.resolve();
    expect(selectTallyCurrent(store.getState())).toBe(false);
    expect(selectTally(store.getState(), ASOF).remediatedSquareMeters).toBe(before);
    await settle(store);
    expect(selectTallyCurrent(store.getState())).toBe(true);
    expect(selectTally(store.getState(), ASOF).remediatedSquareMeters).toBeLessThan(before);
    stop();
    // The page tallies itself without a worker: always current.
    expect(selectTallyCurrent(store.getState())).toBe(true);
  });

  it('sends thousands of plots a chunk per task, in order, and a save at once', async () => {
    const store = createAppStore(new MemoryStorage());
    const sent: TallyRequest[] = [];
    const stop = startTallyService(store, () => fakeWorker(sent), () => ASOF);
    await settle(store);
    const plots = syntheticPlots(2500, 12);
    const start = sent.length;
    store.setState({storedPlots: records(plots)});
    await Promise.resolve();
    // In the task of the change: the reset and the first chunk only (one structured clone of 1,000 plots).
    expect(sent.slice(start).map((m) => (m.kind === 'put' ? m.plots.length : m.kind))).toEqual(['reset', 1000]);
    await settle(store);
    expect(sent.slice(start).map((m) => (m.kind === 'put' ? m.plots.length : m.kind))).toEqual(['reset', 1000, 1000, 500, 'tally']);
    expect(selectTally(store.getState(), ASOF).remediatedSquareMeters).toBeCloseTo(tallyPlots(plots, {asOf: ASOF}).remediatedSquareMeters, 6);
    // One save afterwards goes out in the task of the change, put and tally together.
    const [first] = plots;
    const edited: Plot = {...first!, properties: {...first!.properties, notes: 'seen'}};
    const before = sent.length;
    store.setState((s) => ({storedPlots: {...s.storedPlots, [edited.properties.id]: {plot: edited, version: 2}}}));
    await Promise.resolve();
    expect(sent.slice(before).map((m) => m.kind)).toEqual(['put', 'tally']);
    stop();
  });
});
