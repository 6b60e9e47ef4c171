import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureBytes} from '../geo/import/fixture-helpers';
import {importPlotFile} from '../geo/import/import-plot-file';
import type {ImportClient} from '../geo/import/import-client';
import {loadSqlWasmFromNodeModules} from '../geo/import/sql-wasm-node';
import {syntheticPlots} from '../geo/test/synthetic-plots';
import {selectImportSelection} from './import-slice';
import {MemoryStorage} from './memory-storage';
import {inMemoryCrossTabHub} from './persistence/cross-tab';
import {PlotRepository} from './persistence/plot-repository';
import {createAppStore} from './store';

/** The worker's pipeline, run in this process: the same importPlotFile the worker calls. */
const inProcessClient = async (): Promise<ImportClient> => ({
  importFile: (fileName, bytes, options) => importPlotFile(fileName, new Uint8Array(bytes), {...options, loadSqlWasm: loadSqlWasmFromNodeModules}),
  dispose: () => {},
});

const opened: PlotRepository[] = [];
afterEach(() => {
  for (const r of opened.splice(0)) r.close();
});

async function deviceStore(options: {batchSize?: number; factory?: IDBFactory} = {}) {
  const factory = options.factory ?? new IDBFactory();
  const repo = await PlotRepository.open({factory, actor: 'team-a', channel: inMemoryCrossTabHub().channel()});
  opened.push(repo);
  const store = createAppStore(new MemoryStorage(), {importClient: inProcessClient, importBatchSize: options.batchSize});
  await store.getState().connectRepository(repo);
  return {store, factory};
}

// A copy: a Buffer read from disk may be a view into a larger pool.
const asFile = (name: string, bytes: Uint8Array) => ({name, bytes: new Uint8Array(bytes).buffer as ArrayBuffer});

function geojsonFile(count: number) {
  const plots = syntheticPlots(count, 7);
  return asFile(`synthetic-${count}.geojson`, new TextEncoder().encode(JSON.stringify({type: 'FeatureCollection', features: plots})));
}

/** Every live plot on the device, read by a fresh connection. */
async function storedIds(factory: IDBFactory): Promise<string[]> {
  const repo = await PlotRepository.open({factory, actor: 'check', channel: inMemoryCrossTabHub().channel()});
  opened.push(repo);
  return (await repo.loadAll()).map((r) => r.plot.properties.id).sort();
}

