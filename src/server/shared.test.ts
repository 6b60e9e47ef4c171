import type {FastifyInstance} from 'fastify';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {SharedRecord, SharedSlide, SharedZone} from '../sync/shared-protocol';
import {buildServer} from './http/app';
import type {Store} from './store/store';
import {addTestUser, createOp, login, square, storeCases, testPlot, type Client} from './test/harness';

vi.setConfig({testTimeout: 30_000});

const zone = (id: string, name = `zone ${id}`, d = 0.01): SharedZone => ({
  zone: {type: 'Feature', geometry: square(101.6, 36.9, d), properties: {id, name_zh: `${name} 区`, name_en: name}},
  source: {fileName: 'official-zones.geojson', date: '2025-06-01'},
});
const slide = (id: string, caption = 'Qiaotou', order = 0): SharedSlide => ({
  slide: {id, camera: {center: [101.68, 36.95], zoom: 12, bearing: 0, pitch: 0}, caption: {zh: '桥头', en: caption},
    layerState: {datong: {visible: true, opacity: 1}}, filters: {statuses: []}},
  order,
});

describe.each(storeCases())('shared zones and slides on $name', ({open}) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let app: FastifyInstance;
  let planner: Client;
  let admin: Client;

  const send = (who: Client, method: 'PUT' | 'DELETE' | 'GET', url: string, payload?: unknown) =>
    app.inject({method, url, headers: {authorization: `Bearer ${who.token}`}, ...(payload === undefined ? {} : {payload: payload as object})});

  beforeEach(async () => {
    ({store, cleanup} = await open());
    await addTestUser(store, 'root', 'admin');
    await addTestUser(store, 'pat', 'planner');
    await addTestUser(store, 'sue', 'surveyor', 'team-a');
    await addTestUser(store, 'vic', 'viewer');
    app = await buildServer({store, loginRateLimit: {max: 1000, timeWindow: 60_000}});
    planner = await login(app, 'pat');
    admin = await login(app, 'root');
  });
  afterEach(async () => {
    await app?.close();
    await cleanup();
  });

  it('versions each zone, takes the team sequence for each write, and lists what changed since a cursor', async () => {
    const put = await send(planner, 'PUT', '/api/zones/north', {baseVersion: 0, data: zone('north')});
    expect(put.statusCode).toBe(200);
    const first = put.json().record as SharedRecord<'zone'>;
    expect(first).toMatchObject({kind: 'zone', id: 'north', version: 1, deleted: false, seq: 1, updatedBy: 'pat'});
    expect(first.data).toEqual(zone('north'));

    // A plot push and a zone write share the one gapless sequence.
    expect((await planner.push([createOp(testPlot('p1'))])).statusCode).toBe(200);
    const second = (await send(admin, 'PUT', '/api/zones/south', {baseVersion: 0, data: zone('south')})).json().record as SharedRecord;
    expect(second.seq).toBe(3);
    expect(await store.currentSeq()).toBe(3);
    const pull = await planner.get<{cursor: number; changes: unknown[]}>('/api/sync/pull?since=0');
    expect(pull.body.cursor).toBe(3);
    expect(pull.body.changes).toHaveLength(1);

    const all = await planner.get<{records: SharedRecord[]; cursor: number}>('/api/zones');
    expect(all.body.records.map((r) => r.id)).toEqual(['north', 'south']);
    expect(all.body.cursor).toBe(3);
    expect((await planner.get<{records: SharedRecord[]}>('/api/zones?since=1')).body.records.map((r) => r.id)).toEqual(['south']);
    expect((await planner.get<{records: SharedRecord[]}>('/api/zones?since=3')).body.records).toEqual([]);
    // Slides are another collection.
    expect((await planner.get<{records: SharedRecord[]}>('/api/slides')).body.records).toEqual([]);

    const edited = await send(planner, 'PUT', '/api/zones/north', {baseVersion: 1, data: zone('north', 'North (revised)')});
    expect(edited.json().record).toMatchObject({version: 2, seq: 4});
  });

  it('refuses a stale baseVersion with 409 and the current record, writing nothing; the same data is no conflict', async () => {
    await send(planner, 'PUT', '/api/zones/north', {baseVersion: 0, data: zone('north')});
    const seqBefore = await store.currentSeq();

    const stale = await send(admin, 'PUT', '/api/zones/north', {baseVersion: 0, data: zone('north', 'Other north')});
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({error: 'stale-version', current: {id: 'north', version: 1, data: zone('north')}});
    const ahead = await send(admin, 'PUT', '/api/zones/north', {baseVersion: 5, data: zone('north', 'Other north')});
    expect(ahead.statusCode).toBe(409);
    const unknown = await send(admin, 'PUT', '/api/zones/west', {baseVersion: 2, data: zone('west')});
    expect(unknown.statusCode).toBe(409);
    expect(unknown.json().current).toBeNull();
    expect(await store.currentSeq()).toBe(seqBefore);

    // Two planners loading the same file never conflict, and nothing is written.
    const same = await send(admin, 'PUT', '/api/zones/north', {baseVersion: 0, data: zone('north')});
    expect(same.statusCode).toBe(200);
    expect(same.json().record).toMatchObject({version: 1});
    expect(await store.currentSeq()).toBe(seqBefore);
    expect((await planner.get<{records: SharedRecord[]}>('/api/zones')).body.records[0]!.data).toEqual(zone('north'));
  });

  it('deletes with baseVersion as a tombstone that only a cursor past zero sees', async () => {
    await send(planner, 'PUT', '/api/slides/s1', {baseVersion: 0, data: slide('s1')});
    await send(planner, 'PUT', '/api/slides/s2', {baseVersion: 0, data: slide('s2', 'Muli', 1)});
    expect((await send(planner, 'DELETE', '/api/slides/s1')).statusCode).toBe(400);
    const stale = await send(planner, 'DELETE', '/api/slides/s1?baseVersion=2');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({id: 's1', version: 1, deleted: false});
    const gone = await send(planner, 'DELETE', '/api/slides/s1?baseVersion=1');
    expect(gone.statusCode).toBe(200);
    expect(gone.json().record).toMatchObject({id: 's1', version: 2, deleted: true, seq: 3});
    expect((await send(planner, 'DELETE', '/api/slides/nope?baseVersion=1')).statusCode).toBe(404);

    expect((await planner.get<{records: SharedRecord[]}>('/api/slides')).body.records.map((r) => r.id)).toEqual(['s2']);
    const since = (await planner.get<{records: SharedRecord[]}>('/api/slides?since=2')).body.records;
    expect(since).toMatchObject([{id: 's1', deleted: true, version: 2}]);
    // Written again from the tombstone's version.
    expect((await send(planner, 'PUT', '/api/slides/s1', {baseVersion: 0, data: slide('s1', 'again')})).statusCode).toBe(409);
    expect((await send(planner, 'PUT', '/api/slides/s1', {baseVersion: 2, data: slide('s1', 'again')})).json().record).toMatchObject({version: 3, deleted: false});
  });

  it('lets viewers and surveyors read but only planners and admins write, and checks every body', async () => {
    await send(planner, 'PUT', '/api/zones/north', {baseVersion: 0, data: zone('north')});
    for (const name of ['vic', 'sue']) {
      const who = await login(app, name);
      expect((await who.get<{records: unknown[]}>('/api/zones')).body.records).toHaveLength(1);
      expect((await send(who, 'PUT', '/api/zones/x', {baseVersion: 0, data: zone('x')})).statusCode).toBe(403);
      expect((await send(who, 'DELETE', '/api/zones/north?baseVersion=1')).statusCode).toBe(403);
    }
    expect((await app.inject({method: 'GET', url: '/api/zones'})).statusCode).toBe(401);

    const mismatch = await send(planner, 'PUT', '/api/slides/a', {baseVersion: 0, data: slide('b')});
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().issues[0].field).toBe('data.slide.id');
    const bad = await send(planner, 'PUT', '/api/zones/y', {baseVersion: -1, data: {zone: {type: 'Feature'}}});
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((i: {field: string}) => i.field)).toEqual(expect.arrayContaining(['baseVersion', 'data.zone.geometry']));
    const offMap = slide('c');
    const badCamera = await send(planner, 'PUT', '/api/slides/c', {baseVersion: 0, data: {...offMap, slide: {...offMap.slide, camera: {...offMap.slide.camera, center: [200, 0]}}}});
    expect(badCamera.statusCode).toBe(400);
    expect(await store.currentSeq()).toBe(1);

    // A revoked device can no longer read them.
    await send(admin, 'PUT', '/api/slides/a', {baseVersion: 0, data: slide('a')}); // admin writes too
    expect((await app.inject({method: 'POST', url: `/api/admin/devices/${planner.deviceId}/revoke`, headers: {authorization: `Bearer ${admin.token}`}})).statusCode).toBe(200);
    expect((await planner.get('/api/slides')).statusCode).toBe(403);
  });
});
