import type {StateCreator} from 'zustand';
import type {AppState} from './store';
import type {Plot, PlotProperties} from '../geo/plot';
import type {Change, CommitResult, PhotoRecord, PlotRecord, PlotRepository} from './persistence/plot-repository';

/** Where a plot's latest edit is: never “saved” until IndexedDB has committed it. */
export type SaveState =
  | {readonly state: 'saving'}
  | {readonly state: 'saved'}
  | {readonly state: 'not-saved'; readonly reason: string; readonly message: string};

export type StorageStatus = {
  readonly db: 'none' | 'opening' | 'ready' | 'reload-required' | 'unavailable';
  readonly persisted: 'granted' | 'denied' | 'unsupported' | 'unknown';
  readonly error: string | null;
};

/** Fields a team usually repeats from one plot to the next. */
export type RepeatableValues = Pick<PlotProperties, 'zone' | 'measure' | 'status' | 'completed' | 'team'>;

type RedoItem = {readonly plotId: string; readonly plot: Plot | null};

export type PlotsSlice = {
  /** Every plot the user sees, saved or not (see `saveState`). */
  plots: Readonly<Record<string, PlotRecord>>;
  saveState: Readonly<Record<string, SaveState>>;
  /** Changes whose write failed, oldest first: kept in memory and offered as an export. */
  unsaved: readonly Change[];
  storage: StorageStatus;
  selectedPlotId: string | null;
  lastValues: RepeatableValues | null;
  lastChangedPlotId: string | null;
  redoStack: readonly RedoItem[];
  connectRepository: (repo: PlotRepository) => Promise<void>;
  setStorage: (patch: Partial<StorageStatus>) => void;
  savePlot: (plot: Plot) => Promise<CommitResult>;
  deletePlot: (plotId: string) => Promise<CommitResult>;
  addPhoto: (photo: PhotoRecord) => Promise<CommitResult>;
  /** Undo the last committed change of the selected (else last changed) plot — also after a reload. */
  undo: () => Promise<CommitResult | null>;
  redo: () => Promise<CommitResult | null>;
  selectPlot: (plotId: string | null) => void;
  /** Tries the failed writes again, in order. */
  retryUnsaved: () => Promise<void>;
  repository: () => PlotRepository | null;
};

const NO_DB: CommitResult = {ok: false, reason: 'closed', message: 'the on-device database is not open'};

