import type {StateCreator} from 'zustand';
import type {AppState} from './store';
import type {Plot, PlotProperties} from '../geo/plot';
import type {Tally} from '../geo/tally';
import type {Change, CommitFailure, CommitResult, HistoryEntry, PhotoRecord, PlotPut, PlotRecord, PlotRepository} from './persistence/plot-repository';
import type {ConflictOrigin} from './conflicts-slice';
import type {DeviceLink} from './device-link';
import {noteDelta} from './record-delta';
import {copyRecord, setEntry, withEntry, withoutEntry} from './record-copy';

/**
 * saveState with one plot's state set, noting which (selectors.ts finds the not-saved plots from
 * it): “saved” is no entry (see PlotsSlice.saveState), and saveState stays the same object when
 * the plot had none.
 */
const stateOf = (saveState: AppState['saveState'], id: string, entry: SaveState): AppState['saveState'] => {
  const next = entry.state === 'saved' ? withoutEntry(saveState, id) : withEntry(saveState, id, entry);
  return next === saveState ? saveState : noteDelta(next, saveState, [id]);
};

/** Where a plot's latest edit is: never “saved” until IndexedDB has committed it. */
export type SaveState =
  | {readonly state: 'saving'}
  | {readonly state: 'saved'}
  | {readonly state: 'not-saved'; readonly reason: string; readonly message: string};

/**
 * `lost`: the open database went away (site data cleared, the browser closed it) and is being
 * reopened; `vanished` (kept once reopened) counts the plots it no longer holds.
 */
export type StorageStatus = {
  readonly db: 'none' | 'opening' | 'ready' | 'lost' | 'reload-required' | 'unavailable';
  readonly persisted: 'granted' | 'denied' | 'unsupported' | 'unknown';
  readonly error: string | null;
  readonly vanished?: number;
};

/**
 * What an edit was based on: the plot's version when the form (shape edit, undo, import…) was
 * opened, null for a plot that did not exist. Storage refuses the edit if that is no longer
 * the stored version, and the store turns the refusal into a conflict for the user to decide.
 */
export type EditBase = {
  readonly baseVersion: number | null;
  /** The plot as the edit saw it, for a field-by-field merge. */
  readonly basePlot?: Plot | null;
  readonly origin?: ConflictOrigin;
  /** This edit settles the team server's conflict of that id (team sync). */
  readonly resolves?: string;
};

/** Fields a team usually repeats from one plot to the next. */
export type RepeatableValues = Pick<PlotProperties, 'zone' | 'measure' | 'status' | 'completed' | 'team'>;

type RedoItem = {readonly plotId: string; readonly plot: Plot | null; readonly base: EditBase};

/** One plot of a batched commit (an import), with what its edit was based on. */
export type PlotWrite = {readonly plot: Plot; readonly base: EditBase};

export type PlotsCommitOptions = {
  /** Plots per strict transaction. */
  readonly batchSize?: number;
  /** Stops after the batch in flight, which is rolled back: what was stored before stays. */
  readonly signal?: AbortSignal;
  /** Called after each stored batch with the results so far (in the order of `writes`). */
  readonly onBatch?: (results: readonly CommitResult[]) => void;
};

/** A batched commit: one result per write that was attempted; `cancelled` when the signal stopped it. */
export type PlotsCommitReport = {readonly results: readonly CommitResult[]; readonly cancelled: boolean};


