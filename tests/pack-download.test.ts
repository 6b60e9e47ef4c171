// The app's pack download (src/state) against the real team server (src/server): it spans both
// sides, so it lives here rather than beside either (the layering rule keeps them apart).
import {createHash} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {FastifyInstance} from 'fastify';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {DATONG_PACK_BOUNDS, vectorPack} from './helpers/test-packs';
import {buildServer} from '../src/server/http/app';
import {addTestUser, STORE_CASES} from '../src/server/test/harness';
import type {TeamPack} from '../src/sync/packs-protocol';
import {MemoryStorage} from '../src/state/memory-storage';
import {memoryPackStorage} from '../src/state/pack-storage';
import type {StorageManagerLike} from '../src/state/persistence/storage-persistence';
import {createAppStore} from '../src/state/store';

vi.setConfig({testTimeout: 30_000});

const PACK = Buffer.from(vectorPack(DATONG_PACK_BOUNDS, [10, 13]));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** fetch over the server's inject (no socket); `cut` breaks a response body after that many bytes. */
function injectFetch(app: FastifyInstance, seen: {url: string; range: string | null}[], cut: () => number | null) {
  return (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    seen.push({url: String(input), range: headers['range'] ?? null});
    const res = await app.inject({method: (init.method ?? 'GET') as 'GET', url: String(input), headers, payload: init.body as string | undefined});
    const bytes = new Uint8Array(res.rawPayload);
    const limit = String(input).endsWith('/file') ? cut() : null;
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(limit === null ? bytes : bytes.slice(0, limit));
        else if (limit === null) controller.close();
        else controller.error(new TypeError('network error'));
      },
    });
    return new Response(body, {status: res.statusCode, headers: res.headers as Record<string, string>});
  }) as typeof fetch;
}

const roomy: StorageManagerLike = {estimate: async () => ({usage: 0, quota: 1e9}), persist: async () => true, persisted: async () => false};

describe('downloading packs from the team server', () => {
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;
  let packsDir: string;
  let pack: TeamPack;
  let seen: {url: string; range: string | null}[];
  let cuts: (number | null)[];

  beforeEach(async () => {
    const opened = await STORE_CASES.find((c) => c.name === 'sqlite')!.open();
    cleanup = opened.cleanup;
    packsDir = mkdtempSync(join(tmpdir(), 'team-packs-'));
    await addTestUser(opened.store, 'ada', 'admin');
    await addTestUser(opened.store, 'sam', 'surveyor', 'team-a');
    app = await buildServer({store: opened.store, packsDir, loginRateLimit: {max: 1000, timeWindow: 60_000}});
    const login = await app.inject({method: 'POST', url: '/api/auth/login', payload: {username: 'ada', password: 'password-123', deviceName: 'x'}});
    const up = await app.inject({method: 'PUT', url: '/api/packs?name=Datong', headers: {authorization: `Bearer ${login.json().accessToken}`, 'content-type': 'application/octet-stream'}, payload: PACK});
    pack = up.json().pack;
    seen = [];
    cuts = [];
  });
  afterEach(async () => {
    await app.close();
    await cleanup();
    rmSync(packsDir, {recursive: true, force: true});
  });

  async function signedIn(storage = memoryPackStorage(), manager = roomy) {
    const store = createAppStore(new MemoryStorage());
    store.setState({packStorage: storage, storageManager: manager, packRetryDelayMs: 0, packsFetch: injectFetch(app, seen, () => cuts.shift() ?? null)});
    await store.getState().signInForPacks('sam', 'password-123');
    return {s: () => store.getState(), storage, store};
  }

  it('signs in, lists the server packs, downloads one, checks its hash and lists it on the device', async () => {
    const {s, storage} = await signedIn();
    expect(s().teamPacks).toEqual({state: 'ready', packs: [pack]});
    await s().downloadTeamPack(pack.id);
    expect(s().packDownload).toEqual({state: 'stored', packId: pack.id, name: 'Datong'});
    expect(s().packs).toHaveLength(1);
    expect(s().packs[0]).toMatchObject({id: pack.id, name: 'Datong', kind: 'vector', container: 'pmtiles', sha256: sha(PACK), sizeBytes: PACK.length});
    expect(sha(new Uint8Array(await storage.files.get(pack.id)!.arrayBuffer()))).toBe(pack.sha256);
    expect(storage.partials.size).toBe(0);
    expect(storage.index.map((p) => p.id)).toEqual([pack.id]);
  });

  it('continues a download cut off twice with Range requests from where it stopped', async () => {
    const {s, storage} = await signedIn();
    cuts = [4000, 3000];
    await s().downloadTeamPack(pack.id);
    expect(s().packDownload.state).toBe('stored');
    const ranges = seen.filter((r) => r.url.endsWith('/file')).map((r) => r.range);
    expect(ranges).toEqual([null, 'bytes=4000-', 'bytes=7000-']);
    expect(Buffer.compare(Buffer.from(await storage.files.get(pack.id)!.arrayBuffer()), PACK)).toBe(0);
  });

  it('keeps what arrived when the connection stays down, and the next Download continues it', async () => {
    const {s, storage} = await signedIn();
    cuts = [5000, 0, 0, 0, 0];
    await s().downloadTeamPack(pack.id);
    expect(s().packDownload).toMatchObject({state: 'failed', failure: {code: 'network'}, keptBytes: 5000});
    expect(s().packs).toEqual([]);
    expect(storage.partials.get(pack.id)?.size).toBe(5000);
    seen.length = 0;
    await s().downloadTeamPack(pack.id);
    expect(s().packDownload.state).toBe('stored');
    expect(seen.filter((r) => r.url.endsWith('/file')).map((r) => r.range)).toEqual(['bytes=5000-']);
  });

  it('refuses a file whose SHA-256 is not the listed one and keeps nothing', async () => {
    const {s, storage, store} = await signedIn();
    const wrong = {...pack, sha256: 'f'.repeat(64)};
    store.setState({teamPacks: {state: 'ready', packs: [wrong]}});
    await s().downloadTeamPack(pack.id);
    expect(s().packDownload).toMatchObject({state: 'failed', failure: {code: 'hash-mismatch', expected: wrong.sha256, actual: pack.sha256}, keptBytes: 0});
    expect(s().packs).toEqual([]);
    expect(storage.files.size + storage.partials.size).toBe(0);
  });

  it('reports too little space before fetching anything, and a disk that fills up during the copy', async () => {
    const tight = await signedIn(memoryPackStorage(), {estimate: async () => ({usage: 0, quota: PACK.length - 1})});
    await tight.s().downloadTeamPack(pack.id);
    expect(tight.s().packDownload).toMatchObject({state: 'failed', failure: {code: 'quota'}});
    expect(seen.some((r) => r.url.endsWith('/file'))).toBe(false);

    const full = memoryPackStorage({failWrite: () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')});
    const filling = await signedIn(full);
    await filling.s().downloadTeamPack(pack.id);
    expect(filling.s().packDownload).toMatchObject({state: 'failed', failure: {code: 'quota'}, keptBytes: 0});
    expect(full.files.size + full.partials.size).toBe(0);
  });

  it('says when the sign-in is refused', async () => {
    const store = createAppStore(new MemoryStorage());
    store.setState({packStorage: memoryPackStorage(), packsFetch: injectFetch(app, seen, () => null)});
    await store.getState().signInForPacks('sam', 'wrong-password');
    expect(store.getState().teamPacks).toEqual({state: 'sign-in-failed', status: 401});
    expect(store.getState().teamSession).toBeNull();
  });
});