describe('the import workflow in the store', () => {
  it('reads a file into a report and a preview, and writes nothing before the user confirms', async () => {
    const {store, factory} = await deviceStore();
    await store.getState().stageImportFile(asFile('datong-plots.geojson', fixtureBytes('datong-plots.geojson')));
    const {report, busy} = store.getState().importSession;
    expect(busy).toBe(false);
    expect(report?.status).toBe('ready');
    const selection = selectImportSelection(store.getState());
    expect(selection.toWrite.length).toBeGreaterThan(0);
    expect(selection.areaSquareMeters).toBeGreaterThan(0);
    expect(store.getState().importPreview).toHaveLength(selection.toWrite.length);
    expect(await storedIds(factory)).toEqual([]);
  });

  it('commits in batches with progress, and the stored count and total equal the tally of the file', async () => {
    const {store, factory} = await deviceStore({batchSize: 100});
    await store.getState().stageImportFile(geojsonFile(250));
    const toWrite = selectImportSelection(store.getState()).toWrite.map((p) => p.plot);
    expect(toWrite).toHaveLength(250);
    const seen: number[] = [];
    const talliesDuring: number[] = [];
    store.subscribe((s, prev) => {
      if (s.importSession.progress && s.importSession.progress !== prev.importSession.progress) seen.push(s.importSession.progress.stored);
      if (s.storedPlots !== prev.storedPlots) talliesDuring.push(Object.keys(s.storedPlots).length);
    });
    await store.getState().runImport();
    expect(seen).toEqual([0, 100, 200, 250]);
    // The page takes the stored plots once, so the total is worked out once.
    expect(talliesDuring).toEqual([250]);
    expect(await storedIds(factory)).toEqual(toWrite.map((p) => p.properties.id).sort());
    // The very plots of the file, so the total the page shows is the tally of the file.
    const byId = (a: {properties: {id: string}}, b: {properties: {id: string}}) => a.properties.id.localeCompare(b.properties.id);
    expect(Object.values(store.getState().storedPlots).map((r) => r.plot).sort(byId)).toEqual([...toWrite].sort(byId));
    expect(store.getState().importSession.report).toBeNull();
    expect(store.getState().importSession.outcomes.every((o) => o.result?.ok)).toBe(true);
  });

  it('keeps the selection (and its summed area) while only the progress of a running import changes', async () => {
    const {store} = await deviceStore();
    await store.getState().stageImportFile(geojsonFile(50));
    const before = selectImportSelection(store.getState());
    store.setState((s) => ({importSession: {...s.importSession, progress: {stored: 25, total: 50, storedSquareMeters: 1}}}));
    expect(selectImportSelection(store.getState())).toBe(before);
    store.getState().setImportPolicy('update');
    expect(selectImportSelection(store.getState())).not.toBe(before);
  });

  it('cancels between batches, says how many were stored, and resumes with the rest', async () => {
    const {store, factory} = await deviceStore({batchSize: 50});
    await store.getState().stageImportFile(geojsonFile(200));
    const all = selectImportSelection(store.getState()).toWrite.map((p) => p.plot.properties.id);
    const stop = store.subscribe((s) => {
      if ((s.importSession.progress?.stored ?? 0) >= 100) s.cancelImport();
    });
    await store.getState().runImport();
    stop();
    const {cancelled, report, progress} = store.getState().importSession;
    expect(cancelled).toEqual({stored: 100, total: 200});
    expect(progress?.storedSquareMeters).toBeGreaterThan(0);
    expect(report?.status).toBe('ready');
    // Complete plots only, each counted: what the device holds is what the page counts.
    expect(await storedIds(factory)).toEqual(all.slice(0, 100).sort());
    expect(Object.keys(store.getState().storedPlots).sort()).toEqual(all.slice(0, 100).sort());
    // The report offers the rest, and importing again stores exactly those.
    expect(selectImportSelection(store.getState()).toWrite.map((p) => p.plot.properties.id)).toEqual(all.slice(100));
    await store.getState().runImport();
    expect(store.getState().importSession.cancelled).toBeNull();
    expect(await storedIds(factory)).toEqual([...all].sort());
  });

  it('skips plots already on the device unless the user picks another policy', async () => {
    const {store} = await deviceStore();
    const file = asFile('datong-plots.geojson', fixtureBytes('datong-plots.geojson'));
    await store.getState().stageImportFile(file);
    await store.getState().runImport();
    const count = Object.keys(store.getState().storedPlots).length;
    expect(count).toBeGreaterThan(0);
    await store.getState().stageImportFile(file);
    expect(store.getState().importSession.matches).toHaveLength(count);
    expect(selectImportSelection(store.getState()).toWrite).toHaveLength(0);
    store.getState().setImportPolicy('as-new');
    expect(selectImportSelection(store.getState()).toWrite).toHaveLength(count);
    await store.getState().runImport();
    expect(Object.keys(store.getState().storedPlots)).toHaveLength(2 * count);
  });

  it('keeps a batch that could not be stored as not saved, for retry and export', async () => {
    const {store} = await deviceStore({batchSize: 10});
    await store.getState().stageImportFile(geojsonFile(25));
    opened[0]!.close();
    await store.getState().runImport();
    expect(Object.keys(store.getState().storedPlots)).toHaveLength(0);
    expect(store.getState().unsaved).toHaveLength(25);
    expect(Object.values(store.getState().saveState).every((s) => s.state === 'not-saved')).toBe(true);
  });
});
