import type {StateCreator} from 'zustand';
import {polygonAreaSquareMeters} from '../geo/area';
import type {ImportClient} from '../geo/import/import-client';
import type {SourceShift, StagedImport, StagedPlot} from '../geo/import/staged-import';
import type {Plot} from '../geo/plot';
import {differingFields, type FieldKey} from '../sync/merge';
import type {CommitResult, PlotRecord} from './persistence/plot-repository';
import type {PlotWrite} from './plots-slice';
import type {AppState} from './store';

/**
 * Re-import: a staged plot whose id is already on this device is a match. It is never written
 * over silently: the report lists what differs, and the user picks one policy per import.
 */
export type ImportMatch = {
  readonly id: string;
  /** The plot and version as the report was made: an update is checked against this version. */
  readonly existing: PlotRecord;
  readonly incoming: Plot;
  /** Fields that differ (status and completion date are one field; the geometry is one). */
  readonly differing: readonly FieldKey[];
  readonly areaBeforeSquareMeters: number;
  readonly areaAfterSquareMeters: number;
};

/** skip the matches (default), import them as new plots with new ids, or update the existing plots. */
export type MatchPolicy = 'skip' | 'as-new' | 'update';
export const MATCH_POLICIES: readonly MatchPolicy[] = ['skip', 'as-new', 'update'];

export function importMatches(incoming: readonly Plot[], existing: Readonly<Record<string, PlotRecord>>): ImportMatch[] {
  const matches: ImportMatch[] = [];
  for (const plot of incoming) {
    const record = existing[plot.properties.id];
    if (!record) continue;
    matches.push({
      id: plot.properties.id,
      existing: record,
      incoming: plot,
      differing: differingFields(record.plot, plot),
      areaBeforeSquareMeters: polygonAreaSquareMeters(record.plot.geometry),
      areaAfterSquareMeters: polygonAreaSquareMeters(plot.geometry),
    });
  }
  return matches;
}

export type ImportOutcome = {
  readonly plot: Plot;
  readonly action: 'created' | 'updated' | 'skipped';
  readonly result: CommitResult | null;
};

/** The answers given to the report's questions (system, encoding, swap), kept when the file is read again. */
export type StageOptions = {readonly sourceCrs?: string; readonly encoding?: string; readonly swapLonLat?: boolean};

/** How far a running import is: plots stored of those to write, and their area (each plot's own, overlaps not merged). */
export type ImportProgress = {readonly stored: number; readonly total: number; readonly storedSquareMeters: number};

export type ImportCommitOptions = {
  readonly newId?: () => string;
  readonly signal?: AbortSignal;
  readonly batchSize?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
};

/** One file on its way in: read in the worker, reported, then committed on the user's word. */
export type ImportSession = {
  readonly file: {readonly name: string; readonly bytes: ArrayBuffer} | null;
  readonly shift: SourceShift;
  /** Reading the file, or committing it. */
  readonly busy: boolean;
  readonly report: StagedImport | null;
  readonly answers: StageOptions;
  /** Indexes of repairable features the user agreed to import repaired. */
  readonly consent: ReadonlySet<number>;
  readonly matches: readonly ImportMatch[];
  readonly policy: MatchPolicy;
  readonly outcomes: readonly ImportOutcome[];
  readonly progress: ImportProgress | null;
  /** Set when the user cancelled: how many of the plots were stored before. */
  readonly cancelled: {readonly stored: number; readonly total: number} | null;
  /** Ids (as in the file) this report already stored: a cancelled import resumes without them. */
  readonly storedIds: ReadonlySet<string>;
};

export type ImportSlice = {
  importSession: ImportSession;
  setImportShift: (shift: SourceShift) => void;
  /** Reads a file in the worker and shows its report; nothing is written. */
  stageImportFile: (file: {name: string; bytes: ArrayBuffer}, options?: StageOptions) => Promise<void>;
  /** Reads the same file again with more answers (a system, an encoding, swapped axes). */
  restageImport: (options: StageOptions) => Promise<void>;
  setImportConsent: (index: number, agreed: boolean) => void;
  setImportPolicy: (policy: MatchPolicy) => void;
  discardImport: () => void;
  /** Commits what the report would import now, in batches, with progress; cancellable. */
  runImport: () => Promise<void>;
  /** Stops a running import after rolling back the batch in flight. */
  cancelImport: () => void;
  /**
   * Commits an import: plots without a match as new plots; matches as `policy` says. Each
   * update is one history entry (undoable); an update whose plot changed since the report is
   * a conflict for the user to decide, as for any stale edit. Written in strict batches.
   */
  commitImport: (plots: readonly Plot[], matches: readonly ImportMatch[], policy: MatchPolicy, options?: ImportCommitOptions | (() => string)) => Promise<ImportOutcome[]>;
};

