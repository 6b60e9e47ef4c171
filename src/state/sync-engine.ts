import type {Conflict, OpResult, PlotChange, PullResponse, SyncOp} from '../sync/protocol';
import {MAX_OPS_PER_PUSH, REJECT_REASONS} from '../sync/protocol-constants';
import type {OutboxEntry} from './persistence/outbox';
import type {PhotoUpload, SyncMeta} from './persistence/outbox-store';
import type {CommitFailure} from './persistence/storage-errors';

/*
 * One sync run (issue 14): push the outbox in order, at most 500 ops a request, then pull from
 * the stored cursor until nothing more waits, then let the acknowledged ops the pull passed
 * leave the outbox. Pure of the browser: storage and the authenticated fetch are handed in, so
 * node tests drive it against a real team server.
 */

/** What the engine needs of the device database (OutboxStore implements it). */
export type SyncStorage = {
  queued(limit: number): Promise<OutboxEntry[]>;
  markResults(results: readonly OpResult[]): Promise<{ok: true} | CommitFailure>;
  sentOpIds(): Promise<string[]>;
  loadMeta(): Promise<SyncMeta>;
  applyPull(changes: readonly PlotChange[], conflicts: readonly Conflict[], cursor: number): Promise<{ok: true; changed: readonly string[]} | CommitFailure>;
  settle(passedOpIds: readonly string[], at: string): Promise<{ok: true; changed: readonly string[]} | CommitFailure>;
  /** Photos (issue 14): the bytes the ops name that the server may lack, and what it said of them. */
  photosToUpload?(ops: readonly SyncOp[]): Promise<PhotoUpload[]>;
  markPhotosUploaded?(hashes: readonly string[], uploaded: boolean): Promise<void>;
  markThumbnailsUploaded?(hashes: readonly string[]): Promise<void>;
  /** The full images whose thumbnail the server holds but not the image (sent after the push). */
  fullPhotosToUpload?(): Promise<PhotoUpload[]>;
  requeue?(opIds: readonly string[]): Promise<void>;
};

/** The content types the server takes for a photo; any other goes as plain bytes. */
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'];
const THUMBNAIL_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
/** The server's limit for a thumbnail (photo-routes.ts). */
const MAX_THUMBNAIL_BYTES = 512 * 1024;
/** A full image goes in pieces of this size: a cut-off upload loses at most one piece. */
export const PHOTO_PIECE_BYTES = 256 * 1024;
const MISSING_PHOTO = `${REJECT_REASONS.missingPhoto}:`;

export type SyncDeps = {
  readonly storage: SyncStorage;
  /** fetch with the bearer token (team-slice's teamFetch): refreshes and reports revocation itself. */
  readonly fetch: (path: string, init?: RequestInit) => Promise<Response>;
  readonly deviceId: string;
  readonly now?: () => Date;
  /** Plot ids whose stored plot a pull changed: the page reads them again. */
  readonly onChanged?: (plotIds: readonly string[]) => void;
  /** Called after each push request with its results (for the page's per-plot states). */
  readonly onPushed?: (results: readonly OpResult[]) => void;
  readonly pullLimit?: number;
  /** Bytes per piece of a full-image upload (PHOTO_PIECE_BYTES). */
  readonly photoPieceBytes?: number;
};

export type SyncFailure = 'offline' | 'revoked' | 'unauthorized' | 'server' | 'storage';
export type SyncOutcome =
  | {readonly ok: true; readonly pushed: number; readonly rejected: number; readonly pulled: number; readonly cursor: number}
  | {readonly ok: false; readonly failure: SyncFailure; readonly status: number | null; readonly pushed: number};

/** Why a response failed, as the engine reports it. */
async function failureOf(res: Response): Promise<SyncFailure> {
  if (res.status === 403) {
    const body = (await res.clone().json().catch(() => null)) as {error?: string} | null;
    if (body?.error === 'device-revoked') return 'revoked';
  }
  if (res.status === 401 || res.status === 403) return 'unauthorized';
  return 'server';
}