export type PlotsSlice = {
  /** Every plot the user sees, saved or not (see `saveState`). */
  plots: Readonly<Record<string, PlotRecord>>;
  /** Each plot as storage last confirmed it: the official figures count these only. */
  storedPlots: Readonly<Record<string, PlotRecord>>;
  /**
   * The plots whose latest edit storage has not (yet) committed: “saving” or “not saved”. A plot
   * shown (in `plots`) with no entry here is saved on this device (selectSaveState): a save
   * adds and then removes one entry of a record this small, where an entry for each of 10,000
   * plots made two more copies of 10,000 keys per save (issue 11). It never holds “saved”.
   */
  saveState: Readonly<Record<string, SaveState>>;
  /** Changes whose write failed, oldest first: kept in memory and offered as an export. */
  unsaved: readonly Change[];
  storage: StorageStatus;
  selectedPlotId: string | null;
  lastValues: RepeatableValues | null;
  lastChangedPlotId: string | null;
  redoStack: readonly RedoItem[];
  /**
   * The tally as the tally worker last worked it out (tally-service.ts), for the current plots
   * and filters or, for the few milliseconds after a change, the ones just before; null when no
   * worker runs, and the page tallies itself (selectors.ts).
   */
  workerTally: {readonly tally: Tally; readonly current: boolean} | null;
  /** The stored plots are being read in pages: the ones shown so far are not all of them. */
  plotsLoading: boolean;
  /**
   * The plots a batched commit (an import) is writing, until it ends: the tally worker starts
   * on them while storage works (tally-service.ts) and shows no figure counting them before
   * storage has confirmed them. Nothing shows them.
   */
  plotsWriting: readonly Plot[] | null;
  connectRepository: (repo: PlotRepository) => Promise<void>;
  /** The connection was lost (see StorageStatus `lost`): stop writing until recoverRepository. */
  storageLost: () => void;
  /**
   * Takes a freshly opened repository after the connection was lost: plots this page held as
   * saved that the database no longer has become “not saved” (kept here, exportable, saved
   * again on retry), and the loss is reported in `storage.vanished`.
   */
  recoverRepository: (repo: PlotRepository) => Promise<void>;
  setStorage: (patch: Partial<StorageStatus>) => void;
  /** Without `base`, the edit is taken as based on the version this page holds now. */
  savePlot: (plot: Plot, base?: EditBase) => Promise<CommitResult>;
  deletePlot: (plotId: string, base?: EditBase) => Promise<CommitResult>;
  addPhoto: (photo: PhotoRecord) => Promise<CommitResult>;
  /** Removes one of `plotId`'s photos: a change to the plot (history, undoable with undo()). */
  removePhoto: (plotId: string, photoId: string) => Promise<CommitResult>;
  /** Undo the last committed change of the selected (else last changed) plot — also after a reload. */
  undo: () => Promise<CommitResult | null>;
  redo: () => Promise<CommitResult | null>;
  selectPlot: (plotId: string | null) => void;
  /** Tries the failed writes again, in order. */
  retryUnsaved: () => Promise<void>;
  /**
   * Writes many plots in strict transactions of `batchSize` (an import): the page takes the
   * stored plots in one update at the end, so the total is worked out once, not per plot.
   * Conflicts are raised as for any stale edit; a batch that fails is kept as not saved.
   */
  commitPlots: (writes: readonly PlotWrite[], options?: PlotsCommitOptions) => Promise<PlotsCommitReport>;
  /** Reads every stored plot again (after a restore, or another tab's change); `only`: just these plots (a team pull). */
  reloadPlots: (only?: readonly string[]) => Promise<void>;
};

export const IMPORT_BATCH_SIZE = 500;
/** Plots per read when the page opens (each page is shown as it arrives). */
export const PLOT_PAGE_SIZE = 1000;

const NO_DB: CommitFailure = {ok: false, reason: 'closed', message: 'the on-device database is not open'};

const plotIdOf = (change: Change): string | null =>
  change.kind === 'put' ? change.plot.properties.id : change.kind === 'delete' ? change.plotId : change.kind === 'photo-add' ? change.photo.plotId : null;

/** The change an undo of `record` would make, from history up to the version the user saw. */
function undoTargetOf(history: readonly HistoryEntry[], seenVersion: number): HistoryEntry | undefined {
  const seen = history.filter((e) => e.version <= seenVersion);
  const undone = new Set(seen.map((e) => e.undoes).filter((seq) => seq !== undefined));
  return seen.findLast((e) => e.action !== 'undo' && !undone.has(e.seq));
}

