import type {DescribedPack} from '../geo/packs/describe-pack';
import type {PackProblem} from '../geo/packs/inspect-pack';
import type {SqlWasmLoader} from '../geo/packs/mbtiles';
import type {TeamPack} from '../sync/packs-protocol';
import {PackStorageError} from './pack-storage';
import type {PackStorage} from './pack-storage';

/** Why a download from the team server did not give a pack; the UI words each (ui/packs/pack-messages.ts). */
export type DownloadFailure =
  | {readonly code: 'network'; readonly detail: string}
  | {readonly code: 'http'; readonly status: number}
  | {readonly code: 'signed-out'}
  | {readonly code: 'quota'}
  | {readonly code: 'io'; readonly detail: string}
  | {readonly code: 'hash-mismatch'; readonly expected: string; readonly actual: string}
  | {readonly code: 'not-a-pack'; readonly problem: PackProblem};

export type DownloadResult = {readonly ok: true; readonly described: Extract<DescribedPack, {ok: true}>} | {readonly ok: false; readonly failure: DownloadFailure; readonly keptBytes: number};

export type DownloadOptions = {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly pack: TeamPack;
  /** The local id the partial file and the pack are kept under. */
  readonly id: string;
  readonly storage: PackStorage;
  /** sql.js's WebAssembly, to check an MBTiles pack. */
  readonly loadSqlWasm: SqlWasmLoader;
  readonly fetch: typeof fetch;
  readonly onProgress: (receivedBytes: number) => void;
  /** Called once every byte is on the device, before the hash is checked. */
  readonly onVerify?: () => void;
  /** Tries in a row that bring no new byte before giving up (the partial file is kept). */
  readonly maxAttempts?: number;
  /** Waits before try n (1, 2…); tests pass none. */
  readonly pause?: (attempt: number) => Promise<void>;
};

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Copies a team-server pack into the device's partial file, continuing with an HTTP Range
 * request (If-Range: its SHA-256, so a replaced file starts over) whenever the connection
 * breaks, then checks the SHA-256 of what was stored and that it is a pack the app can draw.
 * A mismatch or a bad file is removed; a broken connection (or an expired sign-in) keeps the
 * partial file, so pressing Download again continues it. Does not list the pack: the caller
 * commits it.
 */
export async function downloadPack(o: DownloadOptions): Promise<DownloadResult> {
  const {storage, id, pack} = o;
  const maxAttempts = o.maxAttempts ?? 5;
  const failed = async (failure: DownloadFailure): Promise<DownloadResult> => ({ok: false, failure, keptBytes: await storage.partialSize(id)});
  let fruitless = 0;
  for (;;) {
    let have = await storage.partialSize(id);
    if (have > pack.sizeBytes) {
      await storage.removePartial(id);
      have = 0;
    }
    o.onProgress(have);
    if (have === pack.sizeBytes) break;
    if (fruitless > 0) await o.pause?.(fruitless);
    const headers: Record<string, string> = {...o.headers};
    if (have > 0) {
      headers['range'] = `bytes=${have}-`;
      headers['if-range'] = `"${pack.sha256}"`;
    }
    let res: Response;
    try {
      res = await o.fetch(o.url, {headers, cache: 'no-store'});
    } catch (err) {
      if (++fruitless >= maxAttempts) return failed({code: 'network', detail: message(err)});
      continue;
    }
    if (res.status === 401) return failed({code: 'signed-out'});
    if ((res.status !== 200 && res.status !== 206) || !res.body) return failed({code: 'http', status: res.status});
    const range = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '');
    // 200: the server sends the whole file (it changed, or ignores ranges): start over.
    const offset = res.status === 206 && range && Number(range[1]) === have ? have : 0;
    if (res.status === 206 && offset !== have) return failed({code: 'http', status: 206});
    let received = offset;
    try {
      await storage.writePartial(id, offset, res.body, (n) => o.onProgress((received += n)));
    } catch (err) {
      if (err instanceof PackStorageError) {
        await storage.removePartial(id);
        return failed(err.reason === 'quota' ? {code: 'quota'} : {code: 'io', detail: err.message});
      }
      fruitless = received > have ? 1 : fruitless + 1;
      if (fruitless >= maxAttempts) return failed({code: 'network', detail: message(err)});
    }
  }

  o.onVerify?.();
  const blob = await storage.readPartial(id);
  // The hash (WebAssembly) and the pack readers load with the first download, not with the app.
  const [{sha256OfBlob}, {describePackFile}] = await Promise.all([import('../geo/packs/sha256'), import('../geo/packs/describe-pack')]);
  const actual = await sha256OfBlob(blob);
  if (actual !== pack.sha256) {
    await storage.removePartial(id);
    return failed({code: 'hash-mismatch', expected: pack.sha256, actual});
  }
  const described = await describePackFile(blob, o.loadSqlWasm);
  if (!described.ok) {
    await storage.removePartial(id);
    return failed({code: 'not-a-pack', problem: described.problem});
  }
  return {ok: true, described};
}
