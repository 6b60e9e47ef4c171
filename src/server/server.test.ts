import {createHash, randomUUID} from 'node:crypto';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {FastifyInstance} from 'fastify';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {runTally} from '../cli/tally-command';
import type {Conflict, PlotChange, PullResponse} from '../sync/protocol';
import {pushOp, pushOps} from './core/push-op';
import {buildServer, type ServerOptions} from './http/app';
import type {PostgresStore} from './store/postgres/postgres-store';
import {SqliteStore} from './store/sqlite/sqlite-store';
import type {Store} from './store/store';
import {addTestUser, createOp, login, storeCases, testPlot, updateOp} from './test/harness';

// Each case migrates a fresh store (a new PostgreSQL schema): give a busy 2-core machine room.
vi.setConfig({testTimeout: 30_000});

describe.each(storeCases())('team server on $name', ({open}) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let app: FastifyInstance;
  let clock = Date.parse('2025-06-01T08:00:00Z');

  const start = async (options: Partial<ServerOptions> = {}) => {
    app = await buildServer({store, now: () => clock, loginRateLimit: {max: 1000, timeWindow: 60_000}, ...options});
    return app;
  };
  /** Nothing was written: no op logged, no sequence number taken. */
  const expectNothingWritten = async (seqBefore = 0, opsBefore = 0) => {
    expect(await store.currentSeq()).toBe(seqBefore);
    expect((await store.opLog()).length).toBe(opsBefore);
  };

  beforeEach(async () => {
    clock = Date.parse('2025-06-01T08:00:00Z');
    ({store, cleanup} = await open());
  });
  afterEach(async () => {
    await app?.close();
    await cleanup();
  });

  it('keeps the API closed with a how-to until an admin exists, and says so in health', async () => {
    await start();
    const res = await app.inject({method: 'POST', url: '/api/auth/login', payload: {username: 'a', password: 'b', deviceName: 'c'}});
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toContain('npm run users -- add NAME --role admin');
    expect((await app.inject('/api/health')).json()).toMatchObject({ok: true, store: store.kind, api: 'no-admin'});
    await addTestUser(store, 'root', 'admin');
    expect((await app.inject('/api/health')).json()).toMatchObject({api: 'ready'});
  });

  it('serves the built app with a strict Content-Security-Policy, and index.html for app routes', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
    await addTestUser(store, 'root', 'admin');
    await start({distDir: dist});
    const page = await app.inject({url: '/', headers: {accept: 'text/html'}});
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const route = await app.inject({url: '/planner/dashboard', headers: {accept: 'text/html'}});
    expect(route.body).toContain('<title>app</title>');
    expect((await app.inject('/api/nothing')).statusCode).toBe(404);
  });

  it('refuses a wrong password, an unknown user and a disabled user, writing nothing', async () => {
    await addTestUser(store, 'root', 'admin');
    await addTestUser(store, 'sam', 'surveyor', 'team-a');
    await start();
    const tryLogin = (username: string, password: string) =>
      app.inject({method: 'POST', url: '/api/auth/login', payload: {username, password, deviceName: 'phone'}});
    expect((await tryLogin('sam', 'wrong-password')).statusCode).toBe(401);
    expect((await tryLogin('nobody', 'password-123')).statusCode).toBe(401);
    await store.setUserDisabled('sam', true);
    expect((await tryLogin('sam', 'password-123')).statusCode).toBe(401);
    await expectNothingWritten();
  }, 60_000); // an unknown user is checked against a full-cost scrypt hash (N=2^17), slow on a busy machine

  it('rate-limits logins', async () => {
    await addTestUser(store, 'root', 'admin');
    await start({loginRateLimit: {max: 3, timeWindow: 60_000}});
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await app.inject({method: 'POST', url: '/api/auth/login', payload: {username: 'root', password: 'nope-nope', deviceName: 'x'}})).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });

  it('answers a bad body with 400 naming the field and the reason, and writes nothing', async () => {
    await addTestUser(store, 'root', 'admin');
    await start();
    const admin = await login(app, 'root');
    const bad = {...createOp(testPlot('p1')), opId: 'not-a-uuid'};
    const res = await admin.push([bad as never]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatchObject({error: 'bad-request', issues: [{field: 'ops.0.opId'}]});
    const noPlot = await admin.push([{...createOp(testPlot('p2')), plot: null}]);
    expect(noPlot.body).toMatchObject({issues: [{field: 'ops.0.plot', reason: 'a create needs the plot'}]});
    expect((await admin.get('/api/sync/pull?since=-1')).statusCode).toBe(400);
    await expectNothingWritten();
  });

  it('refuses a push body over the size limit with 413, writing nothing', async () => {
    await addTestUser(store, 'root', 'admin');
    await start({bodyLimitBytes: 4096});
    const admin = await login(app, 'root');
    const big = createOp(testPlot('p1', 'team-a', {notes: 'x'.repeat(5000)}));
    const res = await admin.push([big]);
    expect(res.statusCode).toBe(413);
    expect(res.body).toMatchObject({error: 'bad-request', issues: [{field: 'body'}]});
    await expectNothingWritten();
  });

  it('applies a create, replays it as a duplicate that changes nothing, and pulls it', async () => {
    await addTestUser(store, 'root', 'admin');
    await start();
    const admin = await login(app, 'root');
    const op = createOp(testPlot('p1'));
    const first = await admin.push([op]);
    expect(first.body.results).toEqual([{opId: op.opId, status: 'applied', version: 1, conflictId: null, reason: null}]);
    const again = await admin.push([op]);
    expect(again.body.results).toEqual([{opId: op.opId, status: 'duplicate', version: 1, conflictId: null, reason: null, firstStatus: 'applied'}]);
    expect(await store.currentSeq()).toBe(1);
    expect((await store.opLog()).map((o) => o.opId)).toEqual([op.opId]);
    const pull = await admin.get<PullResponse>('/api/sync/pull?since=0');
    expect(pull.body.changes).toMatchObject([{seq: 1, plotId: 'p1', version: 1, deleted: false, plot: {properties: {id: 'p1'}}}]);
    expect(pull.body.cursor).toBe(1);
    expect((await admin.get<PullResponse>('/api/sync/pull?since=1')).body).toMatchObject({changes: [], conflicts: [], cursor: 1});
  });

  it('logs who, which device and when for every accepted op', async () => {
    await addTestUser(store, 'root', 'admin');
    await start();
    const admin = await login(app, 'root', 'password-123', 'office pc');
    const op = createOp(testPlot('p1'));
    await admin.push([op]);
    const [logged] = await store.opLog();
    const root = await store.userByName('root');
    expect(logged).toMatchObject({opId: op.opId, userId: root!.id, deviceId: admin.deviceId, receivedAt: '2025-06-01T08:00:00.000Z', status: 'applied', seq: 1});
  });

  it('records a clash on one field as a conflict with base, mine and theirs, and a planner resolves it with an op', async () => {
    await addTestUser(store, 'root', 'admin');
    await addTestUser(store, 'pat', 'planner');
    await addTestUser(store, 'sam', 'surveyor', 'team-a');
    await start();
    const [planner, surveyor] = [await login(app, 'pat'), await login(app, 'sam', 'password-123', 'phone')];
    const plot = testPlot('p1');
    await planner.push([createOp(plot)]);
    expect((await planner.push([updateOp(plot, {notes: 'fenced', name: 'north field'})])).body.results![0]!.status).toBe('applied');
    const mine = await surveyor.push([updateOp(plot, {notes: 'seeded'})]);
    const result = mine.body.results![0]!;
    expect(result).toMatchObject({status: 'conflict', reason: 'same-field', version: 2});
    const pulled = await planner.get<PullResponse>('/api/sync/pull?since=0');
    const conflict = pulled.body.conflicts.find((c: Conflict) => c.conflictId === result.conflictId)!;
    expect(conflict).toMatchObject({plotId: 'p1', user: 'sam', resolved: false, fields: [{field: 'notes', base: '', mine: 'seeded', theirs: 'fenced'}]});
    // The surveyor may not resolve; the planner keeps "seeded" with a new op.
    const current = pulled.body.changes.find((c: PlotChange) => c.plotId === 'p1')!.plot!;
    expect((await surveyor.push([{...updateOp(current, {notes: 'seeded'}, 2), resolves: conflict.conflictId}])).body.results![0]).toMatchObject({status: 'rejected', reason: 'forbidden'});
    const resolve = await planner.push([{...updateOp(current, {notes: 'seeded'}, 2), resolves: conflict.conflictId}]);
    expect(resolve.body.results![0]).toMatchObject({status: 'applied', version: 3});
    const after = await surveyor.get<PullResponse>(`/api/sync/pull?since=${pulled.body.cursor}`);
    expect(after.body.conflicts).toMatchObject([{conflictId: conflict.conflictId, resolved: true, resolvedBy: 'pat'}]);
    expect(after.body.changes).toMatchObject([{plotId: 'p1', version: 3, plot: {properties: {notes: 'seeded', name: 'north field'}}}]);
  });

  it('makes update against delete a conflict and keeps the tombstone', async () => {
    await addTestUser(store, 'root', 'admin');
    await start();
    const a = await login(app, 'root', 'password-123', 'a');
    const b = await login(app, 'root', 'password-123', 'b');
    const plot = testPlot('p1');
    await a.push([createOp(plot)]);
    expect((await a.push([{opId: randomUUID(), plotId: 'p1', kind: 'delete', baseVersion: 1, changes: {}, plot}])).body.results![0]!.status).toBe('applied');
    expect((await b.push([updateOp(plot, {notes: 'x'})])).body.results![0]).toMatchObject({status: 'conflict', reason: 'update-vs-delete'});
    const pull = await a.get<PullResponse>('/api/sync/pull?since=0');
    expect(pull.body.changes).toMatchObject([{plotId: 'p1', deleted: true}]);
    expect((await a.get<{features: unknown[]}>('/api/plots.geojson')).body.features).toEqual([]);
  });

  it('refuses a viewer pushing, and a surveyor editing another team\'s plot, writing nothing', async () => {
    await addTestUser(store, 'root', 'admin');
    await addTestUser(store, 'vic', 'viewer');
    await addTestUser(store, 'sam', 'surveyor', 'team-b');
    await start();
    const admin = await login(app, 'root');
    await admin.push([createOp(testPlot('p1', 'team-a'))]);
    const viewer = await login(app, 'vic');
    const res = await viewer.push([updateOp(testPlot('p1', 'team-a'), {notes: 'x'})]);
    expect(res.statusCode).toBe(403);
    const surveyor = await login(app, 'sam');
    expect((await surveyor.push([updateOp(testPlot('p1', 'team-a'), {notes: 'x'})])).body.results![0]).toMatchObject({status: 'rejected', reason: 'forbidden-team'});
    expect((await surveyor.push([createOp(testPlot('p2', 'team-a'))])).body.results![0]).toMatchObject({status: 'rejected', reason: 'forbidden-team'});
    await expectNothingWritten(1, 1);
    expect((await surveyor.push([createOp(testPlot('p3', 'team-b'))])).body.results![0]!.status).toBe('applied');
  });

  it('refuses an expired access token until it is refreshed, and a forged one always', async () => {
    await addTestUser(store, 'root', 'admin');
    await start({accessTtlSeconds: 60});
    const admin = await login(app, 'root');
    clock += 61_000;
    const res = await admin.push([createOp(testPlot('p1'))]);
    expect(res).toMatchObject({statusCode: 401, body: {error: 'token-expired'}});
    await expectNothingWritten();
    const refreshed = await app.inject({method: 'POST', url: '/api/auth/refresh', payload: {refreshToken: admin.refreshToken}});
    expect(refreshed.statusCode).toBe(200);
    const forged = admin.token.slice(0, -4) + 'AAAA';
    expect((await app.inject({url: '/api/sync/pull', headers: {authorization: `Bearer ${forged}`}})).statusCode).toBe(401);
    const ok = await app.inject({method: 'POST', url: '/api/sync/push', headers: {authorization: `Bearer ${refreshed.json().accessToken}`},
      payload: {deviceId: admin.deviceId, ops: [createOp(testPlot('p1'))]}});
    expect(ok.json().results[0].status).toBe('applied');
  });

  it('keeps a revoked device\'s ops aside, applies none of them, and refuses its refresh', async () => {
    await addTestUser(store, 'root', 'admin');
    await addTestUser(store, 'sam', 'surveyor', 'team-a');
    await start();
    const phone = await login(app, 'sam', 'password-123', 'lost phone');
    expect(await store.revokeDevices('sam')).toBe(1);
    const op = createOp(testPlot('p1'));
    const res = await phone.push([op]);
    expect(res).toMatchObject({statusCode: 403, body: {error: 'device-revoked'}});
    await expectNothingWritten();
    expect(await store.quarantined()).toMatchObject([{deviceId: phone.deviceId, op: {opId: op.opId}}]);
    expect((await app.inject({method: 'POST', url: '/api/auth/refresh', payload: {refreshToken: phone.refreshToken}})).statusCode).toBe(403);
    expect((await phone.get('/api/sync/pull')).statusCode).toBe(403);
  });

  it('lets an admin list devices and revoke one, and see what a revoked device pushed; no one else', async () => {
    await addTestUser(store, 'root', 'admin');
    await addTestUser(store, 'pat', 'planner');
    await start();
    const admin = await login(app, 'root', 'password-123', 'office');
    const planner = await login(app, 'pat', 'password-123', 'tablet');
    expect((await planner.get('/api/admin/devices')).statusCode).toBe(403);
    const list = await admin.get<{devices: {deviceId: string; name: string; user: string; revoked: boolean}[]}>('/api/admin/devices');
    expect(list.body.devices.map((d) => [d.name, d.user, d.revoked]).sort()).toEqual([['office', 'root', false], ['tablet', 'pat', false]]);
    const revoke = await app.inject({method: 'POST', url: `/api/admin/devices/${planner.deviceId}/revoke`, headers: {authorization: `Bearer ${admin.token}`}});
    expect(revoke.statusCode).toBe(200);
    const op = createOp(testPlot('p1'));
    expect((await planner.push([op])).statusCode).toBe(403);
    expect((await admin.get<{ops: {op: {opId: string}}[]}>('/api/admin/quarantine')).body.ops.map((o) => o.op.opId)).toEqual([op.opId]);
    await expectNothingWritten();
  });

  it('stores a photo by its hash once, refuses a wrong hash or an oversized body, and rejects an op whose photo is missing', async () => {
    await addTestUser(store, 'root', 'admin');
    await start({maxPhotoBytes: 1024});
    const admin = await login(app, 'root');
    const bytes = Buffer.from('pretend jpeg bytes');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const put = (hash: string, body: Buffer) => app.inject({method: 'PUT', url: `/api/photos/${hash}`, headers: {authorization: `Bearer ${admin.token}`, 'content-type': 'image/jpeg'}, payload: body});
    const plot = testPlot('p1', 'team-a', {photos: [sha]});
    expect((await admin.push([createOp(plot)])).body.results![0]).toMatchObject({status: 'rejected', reason: `missing-photo:${sha}`});
    expect((await put('0'.repeat(64), bytes)).statusCode).toBe(400);
    expect((await put(sha, Buffer.alloc(2048))).statusCode).toBe(413);
    expect((await put(sha, bytes)).statusCode).toBe(201);
    expect((await put(sha, bytes)).statusCode).toBe(200);
    expect((await admin.push([createOp(plot)])).body.results![0]!.status).toBe('applied');
    const got = await app.inject({url: `/api/photos/${sha}`, headers: {authorization: `Bearer ${admin.token}`}});
    expect(got.rawPayload.equals(bytes)).toBe(true);
    expect(got.headers['content-type']).toBe('image/jpeg');
  });

  it('pages a pull with a cursor that never skips a change and ends at the current sequence', async () => {
    await addTestUser(store, 'root', 'admin');
    await start();
    const admin = await login(app, 'root');
    const plots = Array.from({length: 12}, (_, i) => testPlot(`p${String(i).padStart(2, '0')}`));
    await admin.push(plots.map(createOp));
    await admin.push([updateOp(plots[3]!, {notes: 'again'}), updateOp(plots[7]!, {notes: 'again'})]);
    const seen = new Map<string, number>();
    let since = 0;
    for (;;) {
      const page = (await admin.get<PullResponse>(`/api/sync/pull?since=${since}&limit=5`)).body;
      for (const c of page.changes) seen.set(c.plotId, c.version);
      expect(page.cursor).toBeGreaterThanOrEqual(since);
      since = page.cursor;
      if (!page.more) break;
    }
    expect(since).toBe(await store.currentSeq());
    expect(since).toBe(14);
    expect(seen.size).toBe(12);
    expect(seen.get('p03')).toBe(2);
  });

  it('answers /api/tally with the JSON of `npm run tally -- --json` on /api/plots.geojson', async () => {
    await addTestUser(store, 'root', 'admin');
    await start();
    const admin = await login(app, 'root');
    await admin.push([
      createOp(testPlot('p1', 'team-a', {status: 'remediated', completed: '2025-03-01'})),
      createOp(testPlot('p2', 'team-a', {status: 'verified', completed: '2025-05-01'}, {type: 'Polygon', coordinates: [[[101.681, 36.951], [101.684, 36.951], [101.684, 36.954], [101.681, 36.954], [101.681, 36.951]]]})),
      createOp(testPlot('p3', 'team-a', {status: 'planned'})),
    ]);
    const geojson = (await app.inject({url: '/api/plots.geojson', headers: {authorization: `Bearer ${admin.token}`}}));
    expect(geojson.headers['content-type']).toContain('application/geo+json');
    const cli = await runTally(['--json', '--as-of', '2025-04-01', 'plots.geojson'], {
      readFile: () => geojson.rawPayload, exists: () => false, defaultZonesPath: '', today: '2025-06-01',
    });
    const api = await admin.get('/api/tally?asOf=2025-04-01');
    expect(api.statusCode).toBe(200);
    expect(api.body).toEqual(JSON.parse(cli.stdout));
    expect(api.body.validPlots).toBe(3);
    expect(api.body.remediatedM2 as number).toBeGreaterThan(0);
    expect((await admin.get('/api/tally?asOf=2025-13-45x')).statusCode).toBe(400);
  });
});

