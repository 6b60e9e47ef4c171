import type {FastifyInstance} from 'fastify';
import {z} from 'zod';
import {authenticateAdmin, parseOr400, type ServerContext} from './context';

const deviceParams = z.object({id: z.string().min(1).max(100)});

/**
 * For admins (issue 14's device list): GET /api/admin/devices, POST /api/admin/devices/{id}/revoke,
 * GET /api/admin/quarantine (the ops revoked devices pushed, kept aside for review).
 */
export function adminRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/admin/devices', async (req, reply) => {
    if (!(await authenticateAdmin(ctx, req, reply))) return reply;
    const users = new Map((await ctx.store.listUsers()).map((u) => [u.id, u.name]));
    const devices = (await ctx.store.listDevices()).map((d) => ({deviceId: d.id, name: d.name, user: users.get(d.userId) ?? null, revoked: d.revoked, createdAt: d.createdAt}));
    return reply.send({devices});
  });

  app.post('/api/admin/devices/:id/revoke', async (req, reply) => {
    if (!(await authenticateAdmin(ctx, req, reply))) return reply;
    const p = parseOr400(deviceParams, req.params, reply);
    if (!p) return reply;
    if (!(await ctx.store.revokeDevice(p.id))) return reply.code(404).send({error: 'not-found'});
    return reply.send({deviceId: p.id, revoked: true});
  });

  app.get('/api/admin/quarantine', async (req, reply) => {
    if (!(await authenticateAdmin(ctx, req, reply))) return reply;
    return reply.send({ops: await ctx.store.quarantined()});
  });
}
