/** Passwords: scrypt with a per-password salt, stored as scrypt$N$r$p$salt$hash. */
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (
  pw: string,
  salt: Buffer,
  len: number,
  opts: crypto.ScryptOptions,
) => Promise<Buffer>;
const N = 16384;
const R = 8;
const P = 1;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, 32, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return crypto.timingSafeEqual(expected, actual);
}

const COMMON = ['password', '12345678', 'qwerty', 'liudong', 'admin'];

/** Password policy (等保: complexity): 10+ characters, letters and digits, not the username or a common word. */
export function passwordProblems(password: string, username?: string): { zh: string; en: string } | null {
  if (password.length < 10 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    return { zh: '至少10位，且须同时包含字母和数字', en: 'at least 10 characters with letters and digits' };
  }
  const lower = password.toLowerCase();
  if ((username && lower.includes(username.toLowerCase())) || COMMON.some((w) => lower.includes(w))) {
    return { zh: '不能包含用户名或常见词（如password、admin）', en: 'must not contain the username or a common word' };
  }
  return null;
}
