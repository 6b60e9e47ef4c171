import type {FastifyInstance} from 'fastify';
import {loginRequestSchema, refreshRequestSchema, type LoginResponse, type RefreshResponse, type SessionUser} from '../../sync/protocol';
import {DUMMY_HASH, verifyPassword} from '../auth/passwords';
import {newRefreshToken, refreshTokenHash, signAccessToken} from '../auth/tokens';
import type {UserRecord} from '../store/store';
import {parseOr400, type ServerContext} from './context';

export type LoginRateLimit = {readonly max: number; readonly timeWindow: number};

const sessionUser = (u: UserRecord): SessionUser => ({name: u.name, role: u.role, team: u.team});

/** POST /api/auth/login and /api/auth/refresh. Login is rate-limited per client address. */
export function authRoutes(app: FastifyInstance, ctx: ServerContext, rateLimit: LoginRateLimit): void {
  const access = (userId: string, deviceId: string) =>
    signAccessToken({sub: userId, dev: deviceId, exp: Math.floor(ctx.now() / 1000) + ctx.accessTtlSeconds}, ctx.secret);

  app.post('/api/auth/login', {config: {rateLimit}}, async (req, reply) => {
    const body = parseOr400(loginRequestSchema, req.body, reply);
    if (!body) return reply;
    const user = await ctx.store.userByName(body.username);
    // Hash even for an unknown name, so the answer takes as long either way.
    const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) return reply.code(401).send({error: 'invalid-credentials'});
    const refreshToken = newRefreshToken();
    const device = await ctx.store.addDevice({userId: user.id, name: body.deviceName, refreshHash: refreshTokenHash(refreshToken)});
    const response: LoginResponse = {accessToken: access(user.id, device.id), refreshToken, deviceId: device.id, expiresIn: ctx.accessTtlSeconds, user: sessionUser(user)};
    return reply.send(response);
  });

  app.post('/api/auth/refresh', async (req, reply) => {
    const body = parseOr400(refreshRequestSchema, req.body, reply);
    if (!body) return reply;
    const device = await ctx.store.deviceByRefreshHash(refreshTokenHash(body.refreshToken));
    if (!device) return reply.code(401).send({error: 'invalid-refresh-token'});
    if (device.revoked) return reply.code(403).send({error: 'device-revoked'});
    const user = await ctx.store.userById(device.userId);
    if (!user || user.disabled) return reply.code(401).send({error: 'unauthorized'});
    const response: RefreshResponse = {accessToken: access(user.id, device.id), expiresIn: ctx.accessTtlSeconds, user: sessionUser(user)};
    return reply.send(response);
  });
}
