import {createHash} from 'node:crypto';
import type {FastifyInstance} from 'fastify';
import {z} from 'zod';
import {SHA256_PATTERN} from '../../sync/protocol';
import {authenticate, parseOr400, type ServerContext} from './context';

const params = z.object({sha256: z.string().regex(SHA256_PATTERN, 'a lower-case hex SHA-256')});
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/octet-stream'];

/**
 * PUT /api/photos/{sha256}: the body's hash must be the name; storing one twice is a no-op.
 * A photo is written in one transaction once its whole body arrived, so an upload cut off
 * (or a server killed) halfway leaves nothing and the device simply sends it again.
 */
export function photoRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.addContentTypeParser(PHOTO_TYPES, {parseAs: 'buffer', bodyLimit: ctx.maxPhotoBytes}, (_req, body, done) => done(null, body));

  app.put('/api/photos/:sha256', {bodyLimit: ctx.maxPhotoBytes}, async (req, reply) => {
    const session = await authenticate(ctx, req, reply);
    if (!session) return reply;
    const p = parseOr400(params, req.params, reply);
    if (!p) return reply;
    if (session.actor.role === 'viewer') return reply.code(403).send({error: 'forbidden'});
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (!Buffer.isBuffer(req.body) || !PHOTO_TYPES.includes(contentType)) {
      return reply.code(400).send({error: 'bad-request', issues: [{field: 'content-type', reason: `one of ${PHOTO_TYPES.join(', ')}`}]});
    }
    const actual = createHash('sha256').update(req.body).digest('hex');
    if (actual !== p.sha256) return reply.code(400).send({error: 'bad-request', issues: [{field: 'body', reason: `its SHA-256 is ${actual}, not the one in the path`}]});
    const stored = await ctx.store.putPhoto(p.sha256, req.body, contentType, session.user.id);
    return reply.code(stored === 'stored' ? 201 : 200).send({sha256: p.sha256, stored: stored === 'stored'});
  });

  app.get('/api/photos/:sha256', async (req, reply) => {
    if (!(await authenticate(ctx, req, reply))) return reply;
    const p = parseOr400(params, req.params, reply);
    if (!p) return reply;
    const photo = await ctx.store.getPhoto(p.sha256);
    if (!photo) return reply.code(404).send({error: 'not-found'});
    return reply.type(photo.contentType).header('cache-control', 'private, max-age=31536000, immutable').send(Buffer.from(photo.bytes));
  });
}