/** How the slice reaches the import worker; the browser's worker by default, in-process in tests. */
export type ImportServices = {
  readonly importClient?: () => Promise<ImportClient>;
  /** Plots per strict transaction (plots-slice IMPORT_BATCH_SIZE by default). */
  readonly importBatchSize?: number;
};

const EMPTY_SESSION: ImportSession = {
  file: null, shift: 'none', busy: false, report: null, answers: {}, consent: new Set(), matches: [], policy: 'skip',
  outcomes: [], progress: null, cancelled: null, storedIds: new Set(),
};

/** The staged plots the report would import now, and their summed area (each plot's own). */
export type ImportSelection = {readonly toWrite: readonly StagedPlot[]; readonly areaSquareMeters: number};

/**
 * Memoised on what the selection is made of, not on the session object: a running import
 * replaces the session at every batch (its progress), and summing 10,000 plots' areas again
 * each time cost the main thread ~6 % of an import (profile, stop 14).
 */
let selectionMemo: {inputs: readonly unknown[]; selection: ImportSelection} | null = null;
export function selectImportSelection(s: Pick<AppState, 'importSession'>): ImportSelection {
  const session = s.importSession;
  const inputs = [session.report, session.consent, session.matches, session.policy, session.storedIds];
  if (selectionMemo && inputs.every((v, i) => v === selectionMemo!.inputs[i])) return selectionMemo.selection;
  const ready = session.report?.status === 'ready' ? session.report : null;
  const chosen: StagedPlot[] = ready ? [...ready.plots, ...ready.repairable.filter((r) => session.consent.has(r.index)).map((r) => r.repaired)] : [];
  const matched = new Set(session.matches.map((m) => m.id));
  // Skipped matches are neither counted nor written; plots this report already stored neither.
  const toWrite = chosen.filter((p) => !session.storedIds.has(p.plot.properties.id) && !(session.policy === 'skip' && matched.has(p.plot.properties.id)));
  const selection = {toWrite, areaSquareMeters: toWrite.reduce((sum, p) => sum + (p.areaSquareMeters ?? polygonAreaSquareMeters(p.plot.geometry)), 0)};
  selectionMemo = {inputs, selection};
  return selection;
}

const defaultImportClient = async (): Promise<ImportClient> => (await import('../geo/import/import-client')).createImportClient();

