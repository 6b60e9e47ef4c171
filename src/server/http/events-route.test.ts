import type {FastifyInstance} from 'fastify';
import {afterEach, describe, expect, it} from 'vitest';
import {SqliteStore} from '../store/sqlite/sqlite-store';
import {addTestUser, createOp, login, testPlot} from '../test/harness';
import {buildServer} from './app';

/** Reads server-sent events from a fetch body until `count` `cursor` events arrived. */
async function readCursors(body: ReadableStream<Uint8Array>, count: number, onEach: (cursor: number, index: number) => Promise<void>): Promise<number[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const cursors: number[] = [];
  let buffer = '';
  while (cursors.length < count) {
    const {value, done} = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, {stream: true});
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = /^event: cursor\ndata: (.*)$/m.exec(event);
      if (!data) continue;
      const cursor = (JSON.parse(data[1]!) as {cursor: number}).cursor;
      cursors.push(cursor);
      await onEach(cursor, cursors.length - 1);
    }
  }
  await reader.cancel();
  return cursors;
}

describe('GET /api/sync/events', () => {
  let app: FastifyInstance | undefined;
  let store: SqliteStore | undefined;
  afterEach(async () => {
    await app?.close();
    await store?.close();
  });

  it('streams the cursor when it opens and after each push that committed, and refuses a request without a token', async () => {
    store = new SqliteStore(':memory:');
    await addTestUser(store, 'root', 'admin');
    app = await buildServer({store, loginRateLimit: {max: 1000, timeWindow: 60_000}});
    const address = await app.listen({port: 0, host: '127.0.0.1'});
    const planner = await login(app, 'root', undefined, 'planner desktop');
    const phone = await login(app, 'root', undefined, 'phone');

    expect((await fetch(`${address}/api/sync/events`)).status).toBe(401);

    const res = await fetch(`${address}/api/sync/events`, {headers: {authorization: `Bearer ${planner.token}`}});
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const first = createOp(testPlot('p1'));
    const cursors = await readCursors(res.body!, 3, async (_cursor, i) => {
      if (i === 0) expect((await phone.push([first])).statusCode).toBe(200);
      if (i === 1) {
        // A push that commits nothing (a replay) sends no event; the next real one does.
        expect((await phone.push([first])).body.results?.[0]?.status).toBe('duplicate');
        await phone.push([createOp(testPlot('p2'))]);
      }
    });
    expect(cursors).toEqual([0, 1, 2]);
  });

  it('names the kind when a shared zone or slide changed, then sends the new cursor', async () => {
    store = new SqliteStore(':memory:');
    await addTestUser(store, 'root', 'admin');
    app = await buildServer({store, loginRateLimit: {max: 1000, timeWindow: 60_000}});
    const address = await app.listen({port: 0, host: '127.0.0.1'});
    const planner = await login(app, 'root');
    const res = await fetch(`${address}/api/sync/events`, {headers: {authorization: `Bearer ${planner.token}`}});
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: cursor')) text += decoder.decode((await reader.read()).value, {stream: true});
    const put = await app.inject({method: 'PUT', url: '/api/slides/s1', headers: {authorization: `Bearer ${planner.token}`},
      payload: {baseVersion: 0, data: {slide: {id: 's1', camera: {center: [101, 36], zoom: 9, bearing: 0, pitch: 0}, caption: {zh: '', en: ''}}, order: 0}}});
    expect(put.statusCode).toBe(200);
    while (text.split('event: cursor').length < 3) text += decoder.decode((await reader.read()).value, {stream: true});
    await reader.cancel();
    expect(text).toContain('event: shared\ndata: {"kind":"slide","seq":1}\n\nevent: cursor\ndata: {"cursor":1}');
  });

  it('lets the server close while a stream is open', async () => {
    store = new SqliteStore(':memory:');
    await addTestUser(store, 'root', 'admin');
    app = await buildServer({store, loginRateLimit: {max: 1000, timeWindow: 60_000}});
    const address = await app.listen({port: 0, host: '127.0.0.1'});
    const planner = await login(app, 'root');
    const res = await fetch(`${address}/api/sync/events`, {headers: {authorization: `Bearer ${planner.token}`}});
    expect(res.status).toBe(200);
    await app.close();
    app = undefined;
    const reader = res.body!.getReader();
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });
});
