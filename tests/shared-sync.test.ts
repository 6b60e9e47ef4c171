// The app's shared zones and slides (src/state/shared-slice.ts) against the real team server
// (src/server): it spans both sides, so it lives here (the layering rule keeps them apart).
import 'fake-indexeddb/auto';
import {IDBFactory} from 'fake-indexeddb';
import type {FastifyInstance} from 'fastify';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {OfficialZones} from '../src/geo/zones-import';
import {buildServer} from '../src/server/http/app';
import {addTestUser, square, STORE_CASES} from '../src/server/test/harness';
import {MemoryStorage} from '../src/state/memory-storage';
import {zonesStore} from '../src/state/persistence/zones-db';
import type {Slide} from '../src/state/presenter-slice';
import {createAppStore} from '../src/state/store';

vi.setConfig({testTimeout: 30_000});

const injectFetch = (app: FastifyInstance) => (async (input: RequestInfo | URL, init: RequestInit = {}) => {
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  const res = await app.inject({method: (init.method ?? 'GET') as 'GET', url: String(input), headers, payload: init.body as string | undefined});
  return new Response(res.body, {status: res.statusCode, headers: {'content-type': String(res.headers['content-type'] ?? '')}});
}) as typeof fetch;

const official = (ids: string[]): OfficialZones => ({
  source: {kind: 'official', fileName: 'zones-2025.kml', date: '2025-06-01', zones: ids.length},
  zones: ids.map((id, i) => ({type: 'Feature', geometry: square(101.6 + i * 0.02, 36.9, 0.01), properties: {id, name_zh: `${id}区`, name_en: id}})),
});
const slide = (id: string, en: string): Slide => ({
  id, camera: {center: [101.7, 36.9], zoom: 11, bearing: 0, pitch: 0},
  layerState: createAppStore(new MemoryStorage()).getState().layerState, filters: createAppStore(new MemoryStorage()).getState().filters, caption: {zh: en, en},
});

describe('shared zones and slides between two devices', () => {
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;

  const device = async (user: string) => {
    const store = createAppStore(new MemoryStorage());
    store.setState({packsFetch: injectFetch(app), zonesStore: zonesStore(new IDBFactory()), sharedMetaStorage: new MemoryStorage()});
    await store.getState().signInForPacks(user, 'password-123');
    await vi.waitFor(() => expect(store.getState().sharedStatus.state).not.toBe('syncing'));
    return store;
  };

  beforeEach(async () => {
    const opened = await STORE_CASES.find((c) => c.name === 'sqlite')!.open();
    cleanup = opened.cleanup;
    await addTestUser(opened.store, 'pat', 'planner');
    await addTestUser(opened.store, 'ann', 'admin');
    await addTestUser(opened.store, 'sue', 'surveyor', 'team-a');
    app = await buildServer({store: opened.store, loginRateLimit: {max: 1000, timeWindow: 60_000}});
  });
  afterEach(async () => {
    await app.close();
    await cleanup();
  });

  it('a planner loads zones, a surveyor signing in gets them; a surveyor never writes them', async () => {
    const planner = await device('pat');
    expect(planner.getState().teamSession?.role).toBe('planner');
    expect((await planner.getState().applyOfficialZones(official(['north', 'south']))).ok).toBe(true);
    await vi.waitFor(() => expect(planner.getState().sharedMeta.pending.zone).toBe(false));
    expect(Object.keys(planner.getState().sharedMeta.known.zone)).toEqual(['north', 'south']);

    const surveyor = await device('sue');
    expect(surveyor.getState().officialZones?.zones.map((z) => z.properties.id)).toEqual(['north', 'south']);
    expect(surveyor.getState().officialZones?.source.fileName).toBe('zones-2025.kml');
    // Loading other zones on the surveyor's phone stays on the phone: the server refuses it (403) and keeps the planner's.
    await surveyor.getState().applyOfficialZones(official(['mine']));
    await vi.waitFor(() => expect(surveyor.getState().sharedStatus.state).toBe('synced'));
    const check = await device('ann');
    expect(check.getState().officialZones?.zones.map((z) => z.properties.id)).toEqual(['north', 'south']);
  });

  it('two planners editing the same slide keep both copies and see a conflict until one is chosen', async () => {
    const a = await device('pat');
    a.getState().replaceSlides([slide('s1', 'Qiaotou')]);
    await a.getState().shareSet('slide');
    const b = await device('ann');
    expect(b.getState().slides.map((s) => s.caption.en)).toEqual(['Qiaotou']);

    b.getState().setCaption('s1', {zh: 'B', en: 'Qiaotou (B)'});
    await b.getState().shareSet('slide');
    a.getState().setCaption('s1', {zh: 'A', en: 'Qiaotou (A)'});
    await a.getState().shareSet('slide');

    const [conflict] = a.getState().sharedConflicts;
    expect(conflict).toMatchObject({kind: 'slide', id: 's1', mine: {slide: {caption: {en: 'Qiaotou (A)'}}}, theirs: {data: {slide: {caption: {en: 'Qiaotou (B)'}}}}});
    // A's own copy stays on A; the server's is held beside it.
    expect(a.getState().slides[0]!.caption.en).toBe('Qiaotou (A)');
    expect(a.getState().sharedMeta.pending.slide).toBe(true);

    await a.getState().resolveSharedConflict('slide', 's1', 'theirs');
    expect(a.getState().slides[0]!.caption.en).toBe('Qiaotou (B)');
    expect(a.getState().sharedConflicts).toEqual([]);
    await vi.waitFor(() => expect(a.getState().sharedMeta.pending.slide).toBe(false));
  });

  it('keeping this device\'s copy writes it over the server\'s version the user saw', async () => {
    const a = await device('pat');
    a.getState().replaceSlides([slide('s1', 'one')]);
    await a.getState().shareSet('slide');
    const b = await device('ann');
    b.getState().setCaption('s1', {zh: 'b', en: 'from B'});
    await b.getState().shareSet('slide');
    a.getState().setCaption('s1', {zh: 'a', en: 'from A'});
    await a.getState().shareSet('slide');
    expect(a.getState().sharedConflicts).toHaveLength(1);
    await a.getState().resolveSharedConflict('slide', 's1', 'mine');
    expect(a.getState().sharedConflicts).toEqual([]);
    await b.getState().syncShared();
    expect(b.getState().slides[0]!.caption.en).toBe('from A');
  });
});
