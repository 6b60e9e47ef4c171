import {importPlotFile} from './import-plot-file';
import {reportMessages, type ImportRequest, type ImportResponse} from './import-messages';
import {measuredReport} from './measured-report';
import {loadSqlWasmFromAsset} from './sql-wasm-browser';

/*
 * The import pipeline off the main thread: parsing a large or hostile file never freezes the
 * map, and the client (import-client.ts) can terminate this worker when its time budget ends.
 * Started as a module worker: new Worker(new URL('./import.worker.ts', import.meta.url), {type: 'module'}).
 */

const scope = self as unknown as {onmessage: ((event: MessageEvent<ImportRequest>) => void) | null; postMessage: (message: ImportResponse) => void};

scope.onmessage = (event) => {
  const {id, fileName, bytes, options} = event.data;
  importPlotFile(fileName, new Uint8Array(bytes), {...options, loadSqlWasm: loadSqlWasmFromAsset}).then(
    (report) => {
      for (const message of reportMessages(id, measuredReport(report))) scope.postMessage(message);
    },
    (error: unknown) => scope.postMessage({id, ok: false, error: error instanceof Error ? error.message : String(error)}),
  );
};