export const createPlotsSlice = (link: DeviceLink): StateCreator<AppState, [], [], PlotsSlice> => (set, get) => {
  let repo: PlotRepository | null = null;
  const holdRepository = (repository: PlotRepository | null) => {
    repo = repository;
    link.repository = repository;
  };
  let unsubscribeRemote: (() => void) | null = null;

  const recordFailure = (plotId: string | null, change: Change, result: CommitFailure) => {
    set((s) => ({
      unsaved: [...s.unsaved, change],
      saveState: plotId ? stateOf(s.saveState, plotId, {state: 'not-saved', reason: result.reason, message: result.message}) : s.saveState,
      storage: result.reason === 'reload-required' ? {...s.storage, db: 'reload-required'} : s.storage,
    }));
  };

  /** `also`: more of the state that changes with it, in the same update (each update runs every selector). */
  const applyRecord = (plotId: string, record: PlotRecord | null, also: Partial<AppState> = {}) =>
    set((s) => {
      const plots = copyRecord(s.plots);
      const storedPlots = copyRecord(s.storedPlots);
      if (record) {
        setEntry(plots, plotId, record);
        setEntry(storedPlots, plotId, record);
      } else {
        delete plots[plotId];
        delete storedPlots[plotId];
      }
      return {
        plots: noteDelta(plots, s.plots, [plotId]), storedPlots: noteDelta(storedPlots, s.storedPlots, [plotId]),
        saveState: stateOf(s.saveState, plotId, {state: 'saved'}), lastChangedPlotId: plotId, ...also,
      };
    });

  /**
   * A stale edit: nothing is written. The page shows what is stored now and the store holds
   * the edit as a conflict for the user to decide (see conflicts-slice).
   */
  const conflictOf = (plotId: string, origin: ConflictOrigin, basePlot: Plot | null, mine: Plot | null, failure: CommitFailure) => {
    const current = failure.current ?? null;
    set((s) => {
      const plots = copyRecord(s.plots);
      const storedPlots = copyRecord(s.storedPlots);
      if (current) {
        setEntry(plots, plotId, current);
        setEntry(storedPlots, plotId, current);
      } else {
        delete plots[plotId];
        delete storedPlots[plotId];
      }
      // Saved (what storage holds is shown), or gone: no entry either way.
      return {plots, storedPlots, saveState: withoutEntry(s.saveState, plotId)};
    });
    get().raiseConflict({plotId, origin, base: basePlot, mine, theirs: current?.plot ?? null, theirsVersion: failure.currentVersion ?? current?.version ?? null});
  };

  /** Writes one change; a failure other than a conflict is kept in `unsaved` for retry and export. */
  const commit = async (plotId: string | null, change: Change): Promise<CommitResult> => {
    if (!repo) {
      recordFailure(plotId, change, NO_DB);
      return NO_DB;
    }
    let result: CommitResult;
    try {
      result = await repo.commit(change);
    } catch (err) {
      result = {ok: false, reason: 'unknown', message: err instanceof Error ? err.message : String(err)};
    }
    if (!result.ok && result.reason !== 'conflict') recordFailure(plotId, change, result);
    return result;
  };

  /**
   * Every stored plot, read in pages (PlotRepository.loadPages) and shown as they arrive;
   * `plotsLoading` holds until the last page is in, so the tally (tally-service.ts) is worked
   * out once, for all of them. Plots the database no longer has go at the end. Pages are shown
   * in runs that double (the first page at once, then as many plots again as are shown): each update copies the three
   * records and makes every selector (the list, the map's collection, the save states) pass
   * over all the plots shown, so one update per page was quadratic, 50 of them over up to 50,000
   * plots, about 7 s of the main thread's time opening 50,000 (issue 11); doubling keeps it
   * under twice one pass.
   */
  const loadAllInPages = async (repository: PlotRepository): Promise<void> => {
    const seen = new Set<string>();
    const keep = (s: AppState, id: string) => s.saveState[id]?.state === 'not-saved';
    // Read, not yet shown: they go with the next run, or with the last update.
    let pending: PlotRecord[] = [];
    let shown = 0;
    const putPending = (s: AppState, plots: Record<string, PlotRecord>, storedPlots: Record<string, PlotRecord>, saveState: Record<string, SaveState>) => {
      for (const r of pending) {
        const id = r.plot.properties.id;
        setEntry(storedPlots, id, r);
        if (!keep(s, id)) {
          setEntry(plots, id, r);
          // Read back from IndexedDB: saved on this device (no entry).
          delete saveState[id];
        }
      }
      shown += pending.length;
      pending = [];
    };
    const showPending = () => set((s) => {
      const plots = copyRecord(s.plots);
      const storedPlots = copyRecord(s.storedPlots);
      const saveState = copyRecord(s.saveState);
      putPending(s, plots, storedPlots, saveState);
      return {plots, storedPlots, saveState};
    });
    set({plotsLoading: true});
    try {
      await repository.loadPages(PLOT_PAGE_SIZE, (records) => {
        for (const r of records) {
          seen.add(r.plot.properties.id);
          pending.push(r);
        }
        if (shown === 0 || pending.length >= shown) showPending();
      });
    } catch {
      // The connection went while reading; onConnectionLost reports it and recovers.
      if (pending.length > 0) showPending();
      set({plotsLoading: false});
      return;
    }
    set((s) => {
      // Unsaved edits stay on the page whatever the database says: they are the only copy.
      const plots = Object.fromEntries(Object.entries(s.plots).filter(([id]) => seen.has(id) || keep(s, id)));
      const storedPlots = Object.fromEntries(Object.entries(s.storedPlots).filter(([id]) => seen.has(id)));
      if (pending.length === 0) return {plots, storedPlots, plotsLoading: false};
      const saveState = copyRecord(s.saveState);
      putPending(s, plots, storedPlots, saveState);
      return {plots, storedPlots, saveState, plotsLoading: false};
    });
  };

  const reloadFromRepository = async (only?: readonly string[]) => {
    if (!repo) return;
    if (!only && typeof repo.loadPages === 'function') return loadAllInPages(repo);
    let records: PlotRecord[];
    try {
      records = await repo.loadAll();
    } catch {
      // The connection went while reading; onConnectionLost reports it and recovers.
      return;
    }
    set((s) => {
      const keep = (id: string) => s.saveState[id]?.state === 'not-saved';
      // Unsaved edits stay on the page whatever the database says: they are the only copy.
      const plots: Record<string, PlotRecord> = only ? copyRecord(s.plots) : Object.fromEntries(Object.entries(s.plots).filter(([id]) => keep(id)));
      const storedPlots: Record<string, PlotRecord> = only ? copyRecord(s.storedPlots) : {};
      if (only) {
        for (const id of only) {
          if (!keep(id)) delete plots[id];
          delete storedPlots[id];
        }
      }
      const saveState = copyRecord(s.saveState);
      for (const r of records) {
        const id = r.plot.properties.id;
        if (only && !only.includes(id)) continue;
        setEntry(storedPlots, id, r);
        if (!keep(id)) {
          setEntry(plots, id, r);
          // Read back from IndexedDB: saved on this device by definition (no entry).
          delete saveState[id];
        }
      }
      return {plots, storedPlots, saveState};
    });
  };

  return {
    plots: {},
    storedPlots: {},
    saveState: {},
    unsaved: [],
    storage: {db: 'none', persisted: 'unknown', error: null},
    selectedPlotId: null,
    lastValues: null,
    lastChangedPlotId: null,
    redoStack: [],
    workerTally: null,
    plotsLoading: false,
    plotsWriting: null,

    connectRepository: async (repository) => {
      unsubscribeRemote?.();
      holdRepository(repository);
      unsubscribeRemote = repository.onRemoteChange((ids) => void reloadFromRepository(ids));
      await reloadFromRepository();
      set((s) => ({storage: {...s.storage, db: 'ready', error: null}}));
      // Slides live in the same database: read once it is open (again, after a lost connection).
      await get().loadSlides();
    },

    storageLost: () => {
      unsubscribeRemote?.();
      unsubscribeRemote = null;
      repo?.close();
      holdRepository(null);
      set((s) => ({storage: {...s.storage, db: 'lost'}}));
    },

    recoverRepository: async (repository) => {
      let present: Set<string>;
      try {
        const [live, deleted] = await Promise.all([repository.loadAll(), repository.loadDeleted()]);
        present = new Set([...live, ...deleted].map((r) => r.plot.properties.id));
      } catch (err) {
        set((s) => ({storage: {...s.storage, db: 'unavailable', error: err instanceof Error ? err.message : String(err)}}));
        return;
      }
      const s = get();
      const gone = Object.keys(s.storedPlots).filter((id) => !present.has(id));
      if (gone.length > 0) {
        const message = 'The database on this device no longer holds this plot (site data cleared?)';
        const saveState = copyRecord(s.saveState);
        const unsaved: Change[] = [...s.unsaved];
        for (const id of gone) {
          const shown = s.plots[id];
          setEntry(saveState, id, {state: 'not-saved', reason: 'closed', message});
          // Saved again as new plots: the database they were in is gone.
          if (shown && !unsaved.some((c) => plotIdOf(c) === id)) unsaved.push({kind: 'put', plot: shown.plot, expectedVersion: null});
        }
        const storedPlots = Object.fromEntries(Object.entries(s.storedPlots).filter(([id]) => present.has(id)));
        set({saveState, unsaved, storedPlots, storage: {...s.storage, vanished: (s.storage.vanished ?? 0) + gone.length}});
        // Undo and redo refer to history that is gone.
        set({redoStack: []});
      }
      await get().connectRepository(repository);
    },

    setStorage: (patch) => set((s) => ({storage: {...s.storage, ...patch}})),

    savePlot: async (plot, base) => {
      const id = plot.properties.id;
      const current = get().plots[id];
      const expectedVersion = base ? base.baseVersion : current ? current.version : null;
      const basePlot = base ? base.basePlot ?? null : current?.plot ?? null;
      const change: Change = {kind: 'put', plot, expectedVersion, ...(base?.resolves ? {resolves: base.resolves} : {})};
      // The transaction and its first read go out before the page updates (the store's
      // subscribers, the map, React): IndexedDB works while the main thread does (issue 11).
      // Without a database the failure is recorded after the “saving” state, not before it.
      const writing = repo ? commit(id, change) : null;
      // Shown at once, marked “saving” until the transaction has completed.
      set((s) => ({
        plots: noteDelta(withEntry(s.plots, id, {plot, version: expectedVersion ?? 0}), s.plots, [id]),
        saveState: stateOf(s.saveState, id, {state: 'saving'}),
      }));
      const result = await (writing ?? commit(id, change));
      if (result.ok) {
        const {zone, measure, status, completed, team} = plot.properties;
        applyRecord(id, result.record, {lastValues: {zone, measure, status, completed, team}, redoStack: []});
      } else if (result.reason === 'conflict') {
        conflictOf(id, base?.origin ?? 'form', basePlot, plot, result);
      }
      return result;
    },

    deletePlot: async (plotId, base) => {
      const current = get().plots[plotId];
      const expectedVersion = base?.baseVersion ?? current?.version;
      if (expectedVersion === undefined || expectedVersion === null) return {ok: false, reason: 'unknown', message: `no plot ${plotId}`};
      set((s) => ({saveState: stateOf(s.saveState, plotId, {state: 'saving'})}));
      const result = await commit(plotId, {kind: 'delete', plotId, expectedVersion, ...(base?.resolves ? {resolves: base.resolves} : {})});
      if (result.ok) {
        const selectedPlotId = get().selectedPlotId;
        applyRecord(plotId, null, {redoStack: [], selectedPlotId: selectedPlotId === plotId ? null : selectedPlotId});
      } else if (result.reason === 'conflict') {
        conflictOf(plotId, base?.origin ?? 'delete', base?.basePlot ?? current?.plot ?? null, null, result);
      }
      return result;
    },

    addPhoto: async (photo) => {
      set((s) => ({saveState: stateOf(s.saveState, photo.plotId, {state: 'saving'})}));
      const result = await commit(photo.plotId, {kind: 'photo-add', photo});
      // A photo is a new version of its plot: the page holds it, so the next edit is based on it.
      if (result.ok) applyRecord(photo.plotId, result.record);
      return result;
    },

    removePhoto: async (plotId, photoId) => {
      set((s) => ({saveState: stateOf(s.saveState, plotId, {state: 'saving'}), selectedPlotId: plotId}));
      const result = await commit(plotId, {kind: 'photo-remove', photoId});
      if (result.ok) applyRecord(plotId, result.record);
      return result;
    },

    undo: async () => {
      const s = get();
      const plotId = s.selectedPlotId ?? s.lastChangedPlotId;
      if (!plotId || !repo) return null;
      const before = s.plots[plotId] ?? null;
      let result: CommitResult;
      let history: HistoryEntry[] = [];
      try {
        history = await repo.history(plotId);
        // Based on the version this page shows; a deleted plot is not shown, so its last entry.
        const version = before?.version ?? (history.length ? history[history.length - 1]!.version : 0);
        result = await repo.undoLast(plotId, version);
      } catch (err) {
        result = {ok: false, reason: 'unknown', message: err instanceof Error ? err.message : String(err)};
      }
      if (result.ok) {
        applyRecord(plotId, result.record);
        const afterVersion = result.record?.version ?? (before ? before.version + 1 : (history.at(-1)?.version ?? 0) + 1);
        const base: EditBase = {baseVersion: afterVersion, basePlot: result.record?.plot ?? null, origin: 'redo'};
        set((st) => ({redoStack: [...st.redoStack, {plotId, plot: before?.plot ?? null, base}]}));
      } else if (result.reason === 'conflict' && before) {
        // Another tab changed the plot after this page showed it: offer what the undo would
        // have restored against what is stored now.
        const target = undoTargetOf(history, before.version);
        const mine = target && target.action !== 'photo-add' && target.action !== 'photo-remove' ? target.before : before.plot;
        conflictOf(plotId, 'undo', before.plot, mine, result);
      } else {
        set((st) => ({saveState: stateOf(st.saveState, plotId, {state: 'not-saved', reason: result.reason, message: result.message})}));
      }
      return result;
    },

    redo: async () => {
      const item = get().redoStack[get().redoStack.length - 1];
      if (!item) return null;
      set((s) => ({redoStack: s.redoStack.slice(0, -1)}));
      const stack = get().redoStack;
      const result = item.plot ? await get().savePlot(item.plot, item.base) : await get().deletePlot(item.plotId, item.base);
      // savePlot/deletePlot clear the redo stack for fresh edits; a redo keeps what is left.
      set({redoStack: stack});
      return result;
    },

    selectPlot: (plotId) => set({selectedPlotId: plotId}),

    retryUnsaved: async () => {
      const pending = get().unsaved;
      set({unsaved: []});
      for (const change of pending) {
        const plotId = plotIdOf(change);
        // Retried with the version the edit was made against: if another tab saved in between,
        // this is a conflict for the user to decide rather than an overwrite of theirs.
        const result = await commit(plotId, change);
        if (!result.ok) {
          if (result.reason === 'conflict' && plotId && (change.kind === 'put' || change.kind === 'delete')) {
            conflictOf(plotId, 'retry', null, change.kind === 'put' ? change.plot : null, result);
          }
          continue;
        }
        if (!plotId) continue;
        if (change.kind === 'put' || change.kind === 'delete') applyRecord(plotId, result.record);
        else set((s) => ({saveState: stateOf(s.saveState, plotId, {state: 'saved'})}));
      }
    },

    commitPlots: async (writes, options = {}) => {
      const size = Math.max(1, options.batchSize ?? IMPORT_BATCH_SIZE);
      const results: CommitResult[] = [];
      let cancelled = false;
      let failed: {from: number; failure: CommitFailure} | null = null;
      if (writes.length > 0) set({plotsWriting: writes.map((w) => w.plot)});
      for (let start = 0; start < writes.length; start += size) {
        if (options.signal?.aborted) {
          cancelled = true;
          break;
        }
        const batch = writes.slice(start, start + size);
        const puts: PlotPut[] = batch.map((w) => ({plot: w.plot, expectedVersion: w.base.baseVersion}));
        let outcome: Awaited<ReturnType<PlotRepository['commitMany']>>;
        try {
          outcome = repo ? await repo.commitMany(puts, options.signal) : NO_DB;
        } catch (err) {
          outcome = {ok: false, reason: 'unknown', message: err instanceof Error ? err.message : String(err)};
        }
        if (outcome.ok) {
          results.push(...outcome.results);
          options.onBatch?.(results);
          continue;
        }
        if (outcome.reason === 'cancelled') cancelled = true;
        else failed = {from: start, failure: outcome};
        break;
      }
      const stored: [string, PlotRecord][] = [];
      results.forEach((r, i) => {
        if (r.ok && r.record) stored.push([writes[i]!.plot.properties.id, r.record]);
      });
      // One update for the whole commit: the selectors (total, dashboard) work once.
      set((s) => {
        const plots = copyRecord(s.plots);
        const storedPlots = copyRecord(s.storedPlots);
        const saveState = copyRecord(s.saveState);
        for (const [id, record] of stored) {
          setEntry(plots, id, record);
          setEntry(storedPlots, id, record);
          delete saveState[id];
        }
        const last = stored.at(-1);
        const lastValues = last ? (({zone, measure, status, completed, team}) => ({zone, measure, status, completed, team}))(last[1].plot.properties) : s.lastValues;
        return {plots, storedPlots, saveState, lastValues, lastChangedPlotId: last?.[0] ?? s.lastChangedPlotId, redoStack: stored.length ? [] : s.redoStack, plotsWriting: null};
      });
      results.forEach((r, i) => {
        const w = writes[i]!;
        if (!r.ok && r.reason === 'conflict') conflictOf(w.plot.properties.id, w.base.origin ?? 'import', w.base.basePlot ?? null, w.plot, r);
      });
      if (failed) {
        // Not on the device: kept on the page as not saved, exportable and retried later, as a
        // single failed save is. The batches after the failed one are not tried.
        const rest = writes.slice(failed.from);
        const {reason, message} = failed.failure;
        set((s) => {
          const plots = copyRecord(s.plots);
          const saveState = copyRecord(s.saveState);
          for (const w of rest) {
            setEntry(plots, w.plot.properties.id, {plot: w.plot, version: w.base.baseVersion ?? 0});
            setEntry(saveState, w.plot.properties.id, {state: 'not-saved', reason, message});
          }
          const unsaved = [...s.unsaved, ...rest.map((w): Change => ({kind: 'put', plot: w.plot, expectedVersion: w.base.baseVersion}))];
          return {plots, saveState, unsaved, storage: reason === 'reload-required' ? {...s.storage, db: 'reload-required'} : s.storage};
        });
        for (const _ of rest) results.push(failed.failure);
      }
      return {results, cancelled};
    },

    reloadPlots: (only) => reloadFromRepository(only),

  };
};
