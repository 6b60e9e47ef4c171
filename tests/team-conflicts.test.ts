// Team conflicts (issue 14 item 4) from the app's side against the real team server (over
// inject): the two shapes of a conflict, and conflicts over a deletion settled either way.
import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import type {FastifyInstance} from 'fastify';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {buildServer} from '../src/server/http/app';
import type {Store as ServerStore} from '../src/server/store/store';
import {addTestUser, square, STORE_CASES, testPlot} from '../src/server/test/harness';
import type {Plot} from '../src/geo/plot';
import {polygonAreaSquareMeters} from '../src/geo/area';
import {MemoryStorage} from '../src/state/memory-storage';
import {inMemoryCrossTabHub} from '../src/state/persistence/cross-tab';
import {PlotRepository} from '../src/state/persistence/plot-repository';
import {createAppStore} from '../src/state/store';
import type {Slide} from '../src/state/presenter-slice';
import {shownConflictShapes, visibleConflicts} from '../src/state/team-slice';
import {injectFetch} from './helpers/inject-fetch';

vi.setConfig({testTimeout: 30_000});

type AppStore = ReturnType<typeof createAppStore>;

const asPlot = (p: ReturnType<typeof testPlot>) => p as unknown as Plot;
const pendingOf = (store: ReturnType<typeof createAppStore>) => store.getState().teamSync.pending;