export const createImportSlice = (services: ImportServices = {}): StateCreator<AppState, [], [], ImportSlice> => (set, get) => {
  let client: Promise<ImportClient> | null = null;
  let running: AbortController | null = null;
  const patch = (p: Partial<ImportSession>) => set((s) => ({importSession: {...s.importSession, ...p}}));

  const stage = async (file: {name: string; bytes: ArrayBuffer}, options: StageOptions) => {
    patch({file, busy: true, answers: options, outcomes: [], cancelled: null, progress: null});
    client ??= (services.importClient ?? defaultImportClient)();
    let report: StagedImport;
    try {
      // The worker takes ownership of the bytes it is sent: send a copy, keep ours for a re-run.
      report = await (await client).importFile(file.name, file.bytes.slice(0), {...options, sourceShift: get().importSession.shift});
    } catch (err) {
      // The worker could not even start (a failed chunk load): the next file tries again.
      client = null;
      patch({busy: false});
      throw err;
    }
    // Matched against what is stored at the time of the report: an update is checked against it.
    const candidates = report.status === 'ready' ? [...report.plots, ...report.repairable.map((r) => r.repaired)].map((p) => p.plot) : [];
    patch({report, matches: importMatches(candidates, get().storedPlots), policy: 'skip', consent: new Set(), storedIds: new Set(), busy: false});
    get().setImportPreview(report.status === 'ready' ? report.plots.map((p) => p.plot) : []);
  };

  return {
    importSession: EMPTY_SESSION,
    setImportShift: (shift) => patch({shift}),
    stageImportFile: (file, options = {}) => stage(file, options),
    restageImport: async (options) => {
      const {file} = get().importSession;
      if (file) await stage(file, options);
    },
    setImportConsent: (index, agreed) => {
      const consent = new Set(get().importSession.consent);
      if (agreed) consent.add(index);
      else consent.delete(index);
      patch({consent});
    },
    setImportPolicy: (policy) => patch({policy}),
    discardImport: () => {
      patch({report: null, file: null, progress: null, cancelled: null, storedIds: new Set()});
      get().setImportPreview([]);
    },

    runImport: async () => {
      if (running) return;
      const session = get().importSession;
      const plots = selectImportSelection(get()).toWrite.map((p) => p.plot);
      if (plots.length === 0) return;
      const controller = new AbortController();
      running = controller;
      patch({busy: true, cancelled: null, progress: {stored: 0, total: plots.length, storedSquareMeters: 0}});
      let outcomes: ImportOutcome[];
      try {
        outcomes = await get().commitImport(plots, session.matches, session.policy, {signal: controller.signal, batchSize: services.importBatchSize, onProgress: (progress) => patch({progress})});
      } finally {
        running = null;
        patch({busy: false});
      }
      if (controller.signal.aborted && outcomes.length < plots.length) {
        // Cancelled: the report stays, without the plots already stored, so the rest can follow.
        const storedIds = new Set(get().importSession.storedIds);
        outcomes.forEach((o, i) => {
          if (o.result?.ok) storedIds.add(plots[i]!.properties.id);
        });
        const stored = outcomes.filter((o) => o.result?.ok).length;
        patch({outcomes, storedIds, cancelled: {stored, total: plots.length}});
        get().setImportPreview(plots.filter((p) => !storedIds.has(p.properties.id)));
        return;
      }
      patch({outcomes, report: null, progress: null});
      get().setImportPreview([]);
    },

    cancelImport: () => running?.abort(),

    commitImport: async (plots, matches, policy, options = {}) => {
      const {newId = () => crypto.randomUUID(), signal, batchSize, onProgress} = typeof options === 'function' ? {newId: options} : options;
      const byId = new Map(matches.map((m) => [m.id, m]));
      const slots: (ImportOutcome | {plot: Plot; action: 'created' | 'updated'; write: number})[] = [];
      const writes: PlotWrite[] = [];
      for (const plot of plots) {
        const match = byId.get(plot.properties.id);
        if (match && policy === 'skip') {
          slots.push({plot, action: 'skipped', result: null});
          continue;
        }
        if (match && policy === 'update') {
          slots.push({plot, action: 'updated', write: writes.length});
          writes.push({plot, base: {baseVersion: match.existing.version, basePlot: match.existing.plot, origin: 'import'}});
          continue;
        }
        const fresh = match ? {...plot, properties: {...plot.properties, id: newId()}} : plot;
        // A new plot: refused (a conflict) if the id exists after all, never written over it.
        slots.push({plot: fresh, action: 'created', write: writes.length});
        writes.push({plot: fresh, base: {baseVersion: null, basePlot: null, origin: 'import'}});
      }
      let storedSquareMeters = 0;
      let counted = 0;
      const {results} = await get().commitPlots(writes, {
        signal, batchSize,
        onBatch: (so) => {
          for (; counted < so.length; counted++) if (so[counted]!.ok) storedSquareMeters += polygonAreaSquareMeters(writes[counted]!.plot.geometry);
          onProgress?.({stored: so.filter((r) => r.ok).length, total: writes.length, storedSquareMeters});
        },
      });
      const outcomes: ImportOutcome[] = [];
      for (const slot of slots) {
        if (!('write' in slot)) {
          outcomes.push(slot);
          continue;
        }
        const result = results[slot.write];
        // Not attempted (cancelled): the outcomes end here, in file order.
        if (!result) break;
        outcomes.push({plot: slot.plot, action: slot.action, result});
      }
      return outcomes;
    },
  };
};
