/** Passwords: scrypt with a per-password salt, stored as scrypt$N$r$p$salt$hash. */
import crypto from 'node:crypto';

/** `crypto.scrypt` is looked up on each call, not bound at load, so a test can see that a check derives a key. */
function scrypt(password: string, salt: Buffer, length: number, options: crypto.ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    crypto.scrypt(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}
const N = 16384;
const R = 8;
const P = 1;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, 32, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

let dummy: Promise<string> | undefined;

/** A hash no one knows the password of, with the current cost: checking against it costs what a real check does. */
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(24).toString('base64'));
  return dummy;
}

/**
 * Checks a password against a stored hash. A missing user (`stored` undefined) or an account without a usable
 * password (a resident's) still costs one full scrypt, so the answer time does not tell which names exist.
 */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = (stored ?? '').split('$');
  if (alg !== 'scrypt' || !n || !r || !p || !salt || !hash) {
    await verifyPassword(password, await dummyHash());
    return false;
  }
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
