// The admin panel's state (src/state/admin-slice.ts) against the real team server (src/server);
// it spans both sides, so it lives here (the layering rule keeps them apart).
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {FastifyInstance} from 'fastify';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {DATONG_PACK_BOUNDS, vectorPack} from './helpers/test-packs';
import {buildServer} from '../src/server/http/app';
import {addTestUser, login, STORE_CASES} from '../src/server/test/harness';
import type {PackUploader} from '../src/state/admin-slice';
import {MemoryStorage} from '../src/state/memory-storage';
import {createAppStore} from '../src/state/store';

vi.setConfig({testTimeout: 30_000});

const PACK = Buffer.from(vectorPack(DATONG_PACK_BOUNDS, [10, 11]));

const injectFetch = (app: FastifyInstance) => (async (input: RequestInfo | URL, init: RequestInit = {}) => {
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  const res = await app.inject({method: (init.method ?? 'GET') as 'GET', url: String(input), headers, payload: init.body as string | undefined});
  return new Response(res.body, {status: res.statusCode, headers: {'content-type': String(res.headers['content-type'] ?? '')}});
}) as typeof fetch;

/** The upload over inject, reporting progress in four steps as XMLHttpRequest's upload events would. */
const injectUploader = (app: FastifyInstance, steps: number[][]): PackUploader => async (path, body, headers, onProgress) => {
  const bytes = Buffer.from(await body.arrayBuffer());
  for (const part of [1, 2, 3, 4]) {
    const sent = Math.round((bytes.length * part) / 4);
    steps.push([sent, bytes.length]);
    onProgress(sent, bytes.length);
  }
  const res = await app.inject({method: 'PUT', url: path, headers: {...headers, 'content-length': String(bytes.length)}, payload: bytes});
  return {status: res.statusCode, text: res.body};
};

describe('the admin panel state against the team server', () => {
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;
  let packsDir: string;
  let steps: number[][];

  const device = async (user: string) => {
    const store = createAppStore(new MemoryStorage());
    store.setState({packsFetch: injectFetch(app), packUploader: injectUploader(app, steps), sharedMetaStorage: new MemoryStorage()});
    await store.getState().signInForPacks(user, 'password-123');
    return store;
  };

  beforeEach(async () => {
    const opened = await STORE_CASES.find((c) => c.name === 'sqlite')!.open();
    cleanup = opened.cleanup;
    packsDir = mkdtempSync(join(tmpdir(), 'admin-packs-'));
    steps = [];
    await addTestUser(opened.store, 'ada', 'admin');
    await addTestUser(opened.store, 'sam', 'surveyor', 'team-a');
    app = await buildServer({store: opened.store, packsDir, maxPackBytes: 64 * 1024, loginRateLimit: {max: 1000, timeWindow: 60_000}});
  });
  afterEach(async () => {
    await app.close();
    await cleanup();
    rmSync(packsDir, {recursive: true, force: true});
  });

  it('lists devices and the quarantine, and revokes a device whose next request is refused', async () => {
    const phone = await login(app, 'sam', 'password-123', 'sam phone');
    const admin = await device('ada');
    expect(admin.getState().teamSession?.role).toBe('admin');
    await admin.getState().loadAdmin();
    expect(admin.getState().admin).toMatchObject({state: 'ready', failure: null, quarantine: [], packs: []});
    expect(admin.getState().admin.devices.map((d) => [d.user, d.name, d.revoked])).toContainEqual(['sam', 'sam phone', false]);

    expect(await admin.getState().revokeTeamDevice(phone.deviceId)).toBeNull();
    expect(admin.getState().admin.devices.find((d) => d.deviceId === phone.deviceId)?.revoked).toBe(true);
    expect((await phone.get('/api/sync/pull')).statusCode).toBe(403);
    // What the revoked phone pushes is kept aside and counted.
    expect((await phone.push([])).statusCode).toBe(400);
    await app.inject({method: 'POST', url: '/api/sync/push', headers: {authorization: `Bearer ${phone.token}`}, payload: {deviceId: phone.deviceId, ops: [{opId: crypto.randomUUID(), plotId: 'p1', kind: 'delete', baseVersion: 1, changes: {}}]}});
    await admin.getState().loadAdmin();
    expect(admin.getState().admin.quarantine).toHaveLength(1);
  });

  it('uploads a pack with progress, and keeps the server\'s reason for a refusal', async () => {
    const admin = await device('ada');
    await admin.getState().uploadTeamPack(new File([PACK], 'datong.pmtiles'), {name: 'Datong', source: 'test'});
    expect(admin.getState().adminUpload).toMatchObject({state: 'done', fileName: 'datong.pmtiles', pack: {name: 'Datong', sizeBytes: PACK.length}});
    expect(steps.at(-1)).toEqual([PACK.length, PACK.length]);
    expect(admin.getState().admin.packs.map((p) => p.name)).toEqual(['Datong']);

    await admin.getState().uploadTeamPack(new File([new Uint8Array(4096).fill(7)], 'junk.pmtiles'));
    expect(admin.getState().adminUpload).toMatchObject({state: 'refused', fileName: 'junk.pmtiles', problem: {code: 'not-pmtiles'}});
    await admin.getState().uploadTeamPack(new File([new Uint8Array(65 * 1024)], 'huge.pmtiles'));
    expect(admin.getState().adminUpload).toMatchObject({state: 'too-large', maxBytes: 64 * 1024});
  });

  it('tells a surveyor that only an admin may', async () => {
    const surveyor = await device('sam');
    await surveyor.getState().loadAdmin();
    expect(surveyor.getState().admin).toMatchObject({state: 'failed', failure: {code: 'forbidden', status: 403}});
    await surveyor.getState().uploadTeamPack(new File([PACK], 'datong.pmtiles'));
    expect(surveyor.getState().adminUpload).toMatchObject({state: 'failed', failure: {code: 'forbidden'}});
    const signedOut = createAppStore(new MemoryStorage());
    await signedOut.getState().loadAdmin();
    expect(signedOut.getState().admin.failure).toEqual({code: 'signed-out', status: null});
  });
});