describe.each(storeCases())('the op log on $name', ({open}) => {
  it('refuses to change or delete a logged op', async () => {
    const {store, cleanup} = await open();
    try {
      await addTestUser(store, 'root', 'admin');
      const user = await store.userByName('root');
      const op = createOp(testPlot('p1'));
      await pushOp(store, {userId: user!.id, name: 'root', role: 'admin', team: null, deviceId: 'd'}, op, new Date().toISOString());
      const attempt = (sql: string) =>
        store instanceof SqliteStore ? Promise.resolve().then(() => store.db.exec(sql)) : (store as PostgresStore).pool.query(sql);
      await expect(attempt(`update ops set status = 'conflict'`)).rejects.toThrow(/append-only/);
      await expect(attempt('delete from ops')).rejects.toThrow(/append-only/);
      expect((await store.opLog()).map((o) => o.status)).toEqual(['applied']);
    } finally {
      await cleanup();
    }
  });

  it('commits a pushed batch once, each op atomic on its own: a failing op keeps the ones before and stops the rest', async () => {
    const {store, cleanup} = await open();
    try {
      await addTestUser(store, 'root', 'admin');
      const user = await store.userByName('root');
      const actor = {userId: user!.id, name: 'root', role: 'admin' as const, team: null, deviceId: 'd'};
      const [a, b, c] = [createOp(testPlot('p1')), createOp(testPlot('p2')), createOp(testPlot('p3'))];
      const results = await pushOps(store, actor, [a, b], new Date().toISOString());
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
      expect(await store.currentSeq()).toBe(2);

      // A step that writes and then throws: its writes are rolled back, the step before it
      // stays committed, the step after it never runs, and the error reaches the caller.
      let ranAfter = false;
      await expect(store.syncBatch([
        async (tx) => { await tx.putPlot('p3', c.plot!, 1, false, await tx.nextSeq()); return 'third'; },
        async (tx) => { await tx.putPlot('p4', testPlot('p4'), 1, false, await tx.nextSeq()); throw new Error('disk on fire'); },
        async () => { ranAfter = true; return 'never'; },
      ])).rejects.toThrow('disk on fire');
      expect(ranAfter).toBe(false);
      expect(await store.currentSeq()).toBe(3);
      expect((await store.livePlots()).map((p) => p.properties.id).sort()).toEqual(['p1', 'p2', 'p3']);

      // A replay of the whole batch changes nothing.
      const replay = await pushOps(store, actor, [a, b], new Date().toISOString());
      expect(replay.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
      expect(await store.currentSeq()).toBe(3);
    } finally {
      await cleanup();
    }
  });

  it('keeps concurrent batches apart: one failing step ends only its own batch', async () => {
    const {store, cleanup} = await open();
    try {
      const put = (id: string) => async (tx: Parameters<Parameters<Store['syncBatch']>[0][number]>[0]) => {
        await tx.putPlot(id, testPlot(id), 1, false, await tx.nextSeq());
        return id;
      };
      const fail = async () => { throw new Error('bad step'); };
      const [a, b, c] = await Promise.allSettled([
        store.syncBatch([put('a1'), put('a2')]),
        store.syncBatch([put('b1'), fail, put('b3')]),
        store.syncBatch([put('c1')]),
      ]);
      expect(a).toEqual({status: 'fulfilled', value: ['a1', 'a2']});
      expect(b.status).toBe('rejected');
      expect(c).toEqual({status: 'fulfilled', value: ['c1']});
      expect((await store.livePlots()).map((p) => p.properties.id).sort()).toEqual(['a1', 'a2', 'b1', 'c1']);
      expect(await store.currentSeq()).toBe(4);
    } finally {
      await cleanup();
    }
  });
});
