import type {StateCreator} from 'zustand';
import type {PackProblem} from '../geo/packs/inspect-pack';
import type {PackRecord} from '../geo/packs/pack-types';
import {requestPersistentStorage, storageEstimate} from './persistence/storage-persistence';
import type {PersistentStorageOutcome, StorageEstimateBytes, StorageManagerLike} from './persistence/storage-persistence';
import {PackStorageError, failureOf, opfsPackStorage} from './pack-storage';
import type {PackStorage, PackStorageFailure} from './pack-storage';
import type {AppState} from './store';

/** Where the last pack import stands; a refused or failed import stores nothing. */
export type PackImport =
  | {readonly state: 'idle'}
  | {readonly state: 'checking' | 'storing'; readonly fileName: string}
  | {readonly state: 'stored'; readonly fileName: string; readonly name: string}
  | {readonly state: 'refused'; readonly fileName: string; readonly problem: PackProblem}
  | {readonly state: 'failed'; readonly fileName: string; readonly reason: PackStorageFailure; readonly detail: string};

export type PackSpace = {readonly estimate: StorageEstimateBytes | null; readonly persisted: PersistentStorageOutcome | null};

export type PacksSlice = {
  /** The device's pack store (the origin-private file system in the browser). */
  packStorage: PackStorage;
  /** The StorageManager asked for the estimate and for persistence; tests hand in a stand-in. */
  storageManager: StorageManagerLike | undefined;
  packs: readonly PackRecord[];
  packsStatus: 'idle' | 'loading' | 'ready' | 'unavailable';
  packImport: PackImport;
  packSpace: PackSpace;
  loadPacks: () => Promise<void>;
  importPack: (file: File) => Promise<void>;
  deletePack: (id: string) => Promise<void>;
  setPackVisible: (id: string, visible: boolean) => void;
  setPackOutline: (id: string, outline: boolean) => void;
  refreshPackSpace: () => Promise<void>;
  dismissPackImport: () => void;
};

const newId = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

const fileDateOf = (file: File): string | null =>
  Number.isFinite(file.lastModified) && file.lastModified > 0 ? new Date(file.lastModified).toISOString() : null;

export const createPacksSlice: StateCreator<AppState, [], [], PacksSlice> = (set, get) => {
  const updateRecord = (id: string, change: Partial<PackRecord>) => {
    const packs = get().packs.map((p) => (p.id === id ? {...p, ...change} : p));
    set({packs});
    // The choice applies now; a failed write only means it is forgotten on reload.
    void get().packStorage.saveIndex(packs).catch(() => undefined);
  };

  return {
    packStorage: opfsPackStorage(),
    storageManager: typeof navigator === 'undefined' ? undefined : navigator.storage,
    packs: [],
    packsStatus: 'idle',
    packImport: {state: 'idle'},
    packSpace: {estimate: null, persisted: null},

    loadPacks: async () => {
      if (get().packsStatus === 'loading') return;
      set({packsStatus: 'loading'});
      const storage = get().packStorage;
      try {
        const packs = await storage.loadIndex();
        // A pack file with no index entry was left by an interrupted import: remove it.
        const listed = new Set(packs.map((p) => p.id));
        for (const id of await storage.listPackIds()) if (!listed.has(id)) await storage.removePack(id);
        set({packs, packsStatus: 'ready'});
      } catch {
        set({packs: [], packsStatus: 'unavailable'});
      }
      await get().refreshPackSpace();
    },

    importPack: async (file) => {
      const busy = get().packImport.state;
      if (busy === 'checking' || busy === 'storing') return;
      const fileName = file.name;
      set({packImport: {state: 'checking', fileName}});
      // Loaded on first use: pmtiles and its inflate stay out of the initial JS (issue 11).
      const {inspectPack} = await import('../geo/packs/inspect-pack');
      const inspection = await inspectPack(file);
      if (!inspection.ok) {
        set({packImport: {state: 'refused', fileName, problem: inspection.problem}});
        return;
      }
      const manager = get().storageManager;
      const estimate = await storageEstimate(manager);
      if (estimate && file.size > estimate.freeBytes) {
        set({packImport: {state: 'failed', fileName, reason: 'quota', detail: `${file.size} > ${estimate.freeBytes}`}});
        return;
      }
      // A pack is worth keeping through storage pressure: ask once, before the first write.
      const persisted = await requestPersistentStorage(manager);
      set((s) => ({packSpace: {...s.packSpace, persisted}, packImport: {state: 'storing', fileName}}));
      const storage = get().packStorage;
      const id = newId();
      const record: PackRecord = {
        ...inspection.pack,
        id,
        name: inspection.pack.title ?? fileName.replace(/\.pmtiles$/i, ''),
        fileName,
        sizeBytes: file.size,
        importedAt: new Date().toISOString(),
        fileDate: fileDateOf(file),
        visible: true,
        outline: false,
      };
      try {
        await storage.writePack(id, file);
        try {
          await storage.saveIndex([...get().packs, record]);
        } catch (err) {
          await storage.removePack(id).catch(() => undefined);
          throw err;
        }
      } catch (err) {
        set({packImport: {state: 'failed', fileName, reason: failureOf(err), detail: err instanceof Error ? err.message : String(err)}});
        await get().refreshPackSpace();
        return;
      }
      set((s) => ({packs: [...s.packs, record], packImport: {state: 'stored', fileName, name: record.name}}));
      await get().refreshPackSpace();
    },

    deletePack: async (id) => {
      const storage = get().packStorage;
      const packs = get().packs.filter((p) => p.id !== id);
      // Unlisted first: a pack file with no entry is cleaned up on the next start if removal fails.
      await storage.saveIndex(packs);
      set({packs});
      await storage.removePack(id).catch((err: unknown) => {
        if (!(err instanceof PackStorageError)) console.warn('pack file not removed:', err);
      });
      await get().refreshPackSpace();
    },

    setPackVisible: (id, visible) => updateRecord(id, {visible}),
    setPackOutline: (id, outline) => updateRecord(id, {outline}),

    refreshPackSpace: async () => {
      const estimate = await storageEstimate(get().storageManager);
      set((s) => ({packSpace: {...s.packSpace, estimate}}));
    },

    dismissPackImport: () => set({packImport: {state: 'idle'}}),
  };
};
