import {createReadStream} from 'node:fs';
import type {Readable} from 'node:stream';
import type {FastifyInstance, FastifyReply, FastifyRequest} from 'fastify';
import {z} from 'zod';
import type {PackLibrary} from '../packs/pack-library';
import {packIdSchema} from '../packs/pack-library';
import {authenticate, authenticateAdmin, parseOr400, type ServerContext} from './context';

export type PackRouteOptions = {
  readonly library: PackLibrary;
  readonly maxPackBytes: number;
  /** Test hook (TEAM_SERVER_TEST_DROP_PACK_AFTER_BYTES): the first download is cut after this many bytes. */
  readonly dropFirstDownloadAfterBytes?: number;
};

const idParams = z.object({id: packIdSchema});
const uploadQuery = z.object({
  name: z.string().max(200).optional(),
  source: z.string().max(300).optional(),
  fileName: z.string().max(200).optional(),
});

/** `bytes=START-` or `bytes=START-END` (one range; anything else is served whole, as RFC 9110 allows). */
export function parseRange(header: string | undefined, size: number): {start: number; end: number} | 'unsatisfiable' | null {
  const m = /^bytes=(\d+)-(\d*)$/.exec((header ?? '').trim());
  if (!m) return null;
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (!Number.isSafeInteger(start) || start >= size || end < start) return 'unsatisfiable';
  return {start, end};
}

/**
 * Basemap packs on the team server (docs/basemap-packs.md):
 * - PUT /api/packs?name=&source=&fileName= (admin): the body is the .pmtiles/.mbtiles file,
 *   streamed to disk, at most maxPackBytes (413 past it), refused with its reason (400) if it is
 *   not a pack the app can draw; 201 with the listed pack (its SHA-256 included).
 * - GET /api/packs (any signed-in role): the list.
 * - GET /api/packs/{id}/file: the file, with HTTP Range (206) so a device continues a cut-off
 *   download; `ETag` is the SHA-256, and `If-Range` with another one gets the whole new file.
 * - DELETE /api/packs/{id} (admin).
 */
export async function packRoutes(app: FastifyInstance, ctx: ServerContext, options: PackRouteOptions): Promise<void> {
  const {library} = options;
  let dropsLeft = options.dropFirstDownloadAfterBytes ? 1 : 0;

  const admin = (req: FastifyRequest, reply: FastifyReply) => authenticateAdmin(ctx, req, reply);

  await app.register(async (scope) => {
    // The upload body is read here as a stream, never buffered (a pack is hundreds of MB).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

    scope.put('/api/packs', async (req, reply) => {
      const session = await admin(req, reply);
      if (!session) return reply;
      const q = parseOr400(uploadQuery, req.query, reply);
      if (!q) return reply;
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (declared > options.maxPackBytes) {
        req.raw.resume();
        return reply.code(413).header('connection', 'close').send({error: 'too-large', maxBytes: options.maxPackBytes});
      }
      const body = (req.body as Readable | undefined) ?? req.raw;
      const result = await library.add(body, {
        name: q.name ?? null,
        source: q.source ?? null,
        fileName: q.fileName ?? 'pack.pmtiles',
        maxBytes: options.maxPackBytes,
        uploadedBy: session.user.name,
        now: new Date(ctx.now()),
      });
      if (result.ok) return reply.code(201).send({pack: result.pack});
      if (result.reason === 'too-large') return reply.code(413).header('connection', 'close').send({error: 'too-large', maxBytes: result.maxBytes});
      return reply.code(400).send({error: 'not-a-pack', problem: result.problem});
    });
  });

  app.get('/api/packs', async (req, reply) => {
    if (!(await authenticate(ctx, req, reply))) return reply;
    return reply.send({packs: await library.list()});
  });

  app.delete('/api/packs/:id', async (req, reply) => {
    if (!(await admin(req, reply))) return reply;
    const p = parseOr400(idParams, req.params, reply);
    if (!p) return reply;
    if (!(await library.remove(p.id))) return reply.code(404).send({error: 'not-found'});
    return reply.send({id: p.id, deleted: true});
  });

  app.get('/api/packs/:id/file', async (req, reply) => {
    if (!(await authenticate(ctx, req, reply))) return reply;
    const p = parseOr400(idParams, req.params, reply);
    if (!p) return reply;
    const pack = await library.get(p.id);
    if (!pack) return reply.code(404).send({error: 'not-found'});
    const etag = `"${pack.sha256}"`;
    const ifRange = req.headers['if-range'];
    const range = ifRange && ifRange !== etag ? null : parseRange(req.headers.range, pack.sizeBytes);
    if (range === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${pack.sizeBytes}`).send({error: 'range-not-satisfiable'});
    const {start, end} = range ?? {start: 0, end: pack.sizeBytes - 1};
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      'content-length': String(end - start + 1),
      'accept-ranges': 'bytes',
      etag,
      'cache-control': 'no-store',
    };
    if (range) headers['content-range'] = `bytes ${start}-${end}/${pack.sizeBytes}`;
    const status = range ? 206 : 200;
    const file = () => createReadStream(library.filePath(p.id), {start, end});

    if (dropsLeft > 0 && options.dropFirstDownloadAfterBytes) {
      dropsLeft--;
      return dropAfter(reply, status, headers, file(), options.dropFirstDownloadAfterBytes);
    }
    return reply.code(status).headers(headers).send(file());
  });
}

/**
 * The test hook: sends the first `limit` bytes, then breaks the connection as a lost signal
 * would — a moment after the last bytes went out, as in the field. Breaking it at once lets
 * the browser drop the bytes still queued in the reset (it discards a body that errors before
 * the page read it), which made the resume test depend on timing.
 */
function dropAfter(reply: FastifyReply, status: number, headers: Record<string, string>, stream: Readable, limit: number) {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(status, headers);
  let sent = 0;
  stream.on('data', (chunk: Buffer) => {
    const part = chunk.subarray(0, Math.max(0, limit - sent));
    sent += part.length;
    if (sent < limit) return void res.write(part);
    stream.destroy();
    res.write(part, () => setTimeout(() => res.socket?.destroy(), 750));
  });
  stream.on('end', () => res.end());
}