describe('team conflicts: shapes and deletions', () => {
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
    app = await buildServer({store: server, loginRateLimit: {max: 1000, timeWindow: 60_000}});
  });
  afterEach(async () => {
    for (const r of repos.splice(0)) r.close();
    await app.close();
    await cleanup();
  });

  async function device(user: string) {
    const repo = await PlotRepository.open({factory: new IDBFactory(), actor: user, channel: inMemoryCrossTabHub().channel()});
    repos.push(repo);
    const store = createAppStore(new MemoryStorage());
    const net = {down: false};
    await store.getState().connectRepository(repo);
    await store.getState().teamRestore();
    await store.getState().teamSignIn({username: user, password: 'password-123', deviceName: `${user}'s device`}, injectFetch(app, net, {noEvents: true}));
    // The sign-in's own sync finishes first: devices share one process's Web Locks, so one at a time.
    await store.getState().syncNow();
    return {store, net};
  }
  const settled = async (...stores: AppStore[]) => {
    for (const store of stores) {
      await store.getState().syncNow();
      await store.getState().refreshTeamOutbox();
    }
  };
  const edit = (store: AppStore, over: Partial<Plot>) => {
    const current = store.getState().plots['p']!.plot;
    return store.getState().savePlot({...current, ...over, properties: {...current.properties, ...over.properties}});
  };

  /** Three devices that all hold plot `p` from the server. */
  async function world() {
    const a = await device('sam');
    const b = await device('sue');
    const p = await device('pat');
    await a.store.getState().savePlot(asPlot(testPlot('p')));
    await settled(a.store, b.store, p.store);
    expect(b.store.getState().plots['p']).toBeDefined();
    return {a, b, p};
  }

  it('shows both shapes of a reshape conflict with their areas, and choosing the server shape leaves every device on it', async () => {
    const {a, b, p} = await world();
    a.net.down = b.net.down = true;
    const small = square(101.68, 36.95, 0.001) as Plot['geometry'];
    const large = square(101.68, 36.95, 0.003) as Plot['geometry'];
    await edit(a.store, {geometry: small});
    await edit(b.store, {geometry: large});
    a.net.down = b.net.down = false;
    await settled(a.store, b.store, p.store);
    const [conflict] = visibleConflicts(p.store.getState());
    expect(conflict?.fields.map((f) => f.field)).toEqual(['geometry']);
    expect(shownConflictShapes(p.store.getState())).toBeNull();
    p.store.getState().showTeamConflict(conflict!.conflictId);
    const shapes = shownConflictShapes(p.store.getState())!;
    expect(shapes.kind).toBe('edit');
    expect(shapes.shapeDiffers).toBe(true);
    expect(shapes.mine.geometry).toEqual(large);
    expect(shapes.theirs.geometry).toEqual(small);
    expect(shapes.mine.areaSquareMeters).toBeCloseTo(polygonAreaSquareMeters(large), 3);
    expect(shapes.theirs.areaSquareMeters! * 8.9).toBeLessThan(shapes.mine.areaSquareMeters!);

    expect(await p.store.getState().resolveTeamConflict(conflict!.conflictId, {geometry: 'theirs'})).toBe(true);
    expect(p.store.getState().teamConflictShown).toBeNull();
    await settled(p.store, a.store, b.store);
    for (const d of [a, b, p]) {
      expect(d.store.getState().plots['p']!.plot.geometry).toEqual(small);
      expect(visibleConflicts(d.store.getState())).toEqual([]);
    }
    expect((await server.livePlots()).map((x) => x.geometry)).toEqual([small]);
  });

  it('a deletion that met an edit (delete-vs-update): the planner deletes it, and it is gone everywhere', async () => {
    const {a, b, p} = await world();
    a.net.down = true;
    await a.store.getState().deletePlot('p');
    await edit(b.store, {properties: {notes: 'fenced'} as Plot['properties']});
    await settled(b.store);
    a.net.down = false;
    await settled(a.store, p.store);
    // The deleting phone got the plot back (the server kept it) and is told its deletion waits for a planner.
    expect(a.store.getState().plots['p']?.plot.properties.notes).toBe('fenced');
    const [conflict] = visibleConflicts(p.store.getState());
    expect(conflict?.reason).toBe('delete-vs-update');
    p.store.getState().showTeamConflict(conflict!.conflictId);
    const shapes = shownConflictShapes(p.store.getState())!;
    expect(shapes.kind).toBe('mine-deleted');
    expect(shapes.mine.deleted).toBe(true);
    expect(shapes.theirs.deleted).toBe(false);

    expect(await p.store.getState().resolveTeamDeletion(conflict!.conflictId, 'deletion')).toBe(true);
    await settled(p.store, a.store, b.store);
    for (const d of [a, b, p]) {
      expect(d.store.getState().plots['p']).toBeUndefined();
      expect(visibleConflicts(d.store.getState())).toEqual([]);
    }
    expect(await server.livePlots()).toEqual([]);
  });

  it('a deletion that met an edit, kept: the plot stays with the edit and the conflict is settled', async () => {
    const {a, b, p} = await world();
    a.net.down = true;
    await a.store.getState().deletePlot('p');
    await edit(b.store, {properties: {notes: 'fenced'} as Plot['properties']});
    await settled(b.store);
    a.net.down = false;
    await settled(a.store, p.store);
    const [conflict] = visibleConflicts(p.store.getState());
    expect(await p.store.getState().resolveTeamDeletion(conflict!.conflictId, 'plot')).toBe(true);
    await settled(p.store, a.store, b.store);
    for (const d of [a, b, p]) {
      expect(d.store.getState().plots['p']?.plot.properties.notes).toBe('fenced');
      expect(visibleConflicts(d.store.getState())).toEqual([]);
    }
    expect((await server.livePlots()).map((x) => x.properties.notes)).toEqual(['fenced']);
  });

  it.each(['plot', 'deletion'] as const)('an edit that met a deletion (update-vs-delete), settled by keeping the %s', async (keep) => {
    const {a, b, p} = await world();
    b.net.down = true;
    await a.store.getState().deletePlot('p');
    await settled(a.store, p.store);
    await edit(b.store, {properties: {notes: 'seeded'} as Plot['properties']});
    b.net.down = false;
    await settled(b.store, p.store);
    // The editing phone takes the server's deletion; its edit is kept in the conflict.
    expect(b.store.getState().plots['p']).toBeUndefined();
    expect(visibleConflicts(b.store.getState())).toHaveLength(1);
    const [conflict] = visibleConflicts(p.store.getState());
    expect(conflict?.reason).toBe('update-vs-delete');
    expect(p.store.getState().plots['p']).toBeUndefined();
    // The shapes come from the deleted plot's last state on the planner's device.
    await p.store.getState().loadTeamConflictPlots();
    p.store.getState().showTeamConflict(conflict!.conflictId);
    const shapes = shownConflictShapes(p.store.getState())!;
    expect(shapes.kind).toBe('theirs-deleted');
    expect(shapes.theirs).toMatchObject({deleted: true, geometry: testPlot('p').geometry});
    expect(shapes.mine.areaSquareMeters).toBeGreaterThan(0);

    expect(await p.store.getState().resolveTeamDeletion(conflict!.conflictId, keep)).toBe(true);
    await settled(p.store, a.store, b.store);
    for (const d of [a, b, p]) {
      if (keep === 'plot') expect(d.store.getState().plots['p']?.plot.properties.notes).toBe('seeded');
      else expect(d.store.getState().plots['p']).toBeUndefined();
      expect(visibleConflicts(d.store.getState())).toEqual([]);
    }
    expect((await server.livePlots()).map((x) => x.properties.notes)).toEqual(keep === 'plot' ? ['seeded'] : []);
    expect(pendingOf(p.store)).toBe(0);
  });

  it('a planner who never held the deleted plot still sees its shape and can bring it back', async () => {
    const a = await device('sam');
    const b = await device('sue');
    await a.store.getState().savePlot(asPlot(testPlot('p')));
    await settled(a.store, b.store);
    b.net.down = true;
    await a.store.getState().deletePlot('p');
    await settled(a.store);
    await edit(b.store, {properties: {notes: 'seeded'} as Plot['properties']});
    b.net.down = false;
    await settled(b.store);
    // Signed in for the first time after the deletion: the pull brings a tombstone only.
    const p = await device('pat');
    await settled(p.store);
    expect(p.store.getState().plots['p']).toBeUndefined();
    const [conflict] = visibleConflicts(p.store.getState());
    await p.store.getState().loadTeamConflictPlots();
    p.store.getState().showTeamConflict(conflict!.conflictId);
    expect(shownConflictShapes(p.store.getState())?.theirs).toMatchObject({deleted: true, geometry: testPlot('p').geometry});
    expect(await p.store.getState().resolveTeamDeletion(conflict!.conflictId, 'plot')).toBe(true);
    await settled(p.store);
    expect((await server.livePlots()).map((x) => x.properties.notes)).toEqual(['seeded']);
  });

  it('a slide another planner saves reaches this device with its next pull, without a reload or a new sign-in', async () => {
    const {a, p} = await world();
    const stop = p.store.getState().startTeamSync();
    try {
      await p.store.getState().syncShared();
      expect(p.store.getState().slides).toEqual([]);
      const base = p.store.getState();
      const slide: Slide = {id: 's1', camera: {center: [101.7, 36.9], zoom: 11, bearing: 0, pitch: 0}, layerState: base.layerState, filters: base.filters, caption: {zh: '桥头', en: 'Qiaotou'}};
      const admin = await device('ada');
      admin.store.getState().replaceSlides([slide]);
      await admin.store.getState().shareSet('slide');
      expect(admin.store.getState().sharedConflicts).toEqual([]);
      // The pull's cursor passes the slide's write: the device fetches the shared records again.
      await p.store.getState().syncNow();
      await vi.waitFor(() => expect(p.store.getState().slides.map((x) => x.caption.en)).toEqual(['Qiaotou']), {timeout: 10_000});
      expect(a.store.getState().slides).toEqual([]);
    } finally {
      stop();
    }
  });
});
