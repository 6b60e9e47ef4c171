import {unwrap} from 'idb';
import {syntheticPlots} from '../../src/geo/test/synthetic-plots';
import {silentCrossTabChannel} from '../../src/state/persistence/cross-tab';
import {DeviceDb} from '../../src/state/persistence/device-db';
import {createRefEntry} from '../../src/state/persistence/outbox';
import {PLOT_STORES, PlotStore, type StoredPut} from '../../src/state/persistence/plot-store';
import {packPlot} from '../../src/state/persistence/stored-geometry';

/*
 * The page half of idb-floor.ts (bundled by it, not by the app's build): writes `count` packed
 * synthetic plots in batches of `batch`, one strict transaction each, in one of several ways, so
 * the cost of each kind of request is seen apart from the rest of the import.
 */

type Variant = 'today' | 'putsOnly' | 'batchRecords' | 'rangeRead' | 'tinyPuts' | 'propsOnly' | 'geometryOnly' | 'oneRecord' | 'relaxed' | 'zeroGeometry' | 'putsHistory' | 'putsOutbox' | 'grouped';

let packed: StoredPut[] = [];

async function write(variant: Variant, count: number, batch: number): Promise<{totalMs: number; perBatchMs: number[]}> {
  if (packed.length !== count) packed = syntheticPlots(count).map((plot) => ({plot: packPlot(plot), expectedVersion: null}));
  const name = `idb-floor-${variant}-${Math.random().toString(36).slice(2)}`;
  const device = await DeviceDb.open({name, channel: silentCrossTabChannel()});
  const store = new PlotStore(device, 'bench');
  const perBatchMs: number[] = [];
  const t0 = performance.now();
  for (let start = 0; start < count; start += batch) {
    const puts = packed.slice(start, start + batch);
    const t = performance.now();
    const result = variant === 'today' ? await store.writeMany(puts) : variant === 'relaxed' ? await relaxed(name, puts) : await device.write(PLOT_STORES, (tx, at) => raw(variant, tx, at, puts));
    if (!result.ok) throw new Error(`batch at ${start}: ${JSON.stringify(result)}`);
    perBatchMs.push(performance.now() - t);
  }
  const totalMs = performance.now() - t0;
  device.close();
  await new Promise((resolve) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = r.onerror = r.onblocked = resolve;
  });
  return {totalMs, perBatchMs};
}

type Tx = Parameters<Parameters<DeviceDb['write']>[1]>[0];

/** Plain requests (as writeMany issues its creates), awaiting only the last one. */
async function raw(variant: Variant, tx: Tx, at: string, puts: readonly StoredPut[]) {
  const plots = unwrapStore(tx, 'plots');
  const history = unwrapStore(tx, 'history');
  const outbox = unwrapStore(tx, 'outbox');
  const ids = puts.map((p) => p.plot.properties.id);
  let existing = new Set<IDBValidKey>();
  if (variant === 'rangeRead') {
    const sorted = [...ids].sort();
    existing = new Set(await request(plots.getAllKeys(IDBKeyRange.bound(sorted[0], sorted[sorted.length - 1]))));
  }
  let last: IDBRequest | null = null;
  for (const [i, {plot}] of puts.entries()) {
    const id = ids[i]!;
    if (existing.has(id)) throw new Error(`${id} exists`);
    if (variant === 'oneRecord') continue;
    const value = variant === 'tinyPuts' ? {} : variant === 'propsOnly' ? {plot: {...plot, geometry: null}} : variant === 'geometryOnly' ? {geometry: plot.geometry} : variant === 'zeroGeometry' ? {plot: {...plot, geometry: zeroed(plot.geometry)}} : {plot};
    last = plots.put({id, ...value, version: 1, deleted: false});
    if (variant === 'rangeRead' || variant === 'putsHistory') history.add({plotId: id, version: 1, at, actor: 'bench', action: 'create', before: null, afterStored: true});
    if (variant === 'rangeRead' || variant === 'putsOutbox') last = outbox.add(createRefEntry(id, 1));
  }
  // Today's records, issued store by store: every plot, then every history entry, then every op.
  if (variant === 'grouped') {
    for (const id of ids) history.add({plotId: id, version: 1, at, actor: 'bench', action: 'create', before: null, afterStored: true});
    for (const id of ids) last = outbox.add(createRefEntry(id, 1));
  }
  if (variant === 'oneRecord') last = plots.put({id: ids[0], plots: puts.map((p) => p.plot), version: 1, deleted: false});
  if (variant === 'batchRecords') {
    history.add({plotId: ids[0], plotIds: ids, version: 1, at, actor: 'bench', action: 'create', before: null, afterStored: true});
    last = outbox.add({...createRefEntry(ids[0]!, 1), plotIds: ids, versions: ids.map(() => 1)});
  }
  if (last) await request(last);
  return {result: {ok: true as const}, changed: []};
}

/** putsOnly with relaxed durability, over a connection of its own: what the flush to disk costs. */
async function relaxed(name: string, puts: readonly StoredPut[]): Promise<{ok: true}> {
  const db = await request(indexedDB.open(name));
  const tx = db.transaction('plots', 'readwrite', {durability: 'relaxed'});
  for (const {plot} of puts) tx.objectStore('plots').put({id: plot.properties.id, plot, version: 1, deleted: false});
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
  return {ok: true};
}

/** The same geometry with every position 0: as many bytes, all compressible. */
function zeroed(geometry: StoredPut['plot']['geometry']) {
  const g = geometry as {positions: Float64Array};
  return {...g, positions: new Float64Array(g.positions.length)};
}

function unwrapStore(tx: Tx, name: 'plots' | 'history' | 'outbox'): IDBObjectStore {
  return unwrap(tx.objectStore(name)) as IDBObjectStore;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

(globalThis as unknown as {idbFloor: unknown}).idbFloor = {write};
