import type {FastifyInstance} from 'fastify';
import type {SharedKind} from '../../sync/shared-protocol';
import {authenticate, type ServerContext} from './context';

/** A comment line this often keeps proxies and the browser from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

/**
 * GET /api/sync/events: a server-sent event stream (text/event-stream) that sends
 * `event: cursor` with `{"cursor": N}` when it opens and whenever the team's sequence moves on,
 * so a device pulls within moments of another device's push. Authenticated with the same
 * bearer token as the pull (the client reads it with fetch, since EventSource cannot send a
 * header); it carries no plot data, only the cursor to pull up to.
 */
export function eventsRoute(app: FastifyInstance, ctx: ServerContext): void {
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.get('/api/sync/events', async (req, reply) => {
    const session = await authenticate(ctx, req, reply);
    if (!session) return reply;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...ctx.securityHeaders,
      ...ctx.corsHeaders(req.headers.origin),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    const send = (cursor: number, shared?: SharedKind) => {
      // A shared zone or slide changed: say which, so a device refetches it (GET /api/zones?since=…).
      if (shared) res.write(`event: shared\ndata: ${JSON.stringify({kind: shared, seq: cursor})}\n\n`);
      res.write(`event: cursor\ndata: ${JSON.stringify({cursor})}\n\n`);
    };
    send(await ctx.store.currentSeq());
    const unsubscribe = ctx.feed.subscribe(send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(end);
      if (!res.writableEnded) res.end();
    };
    open.add(end);
    req.raw.on('close', end);
  });
}