export async function syncOnce(deps: SyncDeps): Promise<SyncOutcome> {
  const now = deps.now ?? (() => new Date());
  let pushed = 0;
  let rejected = 0;
  const fail = (failure: SyncFailure, status: number | null): SyncOutcome => ({ok: false, failure, status, pushed});
  try {
    // Push: oldest first; a batch's answers are stored before the next batch goes.
    const resend: string[] = [];
    for (let round = 0; round < 10_000; round++) {
      const batch = await deps.storage.queued(MAX_OPS_PER_PUSH);
      if (batch.length === 0) break;
      // The photos the batch names go first: the server refuses an op naming a photo it lacks.
      const uploadFailure = await uploadPhotos(deps, batch.map((e) => e.op));
      if (uploadFailure) return fail(uploadFailure.failure, uploadFailure.status);
      const res = await deps.fetch('/api/sync/push', {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({deviceId: deps.deviceId, ops: batch.map((e) => e.op)}),
      });
      if (!res.ok) return fail(await failureOf(res), res.status);
      const {results} = (await res.json()) as {results: OpResult[]};
      const marked = await deps.storage.markResults(results);
      if (!marked.ok) return fail('storage', null);
      deps.onPushed?.(results);
      pushed += results.length;
      rejected += results.filter((r) => r.status === 'rejected').length;
      // The server lacks a photo this device thought it had sent: upload it and resend next run.
      const missing = results.filter((r) => r.status === 'rejected' && r.reason?.startsWith(MISSING_PHOTO));
      if (missing.length > 0) {
        await deps.storage.markPhotosUploaded?.(missing.map((r) => r.reason!.slice(MISSING_PHOTO.length)), false);
        resend.push(...missing.map((r) => r.opId));
      }
      // Every op of this batch was rejected: sending again now would not change the answer.
      if (results.every((r) => r.status === 'rejected')) break;
    }
    if (resend.length > 0) await deps.storage.requeue?.(resend);
    // The full images of photos the server knows by their thumbnail: after the ops, so a plot
    // reaches the team without waiting for them; each resumes where a cut-off upload stopped.
    const fullFailure = await uploadFullImages(deps, (await deps.storage.fullPhotosToUpload?.()) ?? []);
    if (fullFailure) return fail(fullFailure.failure, fullFailure.status);
    // Every op acknowledged by now is behind the cursor once the pull below has finished.
    const passed = await deps.storage.sentOpIds();
    let {cursor} = await deps.storage.loadMeta();
    let pulled = 0;
    for (;;) {
      const res = await deps.fetch(`/api/sync/pull?since=${cursor}&limit=${deps.pullLimit ?? 1000}`, {cache: 'no-store'});
      if (!res.ok) return fail(await failureOf(res), res.status);
      const page = (await res.json()) as PullResponse;
      const applied = await deps.storage.applyPull(page.changes, page.conflicts, page.cursor);
      if (!applied.ok) return fail('storage', null);
      pulled += page.changes.length;
      cursor = page.cursor;
      if (applied.changed.length > 0) deps.onChanged?.(applied.changed);
      if (!page.more) break;
    }
    const settled = await deps.storage.settle(passed, now().toISOString());
    if (!settled.ok) return fail('storage', null);
    if (settled.changed.length > 0) deps.onChanged?.(settled.changed);
    return {ok: true, pushed, rejected, pulled, cursor};
  } catch {
    // fetch rejects only when no answer came: no signal, the server down.
    return fail('offline', null);
  }
}

/** A thumbnail the server takes: a real one (not the original kept where none could be made). */
function usableThumbnail(photo: PhotoUpload): boolean {
  return THUMBNAIL_TYPES.includes(photo.thumbnail.type) && photo.thumbnail.size <= MAX_THUMBNAIL_BYTES && photo.thumbnail.size < photo.blob.size;
}

/**
 * Before a batch is pushed, the server must hold each photo it names: its thumbnail where the
 * device made one (the full image follows after the push, uploadFullImages), else the full
 * image itself. A photo the server refuses (too large, not an image it takes) is left: its op
 * comes back rejected and stays on the device with the reason. Returns the failure that stops
 * the run, or null.
 */
async function uploadPhotos(deps: SyncDeps, ops: readonly SyncOp[]): Promise<{failure: SyncFailure; status: number | null} | null> {
  const uploads = (await deps.storage.photosToUpload?.(ops)) ?? [];
  const thumbs: string[] = [];
  const full: PhotoUpload[] = [];
  try {
    for (const photo of uploads) {
      if (!usableThumbnail(photo)) {
        full.push(photo);
        continue;
      }
      const res = await deps.fetch(`/api/photos/${photo.sha256}/thumbnail`, {
        method: 'PUT', headers: {'content-type': photo.thumbnail.type}, body: new Uint8Array(await photo.thumbnail.arrayBuffer()),
      });
      if (res.ok) thumbs.push(photo.sha256);
      else if (res.status === 401 || res.status === 403) return {failure: await failureOf(res), status: res.status};
    }
  } finally {
    await deps.storage.markThumbnailsUploaded?.(thumbs);
  }
  return uploadFullImages(deps, full);
}

