import {createHash} from 'node:crypto';
import type {FastifyInstance} from 'fastify';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {buildServer} from './http/app';
import type {Store} from './store/store';
import {addTestUser, createOp, login, storeCases, testPlot, type Client} from './test/harness';

vi.setConfig({testTimeout: 30_000});

const sha256Of = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(storeCases())('photo thumbnails and resumable uploads on $name', ({open}) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let app: FastifyInstance;
  let token: string;
  let admin: Client;
  const auth = () => ({authorization: `Bearer ${token}`});
  const putPiece = (sha: string, body: Buffer, start: number, total: number) => app.inject({
    method: 'PUT', url: `/api/photos/${sha}`, payload: body,
    headers: {...auth(), 'content-type': 'image/jpeg', 'content-range': `bytes ${start}-${start + body.byteLength - 1}/${total}`},
  });
  const uploadState = async (sha: string) => (await app.inject({url: `/api/photos/${sha}/upload`, headers: auth()})).json();

  beforeEach(async () => {
    ({store, cleanup} = await open());
    await addTestUser(store, 'root', 'admin');
    app = await buildServer({store, loginRateLimit: {max: 1000, timeWindow: 60_000}});
    admin = await login(app, 'root');
    token = admin.token;
  });
  afterEach(async () => {
    await app?.close();
    await cleanup();
  });

  it('keeps the pieces of a cut-off upload, says where they end, and takes the rest from there', async () => {
    const photo = Buffer.from(Array.from({length: 3000}, (_, i) => i % 251));
    const sha = sha256Of(photo);
    expect(await uploadState(sha)).toMatchObject({complete: false, offset: 0, total: null});
    expect((await putPiece(sha, photo.subarray(0, 1000), 0, 3000)).json()).toMatchObject({offset: 1000, complete: false});
    expect((await putPiece(sha, photo.subarray(1000, 1700), 1000, 3000)).statusCode).toBe(202);
    // The device lost its answer and asks: the server has 1700 bytes and serves no photo yet.
    expect(await uploadState(sha)).toMatchObject({complete: false, offset: 1700, total: 3000});
    expect((await app.inject({url: `/api/photos/${sha}`, headers: auth()})).statusCode).toBe(404);
    // A piece that does not start where the part ends is refused with where it does.
    const wrong = await putPiece(sha, photo.subarray(2000), 2000, 3000);
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json()).toMatchObject({error: 'offset-mismatch', offset: 1700});
    const last = await putPiece(sha, photo.subarray(1700), 1700, 3000);
    expect(last.statusCode).toBe(201);
    expect(await uploadState(sha)).toMatchObject({complete: true, offset: 3000});
    const got = await app.inject({url: `/api/photos/${sha}`, headers: auth()});
    expect(got.rawPayload.equals(photo)).toBe(true);
    // Sending a piece of a photo already complete changes nothing.
    expect((await putPiece(sha, photo.subarray(0, 10), 0, 3000)).json()).toMatchObject({complete: true, stored: false});
  });

  it('refuses a completed upload whose hash is not the name and drops its part', async () => {
    const photo = Buffer.from('the real photo bytes, two pieces');
    const sha = sha256Of(Buffer.from('another photo'));
    expect((await putPiece(sha, photo.subarray(0, 10), 0, photo.byteLength)).statusCode).toBe(202);
    const done = await putPiece(sha, photo.subarray(10), 10, photo.byteLength);
    expect(done.statusCode).toBe(400);
    expect(done.json().issues[0].field).toBe('body');
    expect(await uploadState(sha)).toMatchObject({complete: false, offset: 0, total: null});
    expect((await app.inject({url: `/api/photos/${sha}`, headers: auth()})).statusCode).toBe(404);
  });

  it('refuses a Content-Range that does not match the body', async () => {
    const photo = Buffer.from('0123456789');
    const res = await app.inject({method: 'PUT', url: `/api/photos/${sha256Of(photo)}`, payload: photo,
      headers: {...auth(), 'content-type': 'image/jpeg', 'content-range': 'bytes 0-3/10'}});
    expect(res.statusCode).toBe(400);
    expect(await uploadState(sha256Of(photo))).toMatchObject({offset: 0});
  });

  it('serves a thumbnail by the photo hash, and lets an op name a photo once its thumbnail is there', async () => {
    const photo = Buffer.from('full-size photo bytes');
    const sha = sha256Of(photo);
    const thumb = Buffer.from('small jpeg');
    const plot = testPlot('p1', 'team-a', {photos: [sha]});
    expect((await admin.push([createOp(plot)])).body.results![0]).toMatchObject({status: 'rejected', reason: `missing-photo:${sha}`});
    expect((await app.inject({url: `/api/photos/${sha}/thumbnail`, headers: auth()})).statusCode).toBe(404);
    const put = (body: Buffer, type = 'image/jpeg') => app.inject({method: 'PUT', url: `/api/photos/${sha}/thumbnail`, headers: {...auth(), 'content-type': type}, payload: body});
    expect((await put(thumb, 'application/octet-stream')).statusCode).toBe(400);
    expect((await put(Buffer.alloc(600 * 1024))).statusCode).toBe(413);
    expect((await put(thumb)).statusCode).toBe(201);
    expect((await put(Buffer.from('another'))).statusCode).toBe(200);
    const got = await app.inject({url: `/api/photos/${sha}/thumbnail`, headers: auth()});
    expect(got.rawPayload.equals(thumb)).toBe(true);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect((await admin.push([createOp(plot)])).body.results![0]).toMatchObject({status: 'applied'});
    // The full image follows later and is served by its own route.
    expect((await app.inject({url: `/api/photos/${sha}`, headers: auth()})).statusCode).toBe(404);
  });
});
