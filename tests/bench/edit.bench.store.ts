import {loadavg} from 'node:os';
import {syntheticPlots} from '../../src/geo/test/synthetic-plots';
import type {TallyRequest, TallyResponse} from '../../src/geo/worker/tally-messages';
import {createTallyCore} from '../../src/geo/worker/tally-worker-core';
import {plotsDiff} from '../../src/map/plots-diff';
import {MemoryStorage} from '../../src/state/memory-storage';
import type {Change, CommitResult, PlotRecord, PlotRepository} from '../../src/state/persistence/plot-repository';
import {formValuesOf} from '../../src/state/plot-form-slice';
import {selectFilteredPlots, selectListedPlots, selectNotSavedPlots, selectPlotCount, selectPlotsCollection, selectTally, selectTallyCurrent, todayIso} from '../../src/state/selectors';
import {createAppStore} from '../../src/state/store';
import {startTallyService, type TallyWorkerLike} from '../../src/state/tally-service';

/*
 * One form save with N plots in the store, in node (`npx vitest run --config tests/bench/vitest.store-bench.config.ts`; BENCH_PLOTS, BENCH_EDITS):
 * the page's main-thread share of it — store updates, the selectors the header, the plot list
 * and the map subscribe to, the tally service — with storage and the tally worker stood in
 * for (the worker's time is printed apart). Prints figures, asserts nothing.
 */
const count = Number(process.env.BENCH_PLOTS ?? 10_000);
const edits = Number(process.env.BENCH_EDITS ?? 20);
const plots = syntheticPlots(count);
const records: Record<string, PlotRecord> = Object.fromEntries(plots.map((p) => [p.properties.id, {plot: p, version: 1}]));
const versions = new Map(plots.map((p) => [p.properties.id, 1]));

const repo = {
  onRemoteChange: () => () => undefined,
  loadAll: async () => Object.values(records),
  loadSlides: async () => [],
  commit: async (change: Change): Promise<CommitResult> => {
    await new Promise((r) => setTimeout(r, 0));
    if (change.kind !== 'put') throw new Error('only puts');
    const id = change.plot.properties.id;
    const version = (versions.get(id) ?? 0) + 1;
    versions.set(id, version);
    return {ok: true, record: {plot: change.plot, version}};
  },
} as unknown as PlotRepository;

let workerMs = 0;
const core = createTallyCore();
const worker: TallyWorkerLike = {
  onmessage: null,
  onerror: null,
  postMessage(message: TallyRequest) {
    const copy = structuredClone(message);
    setTimeout(() => {
      const t = performance.now();
      const response = core.handle(copy);
      workerMs += performance.now() - t;
      if (response) setTimeout(() => worker.onmessage?.({data: response} as MessageEvent<TallyResponse>), 0);
    }, 0);
  },
  terminate() {},
};

const store = createAppStore(new MemoryStorage());
const today = todayIso();
// What the mounted components and map ask of every store update (useAppStore selectors run on each).
let drawn = selectPlotsCollection(store.getState());
let mainMs = 0;
const parts = new Map<string, number>();
function part<T>(name: string, f: () => T): T {
  const t = performance.now();
  const v = f();
  parts.set(name, (parts.get(name) ?? 0) + performance.now() - t);
  return v;
}
store.subscribe((s) => {
  const t = performance.now();
  part('tally', () => selectTally(s, today));
  part('current', () => selectTallyCurrent(s));
  part('notSaved', () => selectNotSavedPlots(s).length);
  part('filtered', () => selectFilteredPlots(s).length);
  part('count', () => selectPlotCount(s));
  part('listed', () => selectListedPlots(s));
  const next = part('collection', () => selectPlotsCollection(s));
  if (next !== drawn) {
    part('diff', () => plotsDiff(drawn, next));
    drawn = next;
  }
  mainMs += performance.now() - t;
});
startTallyService(store, () => worker, () => today);
await store.getState().connectRepository(repo);
const settle = async () => {
  for (let i = 0; i < 2000 && !selectTallyCurrent(store.getState()); i++) await new Promise((r) => setTimeout(r, 1));
};
await settle();

const planned = plots.filter((p) => p.properties.status === 'planned').slice(0, edits);
const rows: {total: number; main: number; worker: number; updates: number}[] = [];
let updates = 0;
store.subscribe(() => void updates++);
parts.clear();
for (const p of planned) {
  // As in the browser bench: the plot's row is picked, then its form opened.
  store.getState().selectPlot(p.properties.id);
  store.getState().openForm({plot: store.getState().plots[p.properties.id]!.plot, isNew: false, baseVersion: store.getState().plots[p.properties.id]!.version});
  const before = selectTally(store.getState(), today).remediatedSquareMeters;
  mainMs = 0;
  workerMs = 0;
  updates = 0;
  const t0 = performance.now();
  const tSubmit = performance.now();
  const done = store.getState().submitForm({...formValuesOf(p), status: 'remediated', completed: '2025-06-30'});
  const submitSync = performance.now() - tSubmit;
  await done;
  await settle();
  const total = performance.now() - t0;
  if (selectTally(store.getState(), today).remediatedSquareMeters === before) throw new Error('the total did not change');
  rows.push({total, main: mainMs + submitSync, worker: workerMs, updates});
}
if (process.env.EDIT_PARTS) console.log([...parts].map(([k, v]) => `${k} ${(v / edits).toFixed(1)} ms`).join(', '));
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.95 * xs.length) - 1)]!;
const f = (ms: number) => `${ms.toFixed(1)} ms`;
console.log(`edit in the store, ${count} plots, ${edits} saves, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`  save → total current   median ${f(med(rows.map((r) => r.total)))}, p95 ${f(p95(rows.map((r) => r.total)))}`);
console.log(`  subscribers + submit   median ${f(med(rows.map((r) => r.main)))} (main thread, selectors as mounted)`);
console.log(`  tally worker           median ${f(med(rows.map((r) => r.worker)))}`);
console.log(`  store updates per save median ${med(rows.map((r) => r.updates))}`);

