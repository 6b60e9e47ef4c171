// The app's team sync (src/state: session, outbox, engine) against the real team server
// (src/server, over inject): it spans both sides, so it lives here (the layering rule).
import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import type {FastifyInstance} from 'fastify';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {buildServer} from '../src/server/http/app';
import type {Store as ServerStore} from '../src/server/store/store';
import {addTestUser, STORE_CASES, testPlot} from '../src/server/test/harness';
import type {Plot} from '../src/geo/plot';
import {MemoryStorage} from '../src/state/memory-storage';
import {inMemoryCrossTabHub} from '../src/state/persistence/cross-tab';
import {PlotRepository} from '../src/state/persistence/plot-repository';
import {createAppStore} from '../src/state/store';
import {editBlock, plotSyncState, visibleConflicts} from '../src/state/team-slice';
import {backoffMs} from '../src/state/sync-engine';
import type {PhotoRecord} from '../src/state/persistence/plot-repository';
import {createHash} from 'node:crypto';
import {BACKUP_FORMAT, BACKUP_VERSION} from '../src/geo/export/backup';
import {injectFetch} from './helpers/inject-fetch';

vi.setConfig({testTimeout: 30_000});

type AppStore = ReturnType<typeof createAppStore>;

const asPlot = (p: ReturnType<typeof testPlot>) => p as unknown as Plot;

