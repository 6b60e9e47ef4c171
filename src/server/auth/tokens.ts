import {createHash, createHmac, randomBytes, timingSafeEqual} from 'node:crypto';

/*
 * Access tokens: a base64url JSON payload and its HMAC-SHA256 under the server's secret
 * (the JWS HS256 idea without the header; nothing but this server reads them). Short-lived;
 * every request still checks the user and device in the database, so disabling a user or
 * revoking a device takes effect at once. Refresh tokens are random, stored only as a hash,
 * one per device, revoked with it.
 */

export type AccessClaims = {readonly sub: string; readonly dev: string; readonly exp: number};

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export function signAccessToken(claims: AccessClaims, secret: Buffer): string {
  const payload = b64(JSON.stringify(claims));
  return `v1.${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

/** The claims, or why the token is refused. `nowSeconds` is the server's clock. */
export function verifyAccessToken(token: string, secret: Buffer, nowSeconds: number): AccessClaims | 'invalid' | 'expired' {
  const [v, payload, sig] = token.split('.');
  if (v !== 'v1' || !payload || !sig) return 'invalid';
  const expected = createHmac('sha256', secret).update(payload).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  let claims: AccessClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessClaims;
  } catch {
    return 'invalid';
  }
  if (typeof claims.sub !== 'string' || typeof claims.dev !== 'string' || typeof claims.exp !== 'number') return 'invalid';
  return claims.exp <= nowSeconds ? 'expired' : claims;
}

export const newRefreshToken = (): string => randomBytes(32).toString('base64url');
export const refreshTokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');