export const createPlotsSlice: StateCreator<AppState, [], [], PlotsSlice> = (set, get) => {
  let repo: PlotRepository | null = null;
  let unsubscribeRemote: (() => void) | null = null;

  const recordFailure = (plotId: string | null, change: Change, result: Extract<CommitResult, {ok: false}>) => {
    set((s) => ({
      unsaved: [...s.unsaved, change],
      saveState: plotId ? {...s.saveState, [plotId]: {state: 'not-saved', reason: result.reason, message: result.message}} : s.saveState,
      storage: result.reason === 'reload-required' ? {...s.storage, db: 'reload-required'} : s.storage,
    }));
  };

  const applyRecord = (plotId: string, record: PlotRecord | null) =>
    set((s) => {
      const plots = {...s.plots};
      if (record) plots[plotId] = record;
      else delete plots[plotId];
      return {plots, saveState: {...s.saveState, [plotId]: {state: 'saved'}}, lastChangedPlotId: plotId};
    });

  const commit = async (plotId: string | null, change: Change): Promise<CommitResult> => {
    if (!repo) {
      recordFailure(plotId, change, NO_DB as Extract<CommitResult, {ok: false}>);
      return NO_DB;
    }
    let result: CommitResult;
    try {
      result = await repo.commit(change);
    } catch (err) {
      result = {ok: false, reason: 'unknown', message: err instanceof Error ? err.message : String(err)};
    }
    if (!result.ok) recordFailure(plotId, change, result);
    return result;
  };

  const reloadFromRepository = async (only?: readonly string[]) => {
    if (!repo) return;
    const records = await repo.loadAll();
    set((s) => {
      const plots = only ? {...s.plots} : {};
      const keep = (id: string) => s.saveState[id]?.state === 'not-saved';
      if (only) for (const id of only) if (!keep(id)) delete plots[id];
      const saveState = {...s.saveState};
      for (const r of records) {
        const id = r.plot.properties.id;
        if ((!only || only.includes(id)) && !keep(id)) {
          plots[id] = r;
          // Read back from IndexedDB: saved on this device by definition.
          saveState[id] = {state: 'saved'};
        }
      }
      return {plots, saveState};
    });
  };

  return {
    plots: {},
    saveState: {},
    unsaved: [],
    storage: {db: 'none', persisted: 'unknown', error: null},
    selectedPlotId: null,
    lastValues: null,
    lastChangedPlotId: null,
    redoStack: [],

    repository: () => repo,

    connectRepository: async (repository) => {
      unsubscribeRemote?.();
      repo = repository;
      unsubscribeRemote = repository.onRemoteChange((ids) => void reloadFromRepository(ids));
      await reloadFromRepository();
      set((s) => ({storage: {...s.storage, db: 'ready', error: null}}));
    },

    setStorage: (patch) => set((s) => ({storage: {...s.storage, ...patch}})),

    savePlot: async (plot) => {
      const id = plot.properties.id;
      const current = get().plots[id];
      const expectedVersion = current ? current.version : null;
      // Shown at once, marked “saving” until the transaction has completed.
      set((s) => ({
        plots: {...s.plots, [id]: {plot, version: current?.version ?? 0}},
        saveState: {...s.saveState, [id]: {state: 'saving'}},
      }));
      const result = await commit(id, {kind: 'put', plot, expectedVersion});
      if (result.ok) {
        applyRecord(id, result.record);
        const {zone, measure, status, completed, team} = plot.properties;
        set({lastValues: {zone, measure, status, completed, team}, redoStack: []});
      } else if (result.reason === 'conflict' && result.current) {
        // Another tab saved first: show its version; ours stays in `unsaved` for export.
        set((s) => ({plots: {...s.plots, [id]: result.current!}}));
      }
      return result;
    },

    deletePlot: async (plotId) => {
      const current = get().plots[plotId];
      if (!current) return {ok: false, reason: 'unknown', message: `no plot ${plotId}`};
      set((s) => ({saveState: {...s.saveState, [plotId]: {state: 'saving'}}}));
      const result = await commit(plotId, {kind: 'delete', plotId, expectedVersion: current.version});
      if (result.ok) {
        applyRecord(plotId, null);
        set((s) => ({redoStack: [], selectedPlotId: s.selectedPlotId === plotId ? null : s.selectedPlotId}));
      }
      return result;
    },

    addPhoto: async (photo) => {
      set((s) => ({saveState: {...s.saveState, [photo.plotId]: {state: 'saving'}}}));
      const result = await commit(photo.plotId, {kind: 'photo-add', photo});
      if (result.ok) set((s) => ({saveState: {...s.saveState, [photo.plotId]: {state: 'saved'}}, lastChangedPlotId: photo.plotId}));
      return result;
    },

    undo: async () => {
      const s = get();
      const plotId = s.selectedPlotId ?? s.lastChangedPlotId;
      if (!plotId || !repo) return null;
      const before = s.plots[plotId] ?? null;
      const history = await repo.history(plotId);
      const version = history.length ? history[history.length - 1]!.version : before?.version ?? 0;
      let result: CommitResult;
      try {
        result = await repo.undoLast(plotId, version);
      } catch (err) {
        result = {ok: false, reason: 'unknown', message: err instanceof Error ? err.message : String(err)};
      }
      if (result.ok) {
        applyRecord(plotId, result.record);
        set((st) => ({redoStack: [...st.redoStack, {plotId, plot: before?.plot ?? null}]}));
      } else {
        set((st) => ({saveState: {...st.saveState, [plotId]: {state: 'not-saved', reason: result.reason, message: result.message}}}));
      }
      return result;
    },

    redo: async () => {
      const item = get().redoStack[get().redoStack.length - 1];
      if (!item) return null;
      set((s) => ({redoStack: s.redoStack.slice(0, -1)}));
      const stack = get().redoStack;
      const result = item.plot ? await get().savePlot(item.plot) : await get().deletePlot(item.plotId);
      // savePlot/deletePlot clear the redo stack for fresh edits; a redo keeps what is left.
      set({redoStack: stack});
      return result;
    },

    selectPlot: (plotId) => set({selectedPlotId: plotId}),

    retryUnsaved: async () => {
      const pending = get().unsaved;
      set({unsaved: []});
      for (const change of pending) {
        const plotId = change.kind === 'put' ? change.plot.properties.id : change.kind === 'delete' ? change.plotId : change.kind === 'photo-add' ? change.photo.plotId : null;
        // Retried with the version the edit was made against: if another tab saved in between,
        // this is a conflict and the edit stays unsaved rather than overwriting theirs.
        const result = await commit(plotId, change);
        if (!result.ok || !plotId) continue;
        if (change.kind === 'put' || change.kind === 'delete') applyRecord(plotId, result.record);
        else set((s) => ({saveState: {...s.saveState, [plotId]: {state: 'saved'}}}));
      }
    },
  };
};
