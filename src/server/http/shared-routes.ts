import type {FastifyInstance, FastifyReply} from 'fastify';
import {sharedDeleteQuery, sharedIdParams, sharedListQuery, sharedPath, sharedPutSchema, SHARED_KINDS, type SharedConflictResponse, type SharedKind} from '../../sync/shared-protocol';
import {SHARED_WRITERS, writeShared, type SharedWriteOutcome} from '../core/shared-write';
import {authenticate, authenticateRole, parseOr400, type ServerContext} from './context';

/**
 * Shared zones and slides (docs/sync.md): for each kind, GET /api/{zones|slides}?since=SEQ
 * (any signed-in role), PUT /api/{kind}/{id} {baseVersion, data} and
 * DELETE /api/{kind}/{id}?baseVersion=N (planner, admin). A stale baseVersion gets 409 with the
 * server's current record. Every write takes the team's next sequence number and is announced
 * on the change feed (GET /api/sync/events).
 */
export function sharedRoutes(app: FastifyInstance, ctx: ServerContext): void {
  for (const kind of SHARED_KINDS) routesFor(app, ctx, kind);
}

function routesFor<K extends SharedKind>(app: FastifyInstance, ctx: ServerContext, kind: K): void {
  const path = sharedPath(kind);
  const putSchema = sharedPutSchema(kind);

  const answer = (outcome: SharedWriteOutcome<K>, reply: FastifyReply) => {
    if (outcome.status === 'not-found') return reply.code(404).send({error: 'not-found'});
    if (outcome.status === 'stale') {
      const body: SharedConflictResponse<K> = {error: 'stale-version', current: outcome.current};
      return reply.code(409).send(body);
    }
    if (outcome.status === 'written') ctx.feed.publish(outcome.record.seq, kind);
    return reply.send({record: outcome.record});
  };

  app.get(path, async (req, reply) => {
    if (!(await authenticate(ctx, req, reply))) return reply;
    const q = parseOr400(sharedListQuery, req.query, reply);
    if (!q) return reply;
    return reply.send(await ctx.store.listShared(kind, q.since));
  });

  app.put(`${path}/:id`, async (req, reply) => {
    const session = await authenticateRole(ctx, req, reply, SHARED_WRITERS);
    if (!session) return reply;
    const p = parseOr400(sharedIdParams, req.params, reply);
    if (!p) return reply;
    const body = parseOr400(putSchema, req.body, reply);
    if (!body) return reply;
    const dataId = kind === 'zone' ? (body.data as {zone: {properties: {id: string}}}).zone.properties.id : (body.data as {slide: {id: string}}).slide.id;
    if (dataId !== p.id) return reply.code(400).send({error: 'bad-request', issues: [{field: kind === 'zone' ? 'data.zone.properties.id' : 'data.slide.id', reason: 'must equal the id in the path'}]});
    return answer(await writeShared(ctx.store, session.actor, kind, p.id, body.baseVersion, body.data, new Date(ctx.now()).toISOString()), reply);
  });

  app.delete(`${path}/:id`, async (req, reply) => {
    const session = await authenticateRole(ctx, req, reply, SHARED_WRITERS);
    if (!session) return reply;
    const p = parseOr400(sharedIdParams, req.params, reply);
    if (!p) return reply;
    const q = parseOr400(sharedDeleteQuery, req.query, reply);
    if (!q) return reply;
    return answer(await writeShared(ctx.store, session.actor, kind, p.id, q.baseVersion, null, new Date(ctx.now()).toISOString()), reply);
  });
}
