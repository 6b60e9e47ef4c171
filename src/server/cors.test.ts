import type {FastifyInstance} from 'fastify';
import {afterEach, describe, expect, it} from 'vitest';
import {buildServer} from './http/app';
import {normaliseOrigins, originsFrom} from './http/cors';
import {SqliteStore} from './store/sqlite/sqlite-store';
import {addTestUser, login} from './test/harness';

const APP = 'http://app.example.test:8080';

describe('a team server at another address than the app', () => {
  let app: FastifyInstance | undefined;
  let store: SqliteStore | undefined;
  afterEach(async () => {
    await app?.close();
    await store?.close();
  });
  const start = async (options: {allowOrigins?: string[]; connectSources?: string[]} = {}) => {
    store = new SqliteStore(':memory:');
    await addTestUser(store, 'root', 'admin');
    app = await buildServer({store, loginRateLimit: {max: 1000, timeWindow: 60_000}, ...options});
    return app;
  };

  it('answers a preflight and the API for an allowed origin only, with the Authorization header', async () => {
    await start({allowOrigins: [`${APP}/`, 'https://planner.example.test']});
    const preflight = await app!.inject({method: 'OPTIONS', url: '/api/zones', headers: {origin: APP, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, content-type'}});
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(APP);
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('authorization');
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('PUT');

    const other = await app!.inject({method: 'OPTIONS', url: '/api/zones', headers: {origin: 'http://evil.example.test', 'access-control-request-method': 'GET'}});
    expect(other.statusCode).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();

    const me = await login(app!, 'root');
    const get = await app!.inject({url: '/api/zones', headers: {origin: APP, authorization: `Bearer ${me.token}`}});
    expect(get.statusCode).toBe(200);
    expect(get.headers['access-control-allow-origin']).toBe(APP);
    expect(get.headers.vary).toContain('Origin');
    expect(get.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(get.headers['content-security-policy']).toContain("connect-src 'self'");
    const foreign = await app!.inject({url: '/api/zones', headers: {origin: 'http://evil.example.test', authorization: `Bearer ${me.token}`}});
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect(foreign.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('sends CORS headers on the event stream to an allowed origin', async () => {
    await start({allowOrigins: [APP]});
    const address = await app!.listen({port: 0, host: '127.0.0.1'});
    const me = await login(app!, 'root');
    const res = await fetch(`${address}/api/sync/events`, {headers: {origin: APP, authorization: `Bearer ${me.token}`}});
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    await res.body!.cancel();
  });

  it('by default lets another origin read nothing but that it is not allowed, and keeps connect-src to its own origin', async () => {
    await start();
    const res = await app!.inject({method: 'OPTIONS', url: '/api/health', headers: {origin: APP, 'access-control-request-method': 'GET'}});
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const zones = await app!.inject({url: '/api/zones', headers: {origin: APP}});
    expect(zones.headers['access-control-allow-origin']).toBeUndefined();
    // The one answer another origin may read: so the app can say "not allowed", not "unreachable".
    const health = await app!.inject({url: '/api/health', headers: {origin: APP}});
    expect(health.headers['access-control-allow-origin']).toBe('*');
    expect(health.json()).toEqual({ok: true, originAllowed: false});
    expect(health.headers['content-security-policy']).toMatch(/connect-src 'self';/);
    // Without an Origin header (same-origin GETs send none) health is the usual answer.
    expect((await app!.inject({url: '/api/health'})).json()).toMatchObject({ok: true, seq: 0});
  });

  it('widens connect-src by exactly the configured team server address when it serves the app', async () => {
    await start({connectSources: ['https://team.example.test:8443/api']});
    const health = await app!.inject({url: '/api/health'});
    expect(health.headers['content-security-policy']).toMatch(/connect-src 'self' https:\/\/team\.example\.test:8443;/);
    expect(health.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('reads origins from repeated flags and the environment, and refuses a non-URL', () => {
    expect(originsFrom(['--allow-origin', 'http://a.test/', '--port', '1', '--allow-origin=https://b.test'], 'http://c.test:81, http://a.test'))
      .toEqual(['http://a.test', 'https://b.test', 'http://c.test:81']);
    expect(originsFrom([], undefined)).toEqual([]);
    expect(() => normaliseOrigins(['not a url'])).toThrow();
    expect(() => normaliseOrigins(['ftp://x.test'])).toThrow();
  });
});
