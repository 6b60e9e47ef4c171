import type {Role} from '../sync/protocol';
import type {StateCreator} from 'zustand';
import type {SqlWasmLoader} from '../geo/packs/mbtiles';
import {loadSqlWasmFromAsset} from '../geo/import/sql-wasm-browser';
import type {PackProblem} from '../geo/packs/inspect-pack';
import type {PackRecord} from '../geo/packs/pack-types';
import {requestPersistentStorage, storageEstimate} from './persistence/storage-persistence';
import type {PersistentStorageOutcome, StorageEstimateBytes, StorageManagerLike} from './persistence/storage-persistence';
import {PackStorageError, failureOf, opfsPackStorage} from './pack-storage';
import type {PackStorage, PackStorageFailure} from './pack-storage';
import type {AppState} from './store';
import type {TeamPack} from '../sync/packs-protocol';
import {downloadPack} from './packs-download';
import type {DownloadFailure} from './packs-download';
import type {OrthoConverter} from '../geo/ortho/ortho-client';
import {importOrthoPack} from './pack-ortho';
import type {OrthoImport} from './pack-ortho';
import type {TiandituSettings} from '../catalogue/tianditu';
import {loadTiandituSettings, saveTiandituSettings} from './tianditu-settings';

/** Where the last pack import stands; a refused or failed import stores nothing. */
export type PackImport =
  | {readonly state: 'idle'}
  | {readonly state: 'checking' | 'storing'; readonly fileName: string}
  | {readonly state: 'stored'; readonly fileName: string; readonly name: string}
  | {readonly state: 'refused'; readonly fileName: string; readonly problem: PackProblem}
  | {readonly state: 'failed'; readonly fileName: string; readonly reason: PackStorageFailure; readonly detail: string};

/** The team server's pack list, and the sign-in it needs (the token is kept in memory only). */
export type TeamPacks =
  | {readonly state: 'signed-out' | 'signing-in' | 'loading'}
  | {readonly state: 'sign-in-failed'; readonly status: number | null}
  | {readonly state: 'ready'; readonly packs: readonly TeamPack[]}
  | {readonly state: 'list-failed'; readonly status: number | null};

