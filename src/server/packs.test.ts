import {createHash} from 'node:crypto';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {FastifyInstance} from 'fastify';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {writeMbtiles} from '../../tests/helpers/mbtiles-writer';
import {DATONG_PACK_BOUNDS, vectorPack, vectorTiles} from '../../tests/helpers/test-packs';
import type {TeamPack} from '../sync/packs-protocol';
import {buildServer, type ServerOptions} from './http/app';
import {parseRange} from './http/pack-routes';
import {addTestUser, login, STORE_CASES} from './test/harness';
import type {Store} from './store/store';

vi.setConfig({testTimeout: 30_000});

// Packs are files in the data folder, not rows: the store only authenticates, so SQLite suffices.
const sqlite = STORE_CASES.find((c) => c.name === 'sqlite')!;
const PACK = Buffer.from(vectorPack(DATONG_PACK_BOUNDS, [10, 13]));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('team server basemap packs', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let app: FastifyInstance;
  let packsDir: string;
  let admin: string;
  let viewer: string;

  const start = async (options: Partial<ServerOptions> = {}) => {
    app = await buildServer({store, packsDir, loginRateLimit: {max: 1000, timeWindow: 60_000}, ...options});
    admin = (await login(app, 'ada')).token;
    viewer = (await login(app, 'vic')).token;
    return app;
  };
  const upload = (body: Buffer, token = admin, query = '?name=Datong%20test&source=synthetic') =>
    app.inject({method: 'PUT', url: `/api/packs${query}`, headers: {authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream'}, payload: body});
  const get = (url: string, headers: Record<string, string> = {}, token = viewer) =>
    app.inject({method: 'GET', url, headers: {authorization: `Bearer ${token}`, ...headers}});
  /** What is in the packs folder besides listed packs: a refused upload must leave nothing. */
  const files = () => readdirSync(packsDir).sort();

  beforeEach(async () => {
    ({store, cleanup} = await sqlite.open());
    packsDir = mkdtempSync(join(tmpdir(), 'team-packs-'));
    await addTestUser(store, 'ada', 'admin');
    await addTestUser(store, 'vic', 'viewer');
  });
  afterEach(async () => {
    await app?.close();
    await cleanup();
    rmSync(packsDir, {recursive: true, force: true});
  });

  it('an admin uploads a pack; every role lists it with kind, bounds, zooms, size, SHA-256, date and source', async () => {
    await start();
    const res = await upload(PACK);
    expect(res.statusCode).toBe(201);
    const pack = (res.json() as {pack: TeamPack}).pack;
    expect(pack).toMatchObject({name: 'Datong test', container: 'pmtiles', kind: 'vector', minZoom: 10, maxZoom: 13, sizeBytes: PACK.length, sha256: sha(PACK), source: 'synthetic', uploadedBy: 'ada'});
    expect(pack.bounds.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([...DATONG_PACK_BOUNDS]);
    expect(files()).toEqual([`${pack.id}.json`, `${pack.id}.pack`]);
    const list = await get('/api/packs');
    expect(list.statusCode).toBe(200);
    expect((list.json() as {packs: TeamPack[]}).packs).toEqual([pack]);
    // Listed after a restart: the description is a file beside the pack.
    await app.close();
    await start();
    expect(((await get('/api/packs')).json() as {packs: TeamPack[]}).packs).toEqual([pack]);
  });

  it('accepts an MBTiles pack and lists it as such', async () => {
    await start();
    const {tiles, layers} = vectorTiles(DATONG_PACK_BOUNDS, [10, 11]);
    const mb = Buffer.from(await writeMbtiles(tiles, {name: 'Datong MBTiles', format: 'pbf', json: JSON.stringify({vector_layers: layers.map((id) => ({id}))})}, {gzip: true}));
    const res = await upload(mb, admin, '?fileName=datong.mbtiles');
    expect(res.statusCode).toBe(201);
    expect((res.json() as {pack: TeamPack}).pack).toMatchObject({name: 'Datong MBTiles', container: 'mbtiles', kind: 'vector', minZoom: 10, maxZoom: 11, sha256: sha(mb), fileName: 'datong.mbtiles'});
  });

  it('only an admin uploads or deletes; no token, no list', async () => {
    await start();
    expect((await upload(PACK, viewer)).statusCode).toBe(403);
    expect((await app.inject({method: 'GET', url: '/api/packs'})).statusCode).toBe(401);
    const {pack} = (await upload(PACK)).json() as {pack: TeamPack};
    expect((await app.inject({method: 'DELETE', url: `/api/packs/${pack.id}`, headers: {authorization: `Bearer ${viewer}`}})).statusCode).toBe(403);
    expect((await app.inject({method: 'DELETE', url: `/api/packs/${pack.id}`, headers: {authorization: `Bearer ${admin}`}})).statusCode).toBe(200);
    expect(files()).toEqual([]);
    expect((await get(`/api/packs/${pack.id}/file`)).statusCode).toBe(404);
  });

  it('refuses an upload over the size limit (413) and keeps nothing', async () => {
    await start({maxPackBytes: PACK.length - 1});
    const res = await upload(PACK);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({error: 'too-large', maxBytes: PACK.length - 1});
    expect(files()).toEqual([]);
  });

  it('refuses a truncated or foreign file with its reason and keeps nothing', async () => {
    await start();
    const truncated = await upload(PACK.subarray(0, PACK.length - 500));
    expect(truncated.statusCode).toBe(400);
    expect(truncated.json()).toMatchObject({error: 'not-a-pack', problem: {code: 'truncated', sizeBytes: PACK.length - 500, expectedBytes: PACK.length}});
    const text = await upload(Buffer.from('x'.repeat(400)));
    expect(text.json()).toMatchObject({error: 'not-a-pack', problem: {code: 'not-pmtiles'}});
    expect(files()).toEqual([]);
    expect(((await get('/api/packs')).json() as {packs: TeamPack[]}).packs).toEqual([]);
  });

  it('serves the file whole and by range, with its SHA-256 as ETag', async () => {
    await start();
    const {pack} = (await upload(PACK)).json() as {pack: TeamPack};
    const url = `/api/packs/${pack.id}/file`;
    const whole = await get(url);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers.etag).toBe(`"${sha(PACK)}"`);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(Buffer.compare(whole.rawPayload, PACK)).toBe(0);

    const tail = await get(url, {range: 'bytes=1000-', 'if-range': `"${pack.sha256}"`});
    expect(tail.statusCode).toBe(206);
    expect(tail.headers['content-range']).toBe(`bytes 1000-${PACK.length - 1}/${PACK.length}`);
    expect(Buffer.compare(tail.rawPayload, PACK.subarray(1000))).toBe(0);
    // The file changed since the device started (another ETag): the whole new file.
    const changed = await get(url, {range: 'bytes=1000-', 'if-range': '"0000"'});
    expect(changed.statusCode).toBe(200);
    expect(changed.rawPayload.length).toBe(PACK.length);
    expect((await get(url, {range: `bytes=${PACK.length}-`})).statusCode).toBe(416);
  });

  it('the test hook cuts the first download off; the device continues it with a Range request', async () => {
    await start({dropFirstPackDownloadAfterBytes: 3000});
    const {pack} = (await upload(PACK)).json() as {pack: TeamPack};
    const address = await app.listen({port: 0, host: '127.0.0.1'});
    const url = `${address}/api/packs/${pack.id}/file`;
    const auth = {authorization: `Bearer ${viewer}`};
    const received: Uint8Array[] = [];
    let got = 0;
    const first = await fetch(url, {headers: auth});
    await expect(
      (async () => {
        const reader = first.body!.getReader();
        for (;;) {
          const {done, value} = await reader.read();
          if (done) return;
          received.push(value);
          got += value.length;
        }
      })(),
    ).rejects.toThrow();
    expect(got).toBe(3000);
    const rest = await fetch(url, {headers: {...auth, range: `bytes=${got}-`}});
    expect(rest.status).toBe(206);
    received.push(new Uint8Array(await rest.arrayBuffer()));
    expect(sha(Buffer.concat(received))).toBe(pack.sha256);
  });

  it('parses single byte ranges only', () => {
    expect(parseRange('bytes=0-', 10)).toEqual({start: 0, end: 9});
    expect(parseRange('bytes=2-4', 10)).toEqual({start: 2, end: 4});
    expect(parseRange('bytes=2-40', 10)).toEqual({start: 2, end: 9});
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,3-4', 10)).toBeNull();
    expect(parseRange(undefined, 10)).toBeNull();
  });
});

describe('PackLibrary', () => {
  it('stops reading a body that grows past the limit, whatever its declared length, and keeps nothing', async () => {
    const {PackLibrary} = await import('./packs/pack-library');
    const {Readable} = await import('node:stream');
    const dir = mkdtempSync(join(tmpdir(), 'team-packs-'));
    try {
      const library = new PackLibrary(dir);
      const chunks = [PACK.subarray(0, 5000), PACK.subarray(5000)];
      const result = await library.add(Readable.from(chunks), {name: null, source: null, fileName: 'x.pmtiles', maxBytes: 6000, uploadedBy: 'ada', now: new Date()});
      expect(result).toEqual({ok: false, reason: 'too-large', maxBytes: 6000});
      expect(readdirSync(dir)).toEqual([]);
      const ok = await library.add(Readable.from(chunks), {name: null, source: null, fileName: 'datong.pmtiles', maxBytes: PACK.length, uploadedBy: 'ada', now: new Date()});
      expect(ok.ok && ok.pack.name).toBe('Datong test pack (synthetic)');
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
