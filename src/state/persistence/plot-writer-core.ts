import type {DeviceDb} from './device-db';
import {PlotStore} from './plot-store';
import type {PlotWriterRequest, PlotWriterResponse} from './plot-writer-messages';

/**
 * The plot writer worker's logic, without the worker (so node tests run it in-process): each
 * `write` is PlotStore.writeMany over the worker's own connection, opened on the first batch and
 * again after it was lost; a `cancel` fires the signal of the batch in flight, whose
 * transaction is then aborted (nothing of it lands) unless it had already committed.
 */
export function createPlotWriterCore(open: (database: string) => Promise<DeviceDb>, post: (response: PlotWriterResponse) => void): (request: PlotWriterRequest) => Promise<void> {
  let device: {readonly database: string; readonly db: Promise<DeviceDb>} | null = null;
  const inFlight = new Map<number, AbortController>();

  const connection = async (database: string): Promise<DeviceDb> => {
    if (device?.database === database) {
      const db = await device.db.catch(() => null);
      // A connection the browser closed (site data cleared) is opened again, as the page does;
      // one a newer build took over stays, and its writes are refused with 'reload-required'.
      if (db && db.status !== 'closed') return db;
      db?.close();
    } else if (device) {
      (await device.db.catch(() => null))?.close();
    }
    device = {database, db: open(database)};
    return device.db;
  };

  return async (request) => {
    if (request.kind === 'cancel') {
      inFlight.get(request.seq)?.abort();
      return;
    }
    const {seq, database, actor, puts} = request;
    const controller = new AbortController();
    inFlight.set(seq, controller);
    try {
      const db = await connection(database);
      if (controller.signal.aborted) {
        post({seq, result: {ok: false, reason: 'cancelled'}});
        return;
      }
      post({seq, result: await new PlotStore(db, actor).writeMany(puts, controller.signal)});
    } catch (err) {
      // Opening failed (no IndexedDB in this worker, a storage error): nothing was written.
      post({seq, result: {ok: false, reason: 'unknown', message: err instanceof Error ? err.message : String(err)}});
    } finally {
      inFlight.delete(seq);
    }
  };
}
