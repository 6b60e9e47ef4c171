import type {FastifyInstance, FastifyRequest} from 'fastify';

/*
 * CORS for a team server at another address than the app's (issue 14 item 1): only for the
 * origins the operator named (`--allow-origin URL`, TEAM_SERVER_ALLOW_ORIGINS), only on /api/.
 * The app sends its token in the Authorization header (never a cookie), so no credentials
 * mode is needed; a preflight is answered before anything else (even the no-admin 503).
 */

/** Each entry as an origin (scheme://host[:port]); throws on one that is not a URL. */
export function normaliseOrigins(list: readonly string[]): string[] {
  return [...new Set(list.map((s) => s.trim()).filter(Boolean).map((s) => {
    const url = new URL(s);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`not an http(s) origin: ${s}`);
    return url.origin;
  }))];
}

/** Origins from `--allow-origin` (repeatable) and TEAM_SERVER_ALLOW_ORIGINS (comma- or space-separated). */
export function originsFrom(argv: readonly string[], env: string | undefined, flag = 'allow-origin'): string[] {
  const given: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${flag}`) given.push(argv[++i] ?? '');
    else if (a.startsWith(`--${flag}=`)) given.push(a.slice(flag.length + 3));
  }
  return normaliseOrigins([...given, ...(env ?? '').split(/[\s,]+/)]);
}

const ALLOW_METHODS = 'GET, POST, PUT, DELETE';
const ALLOW_HEADERS = 'authorization, content-type, content-range, range, if-range';
/** What a cross-origin page may read beyond the safelisted headers (pack downloads resume by these). */
const EXPOSE_HEADERS = 'content-range, content-length, accept-ranges, etag';

/** The CORS headers for a request from `origin`, or none when it is not allowed. */
export function corsHeadersFor(allowed: ReadonlySet<string>, origin: string | undefined): Record<string, string> {
  if (!origin || !allowed.has(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': EXPOSE_HEADERS,
    // The named origin may read the answer; others still may not embed it.
    'cross-origin-resource-policy': 'cross-origin',
    vary: 'Origin',
  };
}

export function corsHook(app: FastifyInstance, allowed: ReadonlySet<string>): void {
  app.addHook('onRequest', async (req: FastifyRequest, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const origin = req.headers.origin;
    const headers = corsHeadersFor(allowed, origin);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      if (!headers['access-control-allow-origin']) return reply.code(403).header('vary', 'Origin').send({error: 'origin-not-allowed'});
      return reply.code(204).headers({...headers, 'access-control-allow-methods': ALLOW_METHODS, 'access-control-allow-headers': ALLOW_HEADERS,
        'access-control-max-age': '600'}).send();
    }
    if (headers['access-control-allow-origin']) reply.headers(headers);
    else if (origin && req.method === 'GET' && req.url.split('?')[0] === '/api/health' && !sameHost(origin, req.headers.host)) {
      // Any page may learn that this server answers but does not allow its origin: fetch cannot
      // tell a CORS refusal from no signal, and the app should say which it is (and the fix).
      return reply.code(200).headers({'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin', vary: 'Origin'})
        .send({ok: true, originAllowed: false});
    }
  });
}

/** Whether `origin` names the host the request was sent to (a same-origin page behind a proxy may send Origin). */
function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
