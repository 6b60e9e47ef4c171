import type {FastifyInstance} from 'fastify';

export type FetchLogEntry = {method: string; url: string; bytes: number};

/**
 * `fetch` over the team server's inject, for the app's store in node tests. `net.down` makes
 * every call fail as a lost signal does; `log` records each call's method, URL and body size;
 * `noEvents` fails the events stream (over inject it never ends), so a device learns of
 * changes by its pulls.
 */
export function injectFetch(app: FastifyInstance, net: {down: boolean}, options: {log?: FetchLogEntry[]; noEvents?: boolean} = {}): typeof fetch {
  return (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    if (net.down || (options.noEvents && String(input).includes('/api/sync/events'))) throw new TypeError('Failed to fetch');
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = init.body as string | Uint8Array | undefined;
    const payload = body instanceof Uint8Array ? Buffer.from(body) : body;
    options.log?.push({method: init.method ?? 'GET', url: String(input), bytes: payload?.length ?? 0});
    const res = await app.inject({method: (init.method ?? 'GET') as 'GET', url: String(input), headers, payload});
    return new Response(new Uint8Array(res.rawPayload), {status: res.statusCode, headers: res.headers as Record<string, string>});
  }) as typeof fetch;
}
