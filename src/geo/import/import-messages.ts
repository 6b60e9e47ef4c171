import type {ImportOptions, StagedImport} from './staged-import';

/** Options that can cross to a worker (structured clone): everything but the functions. */
export type WorkerImportOptions = Omit<ImportOptions, 'loadSqlWasm' | 'now' | 'newId'>;

/** UI → worker: one file to stage. `bytes` is transferred, not copied. */
export type ImportRequest = {readonly id: number; readonly fileName: string; readonly bytes: ArrayBuffer; readonly options: WorkerImportOptions};

/** Worker → UI: the staged report, or the error that escaped the pipeline (a programmer error). */
export type ImportResponse =
  | {readonly id: number; readonly ok: true; readonly report: StagedImport}
  | {readonly id: number; readonly ok: false; readonly error: string};