/** Where the current download from the team server stands. */
export type PackDownload =
  | {readonly state: 'idle'}
  | {readonly state: 'downloading'; readonly packId: string; readonly name: string; readonly receivedBytes: number; readonly totalBytes: number}
  | {readonly state: 'verifying'; readonly packId: string; readonly name: string}
  | {readonly state: 'stored'; readonly packId: string; readonly name: string}
  | {readonly state: 'failed'; readonly packId: string; readonly name: string; readonly failure: DownloadFailure; readonly keptBytes: number};

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

  /** Turns a GeoTIFF orthophoto into a raster pack on the device (src/state/pack-ortho.ts). */
  orthoConverter: OrthoConverter;
  orthoImport: OrthoImport;
  importOrtho: (file: File) => Promise<void>;
  /** Stops the conversion under way: the worker ends, the partial file is removed, nothing is listed. */
  cancelOrthoImport: () => void;
  dismissOrthoImport: () => void;
  setPackOpacity: (id: string, opacity: number) => void;
  /** Terrain packs: contour lines drawn from the DEM, or not. */
  setPackContours: (id: string, contours: boolean) => void;

  /** The optional online Tianditu basemap (off by default; the key stays on this device). */
  tianditu: TiandituSettings;
  /** Tiles from Tianditu: none asked yet, arriving, or failing (offline, bad key, or a deployment whose CSP does not allow it). */
  tiandituStatus: 'idle' | 'ok' | 'failed';
  setTianditu: (change: Partial<TiandituSettings>) => void;
  reportTianditu: (ok: boolean) => void;

  /** fetch for the team server (tests hand in the server's inject). */
  packsFetch: typeof fetch;
  /** sql.js's WebAssembly for MBTiles packs (node tests hand in node_modules' copy). */
  packSqlWasm: SqlWasmLoader;
  /** The first pause before trying a broken download again (doubling, at most 8 s). */
  packRetryDelayMs: number;
  /** `role` as the server said at sign-in (the admin panel shows only for an admin). */
  teamSession: {readonly token: string; readonly user: string; readonly role?: Role} | null;
  teamPacks: TeamPacks;
  packDownload: PackDownload;
  signInForPacks: (username: string, password: string) => Promise<void>;
  loadTeamPacks: () => Promise<void>;
  downloadTeamPack: (packId: string) => Promise<void>;
  dismissPackDownload: () => void;
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
  // The orthophoto conversion under way, if any: one per store (Cancel aborts it).
  let orthoAbort: AbortController | null = null;

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
      // Loaded on first use: pmtiles, sql.js's reader and their inflate stay out of the initial JS (issue 11).
      const {describePackFile} = await import('../geo/packs/describe-pack');
      const inspection = await describePackFile(file, get().packSqlWasm);
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
        name: inspection.pack.title ?? fileName.replace(/\.(pmtiles|mbtiles)$/i, ''),
        fileName,
        sizeBytes: file.size,
        importedAt: new Date().toISOString(),
        fileDate: fileDateOf(file),
        visible: true,
        outline: false,
        container: inspection.container,
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

    orthoConverter: async (file) => (await import('../geo/ortho/ortho-client')).workerOrthoConverter()(file),
    orthoImport: {state: 'idle'},
    importOrtho: async (file) => {
      const busy = get().orthoImport.state;
      if (busy === 'checking' || busy === 'converting' || busy === 'storing') return;
      const abort = new AbortController();
      orthoAbort = abort;
      const record = await importOrthoPack(file, {
        converter: get().orthoConverter,
        storage: get().packStorage,
        storageManager: get().storageManager,
        existing: () => get().packs,
        id: newId(),
        report: (orthoImport) => set({orthoImport}),
        persisted: (persisted) => set((s) => ({packSpace: {...s.packSpace, persisted}})),
        signal: abort.signal,
      }).finally(() => {
        if (orthoAbort === abort) orthoAbort = null;
      });
      if (record) set((s) => ({packs: [...s.packs, record]}));
      await get().refreshPackSpace();
    },
    cancelOrthoImport: () => orthoAbort?.abort(),
    dismissOrthoImport: () => set({orthoImport: {state: 'idle'}}),
    tianditu: loadTiandituSettings(),
    tiandituStatus: 'idle',
    setTianditu: (change) => {
      const tianditu = {...get().tianditu, ...change};
      saveTiandituSettings(tianditu);
      set({tianditu, tiandituStatus: 'idle'});
    },
    reportTianditu: (ok) => {
      const status = ok ? 'ok' : 'failed';
      if (get().tiandituStatus !== status) set({tiandituStatus: status});
    },
    setPackOpacity: (id, opacity) => updateRecord(id, {opacity: Math.max(0, Math.min(1, opacity))}),
    setPackContours: (id, contours) => updateRecord(id, {contours}),

    packsFetch: (input, init) => fetch(input, init),
    packSqlWasm: loadSqlWasmFromAsset,
    packRetryDelayMs: 500,
    teamSession: null,
    teamPacks: {state: 'signed-out'},
    packDownload: {state: 'idle'},

    signInForPacks: async (username, password) => {
      set({teamPacks: {state: 'signing-in'}});
      // The one team session (team-slice): it keeps teamSession's token for the pack routes.
      const ok = await get().teamSignIn({username, password, deviceName: 'basemap packs (browser)'}, get().packsFetch);
      const team = get().team;
      if (!ok) return set({teamPacks: {state: 'sign-in-failed', status: team.state === 'signed-out' ? team.status ?? null : null}});
      await get().loadTeamPacks();
    },

    loadTeamPacks: async () => {
      const session = get().teamSession;
      if (!session) return set({teamPacks: {state: 'signed-out'}});
      set({teamPacks: {state: 'loading'}});
      try {
        const res = await get().packsFetch('/api/packs', {headers: {authorization: `Bearer ${session.token}`}, cache: 'no-store'});
        if (res.status === 401) return set({teamSession: null, teamPacks: {state: 'signed-out'}});
        const {TEAM_PACK_LIST_SCHEMA} = await import('./team-pack-schema');
        const parsed = res.ok ? TEAM_PACK_LIST_SCHEMA.safeParse(await res.json()) : null;
        if (!parsed?.success) return set({teamPacks: {state: 'list-failed', status: res.status}});
        set({teamPacks: {state: 'ready', packs: parsed.data.packs}});
      } catch {
        set({teamPacks: {state: 'list-failed', status: null}});
      }
    },

    downloadTeamPack: async (packId) => {
      const session = get().teamSession;
      const listed = get().teamPacks;
      const job = get().packDownload.state;
      if (!session || listed.state !== 'ready' || job === 'downloading' || job === 'verifying') return;
      const pack = listed.packs.find((p) => p.id === packId);
      if (!pack || get().packs.some((p) => p.id === pack.id)) return;
      const storage = get().packStorage;
      const {name} = pack;
      const have = await storage.partialSize(pack.id);
      const estimate = await storageEstimate(get().storageManager);
      if (estimate && pack.sizeBytes - have > estimate.freeBytes) {
        set({packDownload: {state: 'failed', packId, name, failure: {code: 'quota'}, keptBytes: have}});
        return;
      }
      const persisted = await requestPersistentStorage(get().storageManager);
      set((s) => ({packSpace: {...s.packSpace, persisted}, packDownload: {state: 'downloading', packId, name, receivedBytes: have, totalBytes: pack.sizeBytes}}));
      const result = await downloadPack({
        url: `/api/packs/${encodeURIComponent(pack.id)}/file`,
        headers: {authorization: `Bearer ${session.token}`},
        pack,
        id: pack.id,
        storage,
        loadSqlWasm: get().packSqlWasm,
        fetch: get().packsFetch,
        pause: (n) => new Promise((r) => setTimeout(r, Math.min(8000, get().packRetryDelayMs * 2 ** (n - 1)))),
        onProgress: (receivedBytes) => set({packDownload: {state: 'downloading', packId, name, receivedBytes, totalBytes: pack.sizeBytes}}),
        onVerify: () => set({packDownload: {state: 'verifying', packId, name}}),
      });
      if (!result.ok) {
        if (result.failure.code === 'signed-out') set({teamSession: null});
        set({packDownload: {state: 'failed', packId, name, failure: result.failure, keptBytes: result.keptBytes}});
        await get().refreshPackSpace();
        return;
      }
      const record: PackRecord = {
        ...result.described.pack,
        id: pack.id,
        name,
        fileName: pack.fileName,
        sizeBytes: pack.sizeBytes,
        importedAt: new Date().toISOString(),
        fileDate: pack.uploadedAt,
        attribution: result.described.pack.attribution || pack.source,
        visible: true,
        outline: false,
        container: result.described.container,
        sha256: pack.sha256,
      };
      try {
        await storage.commitPartial(pack.id);
        try {
          await storage.saveIndex([...get().packs, record]);
        } catch (err) {
          await storage.removePack(pack.id).catch(() => undefined);
          throw err;
        }
      } catch (err) {
        const failure: DownloadFailure = failureOf(err) === 'quota' ? {code: 'quota'} : {code: 'io', detail: err instanceof Error ? err.message : String(err)};
        set({packDownload: {state: 'failed', packId, name, failure, keptBytes: 0}});
        await get().refreshPackSpace();
        return;
      }
      set((s) => ({packs: [...s.packs, record], packDownload: {state: 'stored', packId, name}}));
      await get().refreshPackSpace();
    },

    dismissPackDownload: () => set({packDownload: {state: 'idle'}}),
  };
};