/** Each photo's full image, resumed from where the server's part ends; null or the failure that stops the run. */
async function uploadFullImages(deps: SyncDeps, photos: readonly PhotoUpload[]): Promise<{failure: SyncFailure; status: number | null} | null> {
  const done: string[] = [];
  try {
    for (const photo of photos) {
      const result = await uploadFullImage(deps, photo);
      if (result === 'stored') done.push(photo.sha256);
      else if (result !== 'refused') return result;
    }
  } finally {
    await deps.storage.markPhotosUploaded?.(done, true);
  }
  return null;
}

/**
 * One full image in pieces (`Content-Range`, docs/sync.md): asks the server how much of it has
 * arrived (`GET /api/photos/{sha}/upload`) and sends only the rest. A fetch that fails (no
 * signal) throws: syncOnce reports the run offline and the next run resumes.
 */
async function uploadFullImage(deps: SyncDeps, photo: PhotoUpload): Promise<'stored' | 'refused' | {failure: SyncFailure; status: number | null}> {
  const size = photo.blob.size;
  if (size === 0) return 'refused';
  const pieceBytes = Math.max(1, deps.photoPieceBytes ?? PHOTO_PIECE_BYTES);
  const type = PHOTO_TYPES.includes(photo.type) ? photo.type : 'application/octet-stream';
  const asked = await deps.fetch(`/api/photos/${photo.sha256}/upload`, {cache: 'no-store'});
  if (asked.status === 401 || asked.status === 403) return {failure: await failureOf(asked), status: asked.status};
  const state = asked.ok ? ((await asked.json()) as {complete: boolean; offset: number; total: number | null}) : {complete: false, offset: 0, total: null};
  if (state.complete) return 'stored';
  let offset = state.total === size ? state.offset : 0;
  // Each answer moves the offset forward or says where the server's part ends: bounded anyway.
  for (let tries = 0; tries < 2 * Math.ceil(size / pieceBytes) + 4; tries++) {
    const end = Math.min(size, offset + pieceBytes);
    const res = await deps.fetch(`/api/photos/${photo.sha256}`, {
      method: 'PUT',
      headers: {'content-type': type, 'content-range': `bytes ${offset}-${end - 1}/${size}`},
      body: new Uint8Array(await photo.blob.slice(offset, end).arrayBuffer()),
    });
    if (res.status === 200 || res.status === 201) return 'stored';
    if (res.status === 202 || res.status === 409) {
      const body = (await res.json().catch(() => null)) as {offset?: unknown} | null;
      if (typeof body?.offset !== 'number') return {failure: 'server', status: res.status};
      offset = body.offset;
      continue;
    }
    if (res.status === 401 || res.status === 403) return {failure: await failureOf(res), status: res.status};
    if (res.status >= 500) return {failure: 'server', status: res.status};
    return 'refused';
  }
  return {failure: 'server', status: null};
}

/** The pause before the next try after `failures` failed runs in a row: 2 s doubling, at most 5 min. */
export function backoffMs(failures: number, baseMs = 2000, maxMs = 300_000): number {
  if (failures <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** (failures - 1));
}

/**
 * Reads the server's event stream (`event: cursor` / `data: {"cursor": N}`) and calls
 * `onCursor` for each; resolves when the stream ends or fails.
 */
export async function readCursorEvents(body: ReadableStream<Uint8Array>, onCursor: (cursor: number) => void, signal?: AbortSignal): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const onAbort = () => void reader.cancel().catch(() => {});
  signal?.addEventListener('abort', onAbort);
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, {stream: true});
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n');
        const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim();
        const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
        if (event !== 'cursor' || !data) continue;
        try {
          const parsed = JSON.parse(data) as {cursor?: unknown};
          if (typeof parsed.cursor === 'number') onCursor(parsed.cursor);
        } catch {
          // A malformed event only delays a change: the pull stays the way changes arrive.
        }
      }
    }
  } catch {
    return;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
