import {randomBytes, scrypt, timingSafeEqual, type ScryptOptions} from 'node:crypto';

/*
 * Passwords are hashed with scrypt from node:crypto (RFC 7914; OWASP's recommended N=2^17,
 * r=8, p=1), stored as `scrypt$N$r$p$salt$hash` so the cost can be raised later.
 */
const N = 2 ** 17, R = 8, P = 1, KEY_BYTES = 32;

const derive = (password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, {...options, maxmem: 256 * 1024 * 1024}, (e, key) => (e ? reject(e) : resolve(key))));

export async function hashPassword(password: string, cost: {N?: number} = {}): Promise<string> {
  const salt = randomBytes(16);
  const n = cost.N ?? N;
  const key = await derive(password, salt, {N: n, r: R, p: P});
  return `scrypt$${n}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), {N: Number(n), r: Number(r), p: Number(p)});
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of nothing, checked when the user does not exist so both answers take as long. */
export const DUMMY_HASH = 'scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
