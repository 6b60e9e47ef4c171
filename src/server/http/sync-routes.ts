import type {FastifyInstance} from 'fastify';
import {pullQuerySchema, pushRequestSchema, type OpResult, type PushResponse} from '../../sync/protocol';
import {pushOps} from '../core/push-op';
import {authenticate, parseOr400, type ServerContext} from './context';

/** POST /api/sync/push and GET /api/sync/pull?since=SEQ. */
export function syncRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/api/sync/push', async (req, reply) => {
    const session = await authenticate(ctx, req, reply, true);
    if (!session) return reply;
    const body = parseOr400(pushRequestSchema, req.body, reply);
    if (!body) return reply;
    const receivedAt = new Date(ctx.now()).toISOString();
    if (session.device.revoked) {
      // Kept aside for an admin to review: never applied, never dropped.
      await ctx.store.quarantine(body.ops.map((op) => ({deviceId: session.device.id, userId: session.user.id, receivedAt, op})));
      return reply.code(403).send({error: 'device-revoked'});
    }
    if (body.deviceId !== session.device.id) return reply.code(403).send({error: 'device-mismatch'});
    if (session.actor.role === 'viewer') return reply.code(403).send({error: 'forbidden'});
    const results: OpResult[] = await pushOps(ctx.store, session.actor, body.ops, receivedAt);
    let committed = false;
    for (const result of results) {
      if (result.status === 'applied' || result.status === 'conflict') {
        committed = true;
        ctx.afterCommit(result.opId);
      }
    }
    if (committed) ctx.feed.publish(await ctx.store.currentSeq());
    const response: PushResponse = {results};
    return reply.send(response);
  });

  app.get('/api/sync/pull', async (req, reply) => {
    const session = await authenticate(ctx, req, reply);
    if (!session) return reply;
    const query = parseOr400(pullQuerySchema, req.query, reply);
    if (!query) return reply;
    return reply.send(await ctx.store.pull(query.since, query.limit));
  });
}
