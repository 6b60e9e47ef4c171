import {reportCollector, type ImportRequest, type ImportResponse, type WorkerImportOptions} from './import-messages';
import {DEFAULT_IMPORT_BUDGET, type StagedImport} from './staged-import';

/** The part of a Worker the client uses, so tests can hand it an in-process stand-in. */
export type ImportWorkerLike = {
  onmessage: ((event: MessageEvent<ImportResponse>) => void) | null;
  postMessage(message: ImportRequest, transfer: Transferable[]): void;
  terminate(): void;
};

export type ImportClient = {
  /** Stages one file in the worker; resolves with the report, never rejects for bad input. */
  readonly importFile: (fileName: string, bytes: ArrayBuffer, options?: WorkerImportOptions) => Promise<StagedImport>;
  /** Ends the worker; pending imports resolve as unreadable. */
  readonly dispose: () => void;
};

/** The app's worker, bundled by Vite as a module worker. */
export const createImportWorker = (): ImportWorkerLike =>
  new Worker(new URL('./import.worker.ts', import.meta.url), {type: 'module'}) as unknown as ImportWorkerLike;

/** Time allowed beyond the parse budget for starting the worker and loading the SQLite engine. */
const STARTUP_SLACK_MS = 5_000;

/**
 * A promise client for import.worker.ts. Each import has a hard deadline (the budget's
 * time plus start-up slack): past it the worker is terminated, which stops even a parser
 * stuck inside one call, the import resolves as unreadable and the next import starts a
 * fresh worker.
 *
 * @example
 * const client = createImportClient();
 * const report = await client.importFile(file.name, await file.arrayBuffer(), {sourceCrs: 'EPSG:4522'});
 */
export function createImportClient(createWorker: () => ImportWorkerLike = createImportWorker): ImportClient {
  let worker: ImportWorkerLike | null = null;
  let nextId = 1;
  const pending = new Map<number, {resolve: (r: StagedImport) => void; fileName: string; timer: ReturnType<typeof setTimeout>; collector: ReturnType<typeof reportCollector>}>();

  const failAll = (cause: string) => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.resolve(unreadable(p.fileName, cause));
      pending.delete(id);
    }
  };
  const stop = (cause: string) => {
    worker?.terminate();
    worker = null;
    failAll(cause);
  };
  const ensureWorker = (): ImportWorkerLike => {
    if (worker) return worker;
    const w = createWorker();
    w.onmessage = (event) => {
      const message = event.data;
      const p = pending.get(message.id);
      if (!p) return;
      const outcome = p.collector.add(message);
      if (outcome === null) return;
      clearTimeout(p.timer);
      pending.delete(message.id);
      p.resolve(outcome instanceof Error ? unreadable(p.fileName, `the import failed: ${outcome.message}`) : outcome);
    };
    worker = w;
    return w;
  };

  return {
    importFile(fileName, bytes, options = {}) {
      const limitMs = (options.budget?.maxMilliseconds ?? DEFAULT_IMPORT_BUDGET.maxMilliseconds) + STARTUP_SLACK_MS;
      return new Promise<StagedImport>((resolve) => {
        const id = nextId++;
        const timer = setTimeout(() => stop(`the import took longer than ${limitMs} ms and was stopped`), limitMs);
        pending.set(id, {resolve, fileName, timer, collector: reportCollector()});
        ensureWorker().postMessage({id, fileName, bytes, options}, [bytes]);
      });
    },
    dispose: () => stop('the import was cancelled'),
  };
}

function unreadable(file: string, cause: string): StagedImport {
  return {status: 'unreadable', file, format: null, cause};
}
