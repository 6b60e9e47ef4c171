import type {FastifyInstance} from 'fastify';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {OfficialZones} from '../geo/zones-import';
import {fetchShared, knownOf, officialZonesOf, pushSet, slideItems, slidesOf, zoneItems, type TeamFetch} from '../sync/shared-client';
import {buildServer} from './http/app';
import {SqliteStore} from './store/sqlite/sqlite-store';
import {addTestUser, login, square} from './test/harness';

/** The app's client functions against the real server, through inject (no socket). */
const fetchFor = (app: FastifyInstance, token: string): TeamFetch => async (path, init = {}) => {
  const res = await app.inject({method: (init.method ?? 'GET') as 'GET', url: path, headers: {authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> ?? {})},
    ...(init.body ? {payload: init.body as string} : {})});
  return new Response(res.statusCode === 204 ? null : res.body, {status: res.statusCode, headers: {'content-type': String(res.headers['content-type'] ?? '')}});
};

const official = (names: string[], fileName = 'zones-2025.kml'): OfficialZones => ({
  source: {kind: 'official', fileName, date: '2025-06-01', zones: names.length},
  zones: names.map((n, i) => ({type: 'Feature', geometry: square(101.6 + i * 0.02, 36.9, 0.01), properties: {id: n, name_zh: `${n}区`, name_en: n}})),
});
const slide = (id: string, en: string) => ({id, camera: {center: [101.7, 36.9] as [number, number], zoom: 11, bearing: 0, pitch: 0}, layerState: {}, filters: {}, caption: {zh: en, en}});

describe('shared zones and slides: the app client against the server', () => {
  let app: FastifyInstance;
  let store: SqliteStore;
  let a: TeamFetch;
  let b: TeamFetch;
  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    await addTestUser(store, 'root', 'admin');
    await addTestUser(store, 'pat', 'planner');
    app = await buildServer({store, loginRateLimit: {max: 1000, timeWindow: 60_000}});
    a = fetchFor(app, (await login(app, 'pat', undefined, 'desktop A')).token);
    b = fetchFor(app, (await login(app, 'root', undefined, 'desktop B')).token);
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('shares a loaded zone set, replaces it with the next one, and reads it back as official zones', async () => {
    const first = await pushSet(a, 'zone', zoneItems(official(['north', 'south'])), {}, true);
    expect(first.failure).toBeNull();
    expect(first.conflicts).toEqual([]);
    expect(Object.keys(first.known)).toEqual(['north', 'south']);
    // Nothing changed: nothing is sent, so nothing takes a sequence number.
    const seq = await store.currentSeq();
    expect((await pushSet(a, 'zone', zoneItems(official(['north', 'south'])), first.known, true)).conflicts).toEqual([]);
    expect(await store.currentSeq()).toBe(seq);

    const second = await pushSet(a, 'zone', zoneItems(official(['north', 'east'], 'zones-2026.kml')), first.known, true);
    expect(second.failure).toBeNull();
    const listed = await fetchShared(b, 'zone');
    if (!listed.ok) throw new Error(listed.code);
    const zones = officialZonesOf(listed.records);
    expect(zones?.zones.map((z) => z.properties.id)).toEqual(['east', 'north']);
    expect(zones?.source).toEqual({kind: 'official', fileName: 'zones-2026.kml', date: '2025-06-01', zones: 2});
    expect(second.known.south).toMatchObject({deleted: true, version: 2});
  });

  it('keeps both copies when two planners change the same slide: a conflict, never an overwrite', async () => {
    const mine = await pushSet(a, 'slide', slideItems([slide('s1', 'Qiaotou'), slide('s2', 'Muli')]), {}, true);
    const listed = await fetchShared(b, 'slide');
    if (!listed.ok) throw new Error(listed.code);
    expect(slidesOf(listed.records).map((s) => (s as {id: string}).id)).toEqual(['s1', 's2']);
    const bKnown = knownOf(listed.records);

    // B edits s1 and saves first; A, not having pulled, edits s1 too.
    expect((await pushSet(b, 'slide', slideItems([slide('s1', 'Qiaotou (B)'), slide('s2', 'Muli')]), bKnown, true)).conflicts).toEqual([]);
    const clash = await pushSet(a, 'slide', slideItems([slide('s1', 'Qiaotou (A)'), slide('s2', 'Muli')]), mine.known, true);
    expect(clash.conflicts).toHaveLength(1);
    expect(clash.conflicts[0]).toMatchObject({kind: 'slide', id: 's1', mine: {slide: {caption: {en: 'Qiaotou (A)'}}}, theirs: {version: 2, data: {slide: {caption: {en: 'Qiaotou (B)'}}}}});
    const server = await fetchShared(a, 'slide');
    if (!server.ok) throw new Error(server.code);
    expect((slidesOf(server.records)[0] as {caption: {en: string}}).caption.en).toBe('Qiaotou (B)');

    // Keeping A's after seeing both: written over the version A now knows.
    // Sent again as it was, it is the same conflict, never an overwrite.
    expect((await pushSet(a, 'slide', slideItems([slide('s1', 'Qiaotou (A)'), slide('s2', 'Muli')]), clash.known, true)).conflicts).toHaveLength(1);
    const kept = await pushSet(a, 'slide', slideItems([slide('s1', 'Qiaotou (A)'), slide('s2', 'Muli')]), knownOf([clash.conflicts[0]!.theirs!], clash.known), true);
    expect(kept.conflicts).toEqual([]);
    expect(kept.known.s1?.version).toBe(3);
  });

  it('stops and says why when the server cannot be reached or refuses', async () => {
    const offline: TeamFetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await fetchShared(offline, 'zone')).toEqual({ok: false, code: 'offline', status: null});
    const pushed = await pushSet(offline, 'zone', zoneItems(official(['north'])), {}, true);
    expect(pushed.failure).toMatchObject({code: 'offline'});
    expect(await fetchShared(fetchFor(app, 'forged'), 'zone')).toEqual({ok: false, code: 'signed-out', status: 401});
    await addTestUser(store, 'vic', 'viewer');
    const viewer = fetchFor(app, (await login(app, 'vic')).token);
    expect((await pushSet(viewer, 'zone', zoneItems(official(['north'])), {}, true)).failure).toMatchObject({code: 'forbidden', status: 403});
  });
});