describe('team sync: the app against the team server', () => {
  let app: FastifyInstance;
  let server: ServerStore;
  let cleanup: () => Promise<void>;
  const repos: PlotRepository[] = [];

  beforeEach(async () => {
    const opened = await STORE_CASES.find((c) => c.name === 'sqlite')!.open();
    server = opened.store;
    cleanup = opened.cleanup;
    await addTestUser(server, 'ada', 'admin');
    await addTestUser(server, 'pat', 'planner');
    await addTestUser(server, 'sam', 'surveyor', 'team-a');
    await addTestUser(server, 'sue', 'surveyor', 'team-a');
    await addTestUser(server, 'vic', 'viewer');
    app = await buildServer({store: server, loginRateLimit: {max: 1000, timeWindow: 60_000}});
  });
  afterEach(async () => {
    for (const r of repos.splice(0)) r.close();
    await app.close();
    await cleanup();
  });

  /** A device: its own database, its own store, signed in as `user`. */
  async function device(user: string, factory = new IDBFactory()) {
    const repo = await PlotRepository.open({factory, actor: user, channel: inMemoryCrossTabHub().channel()});
    repos.push(repo);
    const store = createAppStore(new MemoryStorage());
    const log: {method: string; url: string; bytes: number}[] = [];
    const net = {down: false};
    await store.getState().connectRepository(repo);
    await store.getState().teamRestore();
    const signIn = () => store.getState().teamSignIn({username: user, password: 'password-123', deviceName: `${user}'s phone`}, injectFetch(app, net, {log}));
    return {store, repo, log, net, factory, signIn};
  }

  const settled = async (store: AppStore) => {
    await store.getState().syncNow();
    await store.getState().refreshTeamOutbox();
  };

  it('writes an op for every committed change in the transaction of the change, signed in or not', async () => {
    const a = await device('sam');
    const plot = asPlot(testPlot('p1'));
    await a.store.getState().savePlot(plot);
    await a.store.getState().savePlot({...plot, properties: {...plot.properties, notes: 'fenced'}});
    await a.store.getState().undo();
    const ops = (await a.repo.outbox.all()).map((e) => e.op);
    expect(ops.map((o) => o.kind)).toEqual(['create', 'update', 'update']);
    expect(ops[1]!.changes).toEqual({notes: {from: '', to: 'fenced'}});
    expect(ops[2]!.changes).toEqual({notes: {from: 'fenced', to: ''}});
    expect(new Set(ops.map((o) => o.opId)).size).toBe(3);
    // A refused (stale) edit writes no op either.
    await a.store.getState().savePlot({...plot, properties: {...plot.properties, notes: 'stale'}}, {baseVersion: 1, basePlot: plot});
    expect(await a.repo.outbox.all()).toHaveLength(3);
  });

  it('an offline device signs in later and pushes what it did; the other device pulls it; states follow', async () => {
    const a = await device('sam');
    const b = await device('pat');
    const plot = asPlot(testPlot('p1'));
    await a.store.getState().savePlot(plot);
    await a.store.getState().savePlot({...plot, properties: {...plot.properties, notes: 'seeded'}});
    expect(plotSyncState(a.store.getState(), 'p1')).toBeNull();
    expect(await a.signIn()).toBe(true);
    expect(plotSyncState(a.store.getState(), 'p1')).not.toBe('server');
    await settled(a.store);
    expect(plotSyncState(a.store.getState(), 'p1')).toBe('server');
    expect(a.store.getState().teamSync.pending).toBe(0);
    expect(await a.repo.outbox.all()).toEqual([]);
    expect((await server.opLog()).map((o) => o.kind)).toEqual(['create', 'update']);

    expect(await b.signIn()).toBe(true);
    await settled(b.store);
    expect(b.store.getState().plots['p1']?.plot.properties.notes).toBe('seeded');
    expect(plotSyncState(b.store.getState(), 'p1')).toBe('server');
    // Pulled changes are not sent back.
    expect(await b.repo.outbox.all()).toEqual([]);
    expect(b.log.filter((l) => l.url.startsWith('/api/sync/push'))).toEqual([]);
  });

  it('two devices edit the same field offline: one conflict with both values, a planner resolves it, everyone agrees', async () => {
    const a = await device('sam');
    const b = await device('sue');
    const p = await device('pat');
    const plot = asPlot(testPlot('shared'));
    await a.store.getState().savePlot(plot);
    await a.signIn();
    await b.signIn();
    await p.signIn();
    await settled(a.store);
    await settled(b.store);
    const edit = (store: AppStore, notes: string) => {
      const current = store.getState().plots['shared']!.plot;
      return store.getState().savePlot({...current, properties: {...current.properties, notes}});
    };
    a.net.down = true;
    b.net.down = true;
    await edit(a.store, 'fenced');
    await edit(b.store, 'seeded');
    await settled(a.store);
    expect(a.store.getState().teamSync.lastFailure).toBe('offline');
    expect(a.store.getState().teamSync.pending).toBe(1);
    a.net.down = false;
    b.net.down = false;
    await settled(a.store);
    await settled(b.store);
    // B's edit lost the race: B shows the server's plot and the conflict that keeps its value.
    expect(b.store.getState().plots['shared']!.plot.properties.notes).toBe('fenced');
    const [mine] = visibleConflicts(b.store.getState());
    expect(mine?.fields).toEqual([{field: 'notes', base: '', mine: 'seeded', theirs: 'fenced'}]);
    expect(plotSyncState(b.store.getState(), 'shared')).toBe('conflict');
    expect(visibleConflicts(a.store.getState())).toEqual([]);

    await settled(p.store);
    const [conflict] = visibleConflicts(p.store.getState());
    expect(conflict?.plotId).toBe('shared');
    expect(await p.store.getState().resolveTeamConflict(conflict!.conflictId, {notes: 'mine'})).toBe(true);
    await settled(p.store);
    await settled(a.store);
    await settled(b.store);
    for (const d of [a, b, p]) {
      expect(d.store.getState().plots['shared']!.plot.properties.notes).toBe('seeded');
      expect(visibleConflicts(d.store.getState())).toEqual([]);
    }
    const live = await server.livePlots();
    expect(live.map((x) => x.properties.notes)).toEqual(['seeded']);
  });

  it('a sync cut off after the push commit sends nothing twice; 600 queued edits go in two pushes', async () => {
    const a = await device('sam');
    await a.signIn();
    const writes = Array.from({length: 600}, (_, i) => ({plot: asPlot(testPlot(`q${String(i).padStart(3, '0')}`)), base: {baseVersion: null}}));
    await a.store.getState().commitPlots(writes);
    // The reply of the first push is lost: the server committed, the device never heard.
    const real = a.store.getState().teamHttp;
    let lose = true;
    a.store.setState({teamHttp: (async (input, init) => {
      const res = await real(input, init);
      if (lose && String(input).includes('/push')) {
        lose = false;
        throw new TypeError('Failed to fetch');
      }
      return res;
    }) as typeof fetch});
    await settled(a.store);
    expect(a.store.getState().teamSync.lastFailure).toBe('offline');
    await settled(a.store);
    expect(a.store.getState().teamSync.pending).toBe(0);
    const log = await server.opLog();
    expect(log).toHaveLength(600);
    expect(new Set(log.map((o) => o.opId)).size).toBe(600);
    expect(a.log.filter((l) => l.url === '/api/sync/push').length).toBe(3);
  });

  it('after 200 imported plots are synced, a notes edit of an earlier plot is one op and reaches the server', async () => {
    const a = await device('sam');
    await a.signIn();
    const first = asPlot(testPlot('early'));
    await a.store.getState().savePlot(first);
    await settled(a.store);
    a.net.down = true;
    await a.store.getState().commitPlots(Array.from({length: 200}, (_, i) => ({plot: asPlot(testPlot(`bulk${String(i).padStart(3, '0')}`)), base: {baseVersion: null}})));
    await settled(a.store);
    expect(a.store.getState().teamSync.pending).toBe(200);
    a.net.down = false;
    await settled(a.store);
    expect(a.store.getState().teamSync.pending).toBe(0);
    const current = a.store.getState().plots['early']!.plot;
    await a.store.getState().savePlot({...current, properties: {...current.properties, notes: 'one more'}});
    await a.store.getState().refreshTeamOutbox();
    expect((await a.repo.outbox.all()).map((e) => e.op.kind)).toEqual(['update']);
    await settled(a.store);
    expect(a.store.getState().teamSync.pending).toBe(0);
    const log = await server.opLog();
    expect(log.at(-1)).toMatchObject({kind: 'update', plotId: 'early'});
  });

  it('a local edit shows as waiting, and counts as pending, in the very store update that stores it (never "on the team server" meanwhile)', async () => {
    const a = await device('sam');
    expect(await a.signIn()).toBe(true);
    const plot = asPlot(testPlot('p1'));
    await a.store.getState().savePlot(plot);
    await settled(a.store);
    expect(plotSyncState(a.store.getState(), 'p1')).toBe('server');
    a.net.down = true;
    const stop = a.store.getState().startTeamSync();
    // What a render after each update would show (React reads the store after the update's listeners ran).
    const seen: string[] = [];
    const unsubscribe = a.store.subscribe(() => queueMicrotask(() => {
      const s = a.store.getState();
      if (s.storedPlots.p1?.plot.properties.notes === 'fenced') seen.push(`${plotSyncState(s, 'p1')}/${s.teamSync.pending}`);
    }));
    try {
      await a.store.getState().savePlot({...plot, properties: {...plot.properties, notes: 'fenced'}});
      await a.store.getState().refreshTeamOutbox();
    } finally {
      unsubscribe();
      stop();
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((x) => x !== 'device/1')).toEqual([]);
  });

  it('a revoked device is told so, keeps its unsent edits and can export them', async () => {
    const a = await device('sam');
    await a.signIn();
    await a.store.getState().savePlot(asPlot(testPlot('r1')));
    await server.revokeDevices('sam');
    await settled(a.store);
    expect(a.store.getState().team.state).toBe('revoked');
    expect(await a.repo.outbox.all()).toHaveLength(1);
    const exported = JSON.parse(await a.store.getState().unsentOpsText()) as {ops: {op: {plotId: string}}[]};
    expect(exported.ops.map((o) => o.op.plotId)).toEqual(['r1']);
    // Still revoked after a reload: the session is on the device.
    const again = await device('sam', a.factory);
    expect(again.store.getState().team.state).toBe('revoked');
  });

  it('stays signed in across a reload and refreshes the access token on the next contact', async () => {
    const a = await device('sam');
    await a.signIn();
    const reloaded = await device('sam', a.factory);
    expect(reloaded.store.getState().team).toMatchObject({state: 'signed-in', user: {name: 'sam', role: 'surveyor', team: 'team-a'}});
    reloaded.store.setState({teamHttp: injectFetch(app, reloaded.net, {log: reloaded.log})});
    await settled(reloaded.store);
    expect(reloaded.store.getState().teamSync.lastFailure).toBeNull();
    expect(reloaded.log[0]?.url).toBe('/api/auth/refresh');
  });

  it('gates edits by role: a viewer edits nothing, a surveyor only its team', async () => {
    const v = await device('vic');
    await v.signIn();
    expect(editBlock(v.store.getState(), asPlot(testPlot('x')))).toBe('viewer');
    const s = await device('sam');
    expect(editBlock(s.store.getState(), asPlot(testPlot('x', 'team-b')))).toBeNull();
    await s.signIn();
    expect(editBlock(s.store.getState(), asPlot(testPlot('x', 'team-b')))).toBe('other-team');
    expect(editBlock(s.store.getState(), asPlot(testPlot('x', 'team-a')))).toBeNull();
  });

  it('a photo\'s thumbnail goes before the op naming it and the full image after; another device gets the thumbnail with the plot and the full image when opened', async () => {
    const a = await device('sam');
    const b = await device('pat');
    const bytes = new Uint8Array(Array.from({length: 5000}, (_, i) => (i * 7) % 256));
    const thumbBytes = bytes.slice(0, 10);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const photo: PhotoRecord = {
      id: 'ph1', plotId: 'p1', name: 'gully.jpg', type: 'image/jpeg', takenAt: '2026-11-30T08:00:00.000Z',
      blob: new Blob([bytes], {type: 'image/jpeg'}), thumbnail: new Blob([thumbBytes], {type: 'image/jpeg'}),
    };
    // Offline, not signed in: the photo add is an op with the photo's name.
    await a.store.getState().savePlot(asPlot(testPlot('p1')));
    expect((await a.store.getState().addPhoto(photo)).ok).toBe(true);
    expect((a.store.getState().plots['p1']!.plot.properties as {photos?: string[]}).photos).toEqual([sha]);
    const ops = (await a.repo.outbox.all()).map((e) => e.op);
    expect(ops.map((o) => o.kind)).toEqual(['create', 'update']);
    expect(ops[1]!.changes).toEqual({photos: {from: [], to: [sha]}});

    await a.signIn();
    await settled(a.store);
    expect(a.store.getState().teamSync.pending).toBe(0);
    const urls = a.log.map((l) => `${l.method} ${l.url}`);
    const thumbPut = urls.indexOf(`PUT /api/photos/${sha}/thumbnail`);
    const fullPut = urls.indexOf(`PUT /api/photos/${sha}`);
    expect(thumbPut).toBeGreaterThanOrEqual(0);
    expect(thumbPut).toBeLessThan(urls.indexOf('POST /api/sync/push'));
    expect(fullPut).toBeGreaterThan(urls.indexOf('POST /api/sync/push'));
    const got = await a.store.getState().teamFetch(`/api/photos/${sha}`);
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes);
    expect((await server.livePlots())[0]!.properties.photos).toEqual([sha]);
    // Sent once: a later edit of the plot does not upload it again.
    const puts = a.log.filter((l) => l.method === 'PUT').length;
    const current = a.store.getState().plots['p1']!.plot;
    await a.store.getState().savePlot({...current, properties: {...current.properties, notes: 'photographed'}});
    await settled(a.store);
    expect(a.log.filter((l) => l.method === 'PUT')).toHaveLength(puts);

    // B pulls the name and the thumbnail; the full image is fetched only when opened.
    await b.signIn();
    await settled(b.store);
    expect((b.store.getState().plots['p1']!.plot.properties as {photos?: string[]}).photos).toEqual([sha]);
    const [shown, ...none] = await b.store.getState().loadPhotos('p1');
    expect(none).toEqual([]);
    expect(shown!.sha256).toBe(sha);
    expect(shown!.thumbnailOnly).toBe(true);
    expect(new Uint8Array(await shown!.thumbnail.arrayBuffer())).toEqual(thumbBytes);
    expect(b.log.some((l) => l.url === `/api/photos/${sha}`)).toBe(false);
    const full = await b.store.getState().loadFullPhoto(shown!);
    expect(new Uint8Array(await full!.arrayBuffer())).toEqual(bytes);
    // Kept on B: shown and opened again without asking the server.
    const gets = b.log.filter((l) => l.url.startsWith(`/api/photos/${sha}`)).length;
    const [again] = await b.store.getState().loadPhotos('p1');
    expect(again!.thumbnailOnly).toBeUndefined();
    expect(new Uint8Array(await (await b.store.getState().loadFullPhoto(again!))!.arrayBuffer())).toEqual(bytes);
    expect(b.log.filter((l) => l.url.startsWith(`/api/photos/${sha}`)).length).toBe(gets);

    // B removes it: A learns of that and no longer shows it.
    expect((await b.store.getState().removePhoto('p1', shown!.id)).ok).toBe(true);
    await settled(b.store);
    expect((await server.livePlots())[0]!.properties.photos).toEqual([]);
    await settled(a.store);
    expect(await a.store.getState().loadPhotos('p1')).toEqual([]);
  });

  it('an op rejected for a photo the server lacks uploads it and goes again on the next run', async () => {
    const a = await device('sam');
    await a.signIn();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3, 4]);
    const sha = createHash('sha256').update(bytes).digest('hex');
    await a.store.getState().savePlot(asPlot(testPlot('m1')));
    await a.store.getState().addPhoto({id: 'm1-ph', plotId: 'm1', name: 'x.jpg', type: 'image/jpeg', takenAt: '2026-11-30T08:00:00.000Z', blob: new Blob([bytes]), thumbnail: new Blob([bytes])});
    // The device wrongly believes the server holds it (another server, a lost database there).
    await a.repo.outbox.markPhotosUploaded([sha], true);
    await settled(a.store);
    expect((await a.repo.outbox.all()).map((e) => e.state)).toEqual(['queued']);
    expect(a.log.filter((l) => l.method === 'PUT')).toHaveLength(0);
    await settled(a.store);
    expect(await a.repo.outbox.all()).toEqual([]);
    expect(a.log.filter((l) => l.method === 'PUT')).toHaveLength(1);
    expect((await server.livePlots())[0]!.properties.photos).toEqual([sha]);
  });

  it('photos stored before photos had hashes are hashed by the background pass, named in their plot, and sync', async () => {
    const c = await device('sam');
    const bytes = Buffer.from(Array.from({length: 4000}, (_, i) => (i * 13) % 256));
    const sha = createHash('sha256').update(bytes).digest('hex');
    const plot = asPlot(testPlot('old1'));
    // A backup's photos carry no hash, as the photos of a device from before photos synced.
    const backup = {format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: '2026-11-01T08:00:00.000Z', plots: [{plot, version: 1}], history: [],
      photos: [{id: 'old-ph', plotId: 'old1', name: 'old.jpg', type: 'image/jpeg', takenAt: '2026-10-01T08:00:00.000Z',
        dataBase64: bytes.toString('base64'), thumbnailBase64: bytes.subarray(0, 20).toString('base64')}]};
    const restored = await c.store.getState().restoreBackupText(JSON.stringify(backup));
    expect(restored.ok).toBe(true);
    // The pass runs on its own (after the restore, and when the app opens its database).
    await vi.waitFor(async () => expect((c.store.getState().plots['old1']!.plot.properties as {photos?: string[]}).photos).toEqual([sha]));
    expect(await c.store.getState().hashStoredPhotos()).toEqual([]);
    await c.signIn();
    await settled(c.store);
    expect(c.store.getState().teamSync.pending).toBe(0);
    expect((await server.livePlots())[0]!.properties.photos).toEqual([sha]);
    expect(Buffer.from((await server.getPhoto(sha))!.bytes).equals(bytes)).toBe(true);
    expect((await server.getThumbnail(sha))).not.toBeNull();
  });

  it('backs off exponentially, at most five minutes', () => {
    expect([0, 1, 2, 3, 10, 20].map((n) => backoffMs(n))).toEqual([0, 2000, 4000, 8000, 300_000, 300_000]);
  });
});
