import type {StateCreator} from 'zustand';
import type {PackProblem} from '../geo/packs/inspect-pack';
import type {TeamPack} from '../sync/packs-protocol';
import type {TeamFetch} from '../sync/shared-client';
import type {AppState} from './store';

/*
 * The admin panel's state (issue 14 item 8, issue 15's pack upload): the team's devices with
 * revoke, the ops revoked devices pushed (quarantine), and basemap packs uploaded to the server
 * with upload progress. Every call goes through `adminFetch` (the swap point for the sync
 * engine's teamFetch) or, for the upload, `packUploader` (XMLHttpRequest, whose upload events
 * give the progress a fetch cannot).
 */

export type AdminDevice = {readonly deviceId: string; readonly name: string; readonly user: string | null; readonly revoked: boolean; readonly createdAt: string};
export type AdminQuarantined = {readonly deviceId: string; readonly userId: string; readonly receivedAt: string; readonly op: unknown};

/** Why a call to the server did not work, as a code the panel words. */
export type AdminFailure = {readonly code: 'offline' | 'signed-out' | 'revoked' | 'forbidden' | 'refused'; readonly status: number | null};

export type AdminData = {
  readonly state: 'idle' | 'loading' | 'ready' | 'failed';
  readonly devices: readonly AdminDevice[];
  readonly quarantine: readonly AdminQuarantined[];
  readonly packs: readonly TeamPack[];
  readonly failure: AdminFailure | null;
};

export type AdminUpload =
  | {readonly state: 'idle'}
  | {readonly state: 'uploading'; readonly fileName: string; readonly sent: number; readonly total: number}
  | {readonly state: 'done'; readonly fileName: string; readonly pack: TeamPack}
  /** The server's refusal: not a pack it can serve (with the reason), or larger than it takes. */
  | {readonly state: 'refused'; readonly fileName: string; readonly problem: PackProblem}
  | {readonly state: 'too-large'; readonly fileName: string; readonly maxBytes: number}
  | {readonly state: 'failed'; readonly fileName: string; readonly failure: AdminFailure};

/** Sends `body` to `path` with `headers`, calling `onProgress(sent, total)` as it goes; resolves with the answer. */
export type PackUploader = (path: string, body: Blob, headers: Record<string, string>, onProgress: (sent: number, total: number) => void) => Promise<{status: number; text: string}>;

export type AdminSlice = {
  admin: AdminData;
  adminUpload: AdminUpload;
  /** The device being revoked (its button waits). */
  adminRevoking: string | null;
  /** The authenticated fetch for admin calls, or null when signed out (today packs-slice's session). */
  adminFetch: () => TeamFetch | null;
  /** The bearer header for the upload (the uploader does not go through fetch). */
  adminAuthHeaders: () => Record<string, string> | null;
  packUploader: PackUploader;
  loadAdmin: () => Promise<void>;
  /** Revokes one device (the panel asks first); its next request is refused 403. */
  revokeTeamDevice: (deviceId: string) => Promise<AdminFailure | null>;
  uploadTeamPack: (file: Blob & {readonly name: string}, meta?: {name?: string; source?: string}) => Promise<void>;
};

/** The browser's uploader: XMLHttpRequest, for its upload progress events. */
export const xhrPackUploader: PackUploader = (path, body, headers, onProgress) => new Promise((resolve, reject) => {
  const xhr = new XMLHttpRequest();
  xhr.open('PUT', path);
  for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
  xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : body.size);
  xhr.onload = () => resolve({status: xhr.status, text: xhr.responseText});
  xhr.onerror = () => reject(new TypeError('network error'));
  xhr.onabort = () => reject(new TypeError('aborted'));
  xhr.send(body);
});

const EMPTY: AdminData = {state: 'idle', devices: [], quarantine: [], packs: [], failure: null};

async function failureOf(res: Response | {status: number; text: string} | null): Promise<AdminFailure> {
  if (!res) return {code: 'offline', status: null};
  if (res.status === 401) return {code: 'signed-out', status: 401};
  if (res.status === 403) {
    const text = 'text' in res && typeof res.text === 'string' ? res.text : await (res as Response).text().catch(() => '');
    return {code: text.includes('device-revoked') ? 'revoked' : 'forbidden', status: 403};
  }
  return {code: 'refused', status: res.status};
}

