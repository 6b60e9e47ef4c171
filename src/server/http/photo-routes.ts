import {createHash} from 'node:crypto';
import type {FastifyInstance, FastifyReply, FastifyRequest} from 'fastify';
import {z} from 'zod';
import {SHA256_PATTERN} from '../../sync/protocol';
import {authenticate, parseOr400, type ServerContext, type Session} from './context';

const params = z.object({sha256: z.string().regex(SHA256_PATTERN, 'a lower-case hex SHA-256')});
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/octet-stream'];

const THUMBNAIL_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
/** A thumbnail is ≤ 320 px on its longest edge: tens of kilobytes; this leaves room and no more. */
const MAX_THUMBNAIL_BYTES = 512 * 1024;

/** `Content-Range: bytes START-END/TOTAL` (RFC 9110 §14.4) as numbers, or null. */
export function parseContentRange(header: string | undefined): {start: number; end: number; total: number} | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec((header ?? '').trim());
  if (!m) return null;
  const [start, end, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return start <= end && end < total ? {start, end, total} : null;
}

const badRequest = (field: string, reason: string) => ({error: 'bad-request', issues: [{field, reason}]});
const typeOf = (req: {headers: Record<string, string | string[] | undefined>}) => (String(req.headers['content-type'] ?? '')).split(';')[0]!.trim();

/**
 * What every photo write checks first: a session, a hash in the path, a role that may write
 * (not a viewer) and a body of one of `types`. Null when the reply has been sent.
 */
async function photoWrite(ctx: ServerContext, req: FastifyRequest, reply: FastifyReply, types: readonly string[]): Promise<{session: Session; sha256: string; body: Buffer; contentType: string} | null> {
  const session = await authenticate(ctx, req, reply);
  if (!session) return null;
  const p = parseOr400(params, req.params, reply);
  if (!p) return null;
  if (session.actor.role === 'viewer') {
    reply.code(403).send({error: 'forbidden'});
    return null;
  }
  const contentType = typeOf(req);
  if (!Buffer.isBuffer(req.body) || !types.includes(contentType)) {
    reply.code(400).send(badRequest('content-type', `one of ${types.join(', ')}`));
    return null;
  }
  return {session, sha256: p.sha256, body: req.body, contentType};
}

/**
 * Photos by hash (issue 14 item 5). `PUT /api/photos/{sha256}` takes the whole image, or one
 * piece of it with `Content-Range: bytes START-END/TOTAL`: the server keeps the pieces received
 * (`photo_parts`), `GET /api/photos/{sha256}/upload` tells where they end, and the piece that
 * completes the image is hashed with the rest; a wrong hash is refused and the part dropped.
 * Only a complete, verified photo is ever served. `PUT /api/photos/{sha256}/thumbnail` keeps a
 * small image under the photo's hash: an op may name a photo once either is stored, so a plot
 * reaches the team without waiting for its full-size photos.
 */
export function photoRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.addContentTypeParser(PHOTO_TYPES, {parseAs: 'buffer', bodyLimit: ctx.maxPhotoBytes}, (_req, body, done) => done(null, body));

  app.put('/api/photos/:sha256', {bodyLimit: ctx.maxPhotoBytes}, async (req, reply) => {
    const w = await photoWrite(ctx, req, reply, PHOTO_TYPES);
    if (!w) return reply;
    const {session, contentType} = w;
    let whole: Uint8Array = w.body;
    let type = contentType;
    const rangeHeader = req.headers['content-range'];
    if (rangeHeader !== undefined) {
      const range = parseContentRange(rangeHeader);
      if (!range || range.end - range.start + 1 !== w.body.byteLength) return reply.code(400).send(badRequest('content-range', 'bytes START-END/TOTAL, END-START+1 being the body\'s length'));
      if (range.total > ctx.maxPhotoBytes) return reply.code(413).send({error: 'too-large', limit: ctx.maxPhotoBytes});
      const state = await ctx.store.photoUploadState(w.sha256);
      if (state.complete) return reply.code(200).send({sha256: w.sha256, stored: false, offset: state.offset, complete: true});
      const part = await ctx.store.appendPhotoPart(w.sha256, {offset: range.start, chunk: w.body, total: range.total, contentType, userId: session.user.id});
      if (part.status === 'offset-mismatch') return reply.code(409).send({error: 'offset-mismatch', offset: part.offset});
      if (part.status === 'appended') return reply.code(202).send({sha256: w.sha256, offset: part.offset, complete: false});
      whole = part.bytes;
      type = part.contentType;
    }
    const actual = createHash('sha256').update(whole).digest('hex');
    if (actual !== w.sha256) {
      if (rangeHeader !== undefined) await ctx.store.dropPhotoPart(w.sha256);
      return reply.code(400).send(badRequest('body', `its SHA-256 is ${actual}, not the one in the path`));
    }
    const stored = await ctx.store.putPhoto(w.sha256, whole, type, session.user.id);
    return reply.code(stored === 'stored' ? 201 : 200).send({sha256: w.sha256, stored: stored === 'stored', offset: whole.byteLength, complete: true});
  });

  app.get('/api/photos/:sha256/upload', async (req, reply) => {
    if (!(await authenticate(ctx, req, reply))) return reply;
    const p = parseOr400(params, req.params, reply);
    if (!p) return reply;
    const state = await ctx.store.photoUploadState(p.sha256);
    return reply.send({sha256: p.sha256, ...state});
  });

  app.get('/api/photos/:sha256', async (req, reply) => {
    if (!(await authenticate(ctx, req, reply))) return reply;
    const p = parseOr400(params, req.params, reply);
    if (!p) return reply;
    const photo = await ctx.store.getPhoto(p.sha256);
    if (!photo) return reply.code(404).send({error: 'not-found'});
    return reply.type(photo.contentType).header('cache-control', 'private, max-age=31536000, immutable').send(Buffer.from(photo.bytes));
  });

  app.put('/api/photos/:sha256/thumbnail', {bodyLimit: MAX_THUMBNAIL_BYTES}, async (req, reply) => {
    const w = await photoWrite(ctx, req, reply, THUMBNAIL_TYPES);
    if (!w) return reply;
    const stored = await ctx.store.putThumbnail(w.sha256, w.body, w.contentType, w.session.user.id);
    return reply.code(stored === 'stored' ? 201 : 200).send({sha256: w.sha256, stored: stored === 'stored'});
  });

  app.get('/api/photos/:sha256/thumbnail', async (req, reply) => {
    if (!(await authenticate(ctx, req, reply))) return reply;
    const p = parseOr400(params, req.params, reply);
    if (!p) return reply;
    const thumb = await ctx.store.getThumbnail(p.sha256);
    if (!thumb) return reply.code(404).send({error: 'not-found'});
    return reply.type(thumb.contentType).header('cache-control', 'private, max-age=31536000, immutable').send(Buffer.from(thumb.bytes));
  });
}
