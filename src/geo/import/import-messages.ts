import type {ImportOptions, StagedImport, StagedPlot} from './staged-import';

/** Options that can cross to a worker (structured clone): everything but the functions. */
export type WorkerImportOptions = Omit<ImportOptions, 'loadSqlWasm' | 'now' | 'newId'>;

/** UI → worker: one file to stage. `bytes` is transferred, not copied. */
export type ImportRequest = {readonly id: number; readonly fileName: string; readonly bytes: ArrayBuffer; readonly options: WorkerImportOptions};

/**
 * Worker → UI: the staged report, or the error that escaped the pipeline (a programmer error).
 * A ready report's plots come first, in parts (`part`), and the report after them without its
 * plots, saying how many were sent (`plotsInParts`).
 */
export type ImportResponse =
  | {readonly id: number; readonly ok: true; readonly report: StagedImport; readonly plotsInParts?: number}
  | {readonly id: number; readonly ok: false; readonly error: string}
  | {readonly id: number; readonly part: readonly StagedPlot[]};

/**
 * The most staged plots one message carries. The page copies a message in (structured clone)
 * in one main-thread task: 10,000 plots of 20–80 vertices in one report were a 1.36 s task at
 * load 1 (359 ms of it the copy, the rest the report's handling in the same task; issue 11).
 * A part of 500 is a copy of tens of milliseconds (at load 10: 1,000 took 180–330 ms), each in a task of its own.
 */
export const PLOTS_PER_PART = 500;

/** The messages that carry one staged report from the worker, in the order they are posted. */
export function reportMessages(id: number, report: StagedImport, perPart = PLOTS_PER_PART): ImportResponse[] {
  if (report.status !== 'ready' || report.plots.length <= perPart) return [{id, ok: true, report}];
  const parts: ImportResponse[] = [];
  for (let start = 0; start < report.plots.length; start += perPart) parts.push({id, part: report.plots.slice(start, start + perPart)});
  return [...parts, {id, ok: true, report: {...report, plots: []}, plotsInParts: report.plots.length}];
}

/**
 * Gathers the messages of one report, as `reportMessages` posts them. `add` returns the whole
 * report when its last message is in, an Error when the parts do not add up to what the report
 * says was sent (a lost message: the report is never shown with plots missing), or null while
 * parts are still coming.
 */
export function reportCollector(): {add: (message: ImportResponse) => StagedImport | Error | null} {
  let parts: StagedPlot[][] = [];
  return {
    add(message) {
      if ('part' in message) {
        parts.push(message.part as StagedPlot[]);
        return null;
      }
      if (!message.ok) return new Error(message.error);
      const sent = parts;
      parts = [];
      const count = sent.reduce((n, p) => n + p.length, 0);
      if (count !== (message.plotsInParts ?? 0)) return new Error(`the import worker sent ${count} of ${message.plotsInParts ?? 0} plots`);
      if (message.plotsInParts === undefined || message.report.status !== 'ready') return message.report;
      const plots: StagedPlot[] = [];
      for (const part of sent) for (const p of part) plots.push(p);
      return {...message.report, plots};
    },
  };
}
