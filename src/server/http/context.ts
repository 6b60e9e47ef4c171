import type {FastifyReply, FastifyRequest} from 'fastify';
import type {z} from 'zod';
import {badRequest} from '../../sync/protocol';
import {verifyAccessToken} from '../auth/tokens';
import type {ChangeFeed} from '../core/change-feed';
import type {Actor} from '../core/push-op';
import type {Role} from '../../sync/protocol';
import type {DeviceRecord, Store, UserRecord} from '../store/store';

/** What every route needs: the store, the clock, the signing secret and the limits. */
export type ServerContext = {
  readonly store: Store;
  readonly secret: Buffer;
  /** Milliseconds since the epoch; tests move it to expire tokens. */
  readonly now: () => number;
  readonly accessTtlSeconds: number;
  readonly maxPhotoBytes: number;
  /** Called after each op's transaction commits, before the reply (the crash test kills the process here). */
  readonly afterCommit: (opId: string) => void;
  readonly zonesPath: string | null;
  /** Told the new cursor after every push that committed something (GET /api/sync/events). */
  readonly feed: ChangeFeed;
  /** The security headers every response carries (connect-src widened by --connect-src). */
  readonly securityHeaders: Readonly<Record<string, string>>;
  /** CORS headers for a request's Origin (none unless it was allowed with --allow-origin). */
  readonly corsHeaders: (origin: string | undefined) => Record<string, string>;
};

export type Session = {readonly actor: Actor; readonly user: UserRecord; readonly device: DeviceRecord};

/** Parses with a zod schema, or answers 400 with each field and reason and returns null. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, reply: FastifyReply): z.infer<S> | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  void reply.code(400).send(badRequest(parsed.error));
  return null;
}

/**
 * The session behind a bearer token, or null after answering 401 (no, bad or expired token,
 * disabled user) or 403 (revoked device, unless `allowRevoked`: a push from one is kept aside).
 */
export async function authenticate(ctx: ServerContext, req: FastifyRequest, reply: FastifyReply, allowRevoked = false): Promise<Session | null> {
  const header = req.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  const claims = token ? verifyAccessToken(token, ctx.secret, Math.floor(ctx.now() / 1000)) : 'invalid';
  if (claims === 'invalid' || claims === 'expired') {
    void reply.code(401).send({error: claims === 'expired' ? 'token-expired' : 'unauthorized'});
    return null;
  }
  const [user, device] = await Promise.all([ctx.store.userById(claims.sub), ctx.store.deviceById(claims.dev)]);
  if (!user || user.disabled || !device || device.userId !== user.id) {
    void reply.code(401).send({error: 'unauthorized'});
    return null;
  }
  if (device.revoked && !allowRevoked) {
    void reply.code(403).send({error: 'device-revoked'});
    return null;
  }
  return {user, device, actor: {userId: user.id, name: user.name, role: user.role, team: user.team, deviceId: device.id}};
}

/**
 * The session if its user has one of `roles`, else null after answering 401/403 (as
 * authenticate) or 403 `forbidden`. The one role guard of every route that needs one.
 */
export async function authenticateRole(ctx: ServerContext, req: FastifyRequest, reply: FastifyReply, roles: readonly Role[]): Promise<Session | null> {
  const session = await authenticate(ctx, req, reply);
  if (!session) return null;
  if (!roles.includes(session.actor.role)) {
    void reply.code(403).send({error: 'forbidden'});
    return null;
  }
  return session;
}

/** An admin's session, else null after answering 401/403. */
export const authenticateAdmin = (ctx: ServerContext, req: FastifyRequest, reply: FastifyReply): Promise<Session | null> =>
  authenticateRole(ctx, req, reply, ['admin']);
