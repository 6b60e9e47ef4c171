import {existsSync} from 'node:fs';
import {join} from 'node:path';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, {type FastifyInstance} from 'fastify';
// One header set for every way the app is served (vite preview, this server): src/app/security-headers.ts.
import {securityHeadersWithConnect} from '../../app/security-headers';
import {ChangeFeed} from '../core/change-feed';
import type {Store} from '../store/store';
import {adminRoutes} from './admin-routes';
import {corsHeadersFor, corsHook, normaliseOrigins} from './cors';
import {authRoutes, type LoginRateLimit} from './auth-routes';
import type {ServerContext} from './context';
import {dataRoutes} from './data-routes';
import {eventsRoute} from './events-route';
import {packRoutes} from './pack-routes';
import {PackLibrary} from '../packs/pack-library';
import {photoRoutes} from './photo-routes';
import {sharedRoutes} from './shared-routes';
import {syncRoutes} from './sync-routes';

export type ServerOptions = {
  readonly store: Store;
  /** The built app (vite build's dist/); null serves the API alone. */
  readonly distDir?: string | null;
  readonly now?: () => number;
  readonly accessTtlSeconds?: number;
  readonly loginRateLimit?: LoginRateLimit;
  readonly maxPhotoBytes?: number;
  readonly bodyLimitBytes?: number;
  readonly afterCommit?: (opId: string) => void;
  /** Subsidence zones for the tally's per-zone figures (geodata/datong.geojson). */
  readonly zonesPath?: string | null;
  readonly logger?: boolean;
  /** Where uploaded basemap packs are kept (`<data dir>/packs`); null: no pack routes. */
  readonly packsDir?: string | null;
  /** The largest pack an admin may upload (default 2 GiB). */
  readonly maxPackBytes?: number;
  /** Origins of apps served elsewhere that may call this API (CORS; --allow-origin). */
  readonly allowOrigins?: readonly string[];
  /** Team servers at other addresses the app served here may talk to (added to CSP connect-src; --connect-src). */
  readonly connectSources?: readonly string[];
  /** Test hook: the first pack download is cut off after this many bytes. */
  readonly dropFirstPackDownloadAfterBytes?: number;
};

export const NO_ADMIN_HELP =
  'No admin account exists yet, so the API is closed. Add one (the password is read from stdin):\n' +
  '  npm run users -- add NAME --role admin   (with the same --data DIR or DATABASE_URL as the server)';

/**
 * The team server: the built app and the API on one origin. Handlers validate (zod),
 * authorise and call the core; every response carries the security headers.
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const allowed = new Set(normaliseOrigins(options.allowOrigins ?? []));
  const securityHeaders = securityHeadersWithConnect(normaliseOrigins(options.connectSources ?? []));
  const ctx: ServerContext = {
    securityHeaders,
    corsHeaders: (origin) => corsHeadersFor(allowed, origin),
    store: options.store,
    secret: await options.store.secret(),
    now: options.now ?? Date.now,
    accessTtlSeconds: options.accessTtlSeconds ?? 15 * 60,
    maxPhotoBytes: options.maxPhotoBytes ?? 15 * 1024 * 1024,
    afterCommit: options.afterCommit ?? (() => undefined),
    zonesPath: options.zonesPath ?? null,
    feed: new ChangeFeed(),
  };
  const app = Fastify({logger: options.logger ?? false, bodyLimit: options.bodyLimitBytes ?? 8 * 1024 * 1024, trustProxy: false});

  // First: a cross-origin preflight is answered before the no-admin gate.
  corsHook(app, allowed);

  let adminSeen = false;
  const apiReady = async (): Promise<boolean> => (adminSeen ||= (await ctx.store.countActiveAdmins()) > 0);

  app.addHook('onSend', async (req, reply, payload) => {
    for (const [name, value] of Object.entries(securityHeaders)) if (!(name === 'Cross-Origin-Resource-Policy' && reply.hasHeader('cross-origin-resource-policy'))) reply.header(name, value);
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  // Until an admin exists the app is still served, but the API answers 503 with how to add one.
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/api/') && !req.url.startsWith('/api/health') && !(await apiReady())) {
      return reply.code(503).send({error: 'no-admin', message: NO_ADMIN_HELP});
    }
  });
  app.setErrorHandler((error: {statusCode?: number; code?: string; message: string}, _req, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) app.log.error(error);
    const field = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'body' : '(body)';
    return reply.code(status).send(status < 500 ? {error: 'bad-request', issues: [{field, reason: error.message}]} : {error: 'internal'});
  });

  await app.register(fastifyRateLimit, {global: false});
  authRoutes(app, ctx, options.loginRateLimit ?? {max: 10, timeWindow: 60_000});
  syncRoutes(app, ctx);
  eventsRoute(app, ctx);
  dataRoutes(app, ctx, apiReady);
  photoRoutes(app, ctx);
  adminRoutes(app, ctx);
  sharedRoutes(app, ctx);
  if (options.packsDir) {
    await packRoutes(app, ctx, {
      library: new PackLibrary(options.packsDir),
      maxPackBytes: options.maxPackBytes ?? 2 * 1024 ** 3,
      dropFirstDownloadAfterBytes: options.dropFirstPackDownloadAfterBytes,
    });
  }

  const dist = options.distDir ?? null;
  if (dist && existsSync(join(dist, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: dist,
      wildcard: true,
      setHeaders: (reply, path) => {
        // Hashed assets never change; the page and the service worker must be revalidated.
        reply.header('cache-control', /[/\\]assets[/\\]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (!req.url.startsWith('/api/') && req.method === 'GET' && dist && existsSync(join(dist, 'index.html')) && (req.headers.accept ?? '').includes('text/html')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.code(404).send({error: 'not-found'});
  });
  return app;
}