const tryFetch = async (fetch: TeamFetch, path: string, init?: RequestInit): Promise<Response | null> => {
  try {
    return await fetch(path, init);
  } catch {
    return null;
  }
};

export const createAdminSlice: StateCreator<AppState, [], [], AdminSlice> = (set, get) => ({
  admin: EMPTY,
  adminUpload: {state: 'idle'},
  adminRevoking: null,
  adminFetch: () => get().sharedFetch(),
  adminAuthHeaders: () => {
    const session = get().teamSession;
    return session ? {authorization: `Bearer ${session.token}`} : null;
  },
  packUploader: xhrPackUploader,

  loadAdmin: async () => {
    const fetch = get().adminFetch();
    if (!fetch) return set({admin: {...EMPTY, state: 'failed', failure: {code: 'signed-out', status: null}}});
    set({admin: {...get().admin, state: 'loading'}});
    const [devices, quarantine, packs] = await Promise.all(['/api/admin/devices', '/api/admin/quarantine', '/api/packs'].map((p) => tryFetch(fetch, p, {cache: 'no-store'})));
    const bad = [devices, quarantine, packs].find((r) => !r || !r.ok);
    if (bad !== undefined) return set({admin: {...get().admin, state: 'failed', failure: await failureOf(bad)}});
    set({admin: {
      state: 'ready',
      devices: ((await devices!.json()) as {devices: AdminDevice[]}).devices,
      quarantine: ((await quarantine!.json()) as {ops: AdminQuarantined[]}).ops,
      packs: ((await packs!.json()) as {packs: TeamPack[]}).packs,
      failure: null,
    }});
  },

  revokeTeamDevice: async (deviceId) => {
    const fetch = get().adminFetch();
    if (!fetch) return {code: 'signed-out', status: null};
    set({adminRevoking: deviceId});
    const res = await tryFetch(fetch, `/api/admin/devices/${encodeURIComponent(deviceId)}/revoke`, {method: 'POST'});
    set({adminRevoking: null});
    if (!res || !res.ok) return failureOf(res);
    set({admin: {...get().admin, devices: get().admin.devices.map((d) => (d.deviceId === deviceId ? {...d, revoked: true} : d))}});
    await get().loadAdmin();
    return null;
  },

  uploadTeamPack: async (file, meta = {}) => {
    const auth = get().adminAuthHeaders();
    const fileName = file.name;
    if (!auth) return set({adminUpload: {state: 'failed', fileName, failure: {code: 'signed-out', status: null}}});
    if (get().adminUpload.state === 'uploading') return;
    set({adminUpload: {state: 'uploading', fileName, sent: 0, total: file.size}});
    const query = new URLSearchParams({fileName, ...(meta.name ? {name: meta.name} : {}), ...(meta.source ? {source: meta.source} : {})});
    let res: {status: number; text: string} | null = null;
    try {
      res = await get().packUploader(`/api/packs?${query}`, file, {...auth, 'content-type': 'application/octet-stream'},
        (sent, total) => set({adminUpload: {state: 'uploading', fileName, sent, total}}));
    } catch {
      res = null;
    }
    const body = (() => {
      try {
        return res ? (JSON.parse(res.text) as {pack?: TeamPack; problem?: PackProblem; maxBytes?: number}) : {};
      } catch {
        return {};
      }
    })();
    if (res?.status === 201 && body.pack) {
      set({adminUpload: {state: 'done', fileName, pack: body.pack}});
      await get().loadAdmin();
    } else if (res?.status === 400 && body.problem) set({adminUpload: {state: 'refused', fileName, problem: body.problem}});
    else if (res?.status === 413) set({adminUpload: {state: 'too-large', fileName, maxBytes: body.maxBytes ?? 0}});
    else set({adminUpload: {state: 'failed', fileName, failure: await failureOf(res)}});
  },
});
