import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import {describe, expect, it} from 'vitest';
import type {Plot} from '../geo/plot';
import {tallyPlots} from '../geo/tally';
import {syntheticPlots} from '../geo/test/synthetic-plots';
import type {TallyRequest, TallyResponse} from '../geo/worker/tally-messages';
import {createTallyCore} from '../geo/worker/tally-worker-core';
import {unpackPlotBatch} from '../geo/worker/plot-batch';
import {MemoryStorage} from './memory-storage';
import {inMemoryCrossTabHub} from './persistence/cross-tab';
import {PlotRepository, type Change, type CommitResult, type PlotRecord} from './persistence/plot-repository';
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
    expect(puts.flatMap((m) => (m.kind === 'put' ? unpackPlotBatch(m.plots).map((p) => p.properties.id) : []))).toEqual([edited.properties.id]);

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
    expect(sent.slice(from).flatMap((m) => (m.kind === 'put' ? unpackPlotBatch(m.plots).map((p) => p.properties.id) : []))).toEqual([edited.properties.id]);
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
    expect(sent.slice(start).map((m) => (m.kind === 'put' ? unpackPlotBatch(m.plots).length : m.kind))).toEqual(['reset', 1000]);
    await settle(store);
    expect(sent.slice(start).map((m) => (m.kind === 'put' ? unpackPlotBatch(m.plots).length : m.kind))).toEqual(['reset', 1000, 1000, 500, 'tally']);
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

  describe('a save is recounted while storage writes it', () => {
    /** A store on a fresh device database with `plots` stored, its tally worker started; `commit` replaces the repository's single writes. */
    async function device(plots: readonly Plot[], sent: TallyRequest[]) {
      const repo = await PlotRepository.open({factory: new IDBFactory(), actor: 'team-a', channel: inMemoryCrossTabHub().channel()});
      const store = createAppStore(new MemoryStorage());
      await store.getState().connectRepository(repo);
      await store.getState().commitPlots(plots.map((plot) => ({plot, base: {baseVersion: null}})));
      const stop = startTallyService(store, () => fakeWorker(sent), () => ASOF);
      await settle(store);
      const write = repo.commit.bind(repo);
      let gate: ((change: Change) => Promise<CommitResult>) | null = null;
      repo.commit = (change) => (gate ? gate(change) : write(change));
      return {store, repo, stop, write, hold: (g: ((change: Change) => Promise<CommitResult>) | null) => (gate = g)};
    }
    const mu = (store: ReturnType<typeof createAppStore>) => selectTally(store.getState(), ASOF).remediatedSquareMeters;
    const fresh = (list: readonly Plot[]) => tallyPlots(list, {asOf: ASOF}).remediatedSquareMeters;
    const ticks = (n = 5) => new Promise((r) => setTimeout(r, n));
    const remediated = (p: Plot): Plot => ({...p, properties: {...p.properties, status: 'remediated', completed: '2025-06-30'}});

    it('shows the new total as the write completes, never before it', async () => {
      const sent: TallyRequest[] = [];
      const plots = syntheticPlots(120);
      const {store, write, hold, stop} = await device(plots, sent);
      const before = mu(store);
      const planned = plots.find((p) => p.properties.status === 'planned')!;
      const edited = remediated(planned);
      let release!: () => void;
      const written = new Promise<void>((r) => (release = r));
      hold(async (change) => {
        await written;
        return write(change);
      });
      const from = sent.length;
      const saving = store.getState().savePlot(edited);
      await ticks(20);
      // Sent and recounted while IndexedDB holds the write; the header still shows what storage has.
      expect(sent.slice(from).flatMap((m) => (m.kind === 'put' ? unpackPlotBatch(m.plots).map((p) => p.properties.id) : []))).toEqual([edited.properties.id]);
      expect(store.getState().saveState[edited.properties.id]?.state).toBe('saving');
      expect(mu(store)).toBe(before);
      expect(selectTallyCurrent(store.getState())).toBe(true);
      const asked = sent.length;
      release();
      expect((await saving).ok).toBe(true);
      // In the task the write completed in: the answer the worker already gave, no second round trip.
      expect(selectTallyCurrent(store.getState())).toBe(true);
      expect(mu(store)).toBeCloseTo(fresh(plots.map((p) => (p === planned ? edited : p))), 6);
      expect(mu(store)).toBeGreaterThan(before);
      expect(sent.length).toBe(asked);
      stop();
    });

    it('a write that fails is never counted, and the worker gets the stored plot back', async () => {
      const sent: TallyRequest[] = [];
      const plots = syntheticPlots(120);
      const {store, hold, stop} = await device(plots, sent);
      const before = mu(store);
      const [a, b] = plots.filter((p) => p.properties.status === 'planned');
      hold(async () => {
        await ticks(20);
        return {ok: false, reason: 'quota', message: 'disk full'};
      });
      const result = await store.getState().savePlot(remediated(a!));
      expect(result.ok).toBe(false);
      expect(store.getState().saveState[a!.properties.id]?.state).toBe('not-saved');
      await settle(store);
      expect(mu(store)).toBe(before);
      // The last the worker was given of that plot is its stored version.
      const last = sent.flatMap((m) => (m.kind === 'put' ? unpackPlotBatch(m.plots) : [])).filter((p) => p.properties.id === a!.properties.id).at(-1);
      expect(last?.properties.status).toBe('planned');
      // A later save that is stored: the total counts it and not the failed one.
      hold(null);
      expect((await store.getState().savePlot(remediated(b!))).ok).toBe(true);
      await settle(store);
      expect(mu(store)).toBeCloseTo(fresh(plots.map((p) => (p === b ? remediated(b!) : p))), 6);
      stop();
    });

    it('a save refused as a conflict counts the version storage holds', async () => {
      const sent: TallyRequest[] = [];
      const plots = syntheticPlots(120);
      const {store, write, hold, stop} = await device(plots, sent);
      const planned = plots.find((p) => p.properties.status === 'planned')!;
      // Another tab saved it first: still planned, with a note.
      const theirs: Plot = {...planned, properties: {...planned.properties, notes: 'theirs'}};
      hold(async () => {
        await ticks(20);
        const stored = await write({kind: 'put', plot: theirs, expectedVersion: 1});
        if (!stored.ok || !stored.record) throw new Error('setup');
        return {ok: false, reason: 'conflict', message: 'stale', current: stored.record, currentVersion: stored.record.version};
      });
      const result = await store.getState().savePlot(remediated(planned));
      expect(result.ok).toBe(false);
      await settle(store);
      expect(mu(store)).toBeCloseTo(fresh(plots.map((p) => (p === planned ? theirs : p))), 6);
      expect(store.getState().conflicts.length).toBe(1);
      stop();
    });
    describe('an import', () => {
      const gated = async (outcome?: 'fail') => {
        const sent: TallyRequest[] = [];
        const all = syntheticPlots(200);
        const {store, repo, stop} = await device(all.slice(0, 120), sent);
        const commitMany = repo.commitMany.bind(repo);
        let release!: () => void;
        const written = new Promise<void>((r) => (release = r));
        repo.commitMany = async (puts, signal) => {
          await written;
          return outcome === 'fail' ? {ok: false, reason: 'unknown', message: 'disk full'} : commitMany(puts, signal);
        };
        return {sent, all, store, stop, release};
      };

      it('is dissolved by the worker while storage writes it; its end only asks for the figures', async () => {
        const {sent, all, store, stop, release} = await gated();
        const before = mu(store);
        const from = sent.length;
        const importing = store.getState().commitPlots(all.slice(120).map((plot) => ({plot, base: {baseVersion: null}})));
        await ticks(20);
        const ahead = sent.slice(from).flatMap((m) => (m.kind === 'put' ? unpackPlotBatch(m.plots).map((p) => p.properties.id) : []));
        expect(new Set(ahead)).toEqual(new Set(all.slice(120).map((p) => p.properties.id)));
        expect(sent.slice(from).at(-1)?.kind).toBe('tally');
        // The worker has answered for all 200; the header still counts the 120 stored.
        expect(mu(store)).toBe(before);
        expect(selectTallyCurrent(store.getState())).toBe(true);
        const end = sent.length;
        release();
        await importing;
        await settle(store);
        expect(mu(store)).toBeCloseTo(fresh(all), 6);
        expect(mu(store)).toBeGreaterThan(before);
        expect(sent.slice(end).map((m) => (m.kind === 'put' ? unpackPlotBatch(m.plots).length : m.kind))).toEqual([0, 'tally']);
        stop();
      });

      it('that storage refuses is never counted', async () => {
        const {all, store, stop, release} = await gated('fail');
        const before = mu(store);
        const importing = store.getState().commitPlots(all.slice(120).map((plot) => ({plot, base: {baseVersion: null}})));
        await ticks(20);
        release();
        await importing;
        await settle(store);
        expect(store.getState().plotsWriting).toBeNull();
        expect(mu(store)).toBeCloseTo(fresh(all.slice(0, 120)), 6);
        expect(mu(store)).toBe(before);
        stop();
      });
    });
  });
});
