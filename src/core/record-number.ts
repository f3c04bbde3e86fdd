/**
 * Numbers printed on paper (certificates HY…, birth registrations SY…) that cannot be walked:
 *
 *   prefix (2) + county (6) + year (2) + random (8) + check (1), e.g. HY33020526K7Q2M9XD4
 *
 * The county and year stay readable; the 8 random characters are 40 bits from crypto.randomBytes in Crockford
 * base32 without I, L, O and U (nothing to misread), so neighbouring numbers are not certificates. The check
 * character is Luhn mod 32 over the 16 characters after the prefix, in the same alphabet: it catches every
 * single mistyped character before any lookup.
 *
 * Numbers issued before December 2026 (prefix + 15 digits, serial, ISO 7064 MOD 11-2 check) stay valid: they are
 * printed on paper and are never renumbered. They are told apart by length (18 characters against 19).
 */
import crypto from 'node:crypto';
import type { LocalizedText } from './errors.ts';

export const NUMBER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RANDOM_LENGTH = 8;

export type RecordPrefix = 'HY' | 'SY';
export type NumberResult = { ok: true; number: string } | { ok: false; problem: LocalizedText };

const SYMBOL = `[${NUMBER_ALPHABET}]`;
const CURRENT = new RegExp(`^(HY|SY)(\\d{8}${SYMBOL}{${RANDOM_LENGTH}})(${SYMBOL})$`);
const LEGACY = /^(HY|SY)(\d{15})([\dX])$/;

/** ISO 7064 MOD 11-2 (as on ID numbers), the check of legacy numbers. */
export function legacyCheckCharacter(digits15: string): string {
  let sum = 0;
  for (let i = 0; i < digits15.length; i++) sum += Number(digits15[i]) * (2 ** (digits15.length - i) % 11);
  return '10X98765432'[sum % 11] as string;
}

/** Luhn mod N with N = 32: from the right, every second value is doubled and its base-32 digits summed. */
export function checkCharacter(body: string): string {
  const n = NUMBER_ALPHABET.length;
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let v = NUMBER_ALPHABET.indexOf(body[i] as string);
    if (v < 0) throw new Error(`not a number character: ${body[i]}`);
    if (double) v = Math.floor((2 * v) / n) + ((2 * v) % n);
    sum += v;
  }
  return NUMBER_ALPHABET[(n - (sum % n)) % n] as string;
}

/** 40 random bits as 8 characters of the alphabet. */
export function randomNumberPart(bytes: Uint8Array = crypto.randomBytes(5)): string {
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) {
    out = NUMBER_ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

export function formatRecordNumber(prefix: RecordPrefix, county6: string, year: number, random: string): string {
  const body = `${county6}${String(year % 100).padStart(2, '0')}${random}`;
  if (!CURRENT.test(`${prefix}${body}0`)) throw new Error(`record number out of range: ${prefix}${body}`);
  return `${prefix}${body}${checkCharacter(body)}`;
}

/** A legacy serial number, as printed before random numbers (kept for tests and for reading old paper). */
export function formatLegacyNumber(prefix: RecordPrefix, county6: string, year: number, serial: number): string {
  const digits = `${county6}${String(year % 100).padStart(2, '0')}${String(serial).padStart(7, '0')}`;
  if (!/^\d{15}$/.test(digits)) throw new Error(`legacy number out of range: ${digits}`);
  return `${prefix}${digits}${legacyCheckCharacter(digits)}`;
}

/**
 * Accepts spaces, hyphens, lower case and full-width characters, as people type them from paper, and reads
 * I/L as 1 and O as 0 (Crockford): those letters are never printed.
 */
export function parseRecordNumber(prefix: RecordPrefix, raw: string): NumberResult {
  const normalized = raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s-]+/g, '')
    .toUpperCase();
  const head = normalized.slice(0, 2);
  const tail = normalized.slice(2).replace(/[IL]/g, '1').replace(/O/g, '0');
  const number = `${head}${tail}`;
  const current = CURRENT.exec(number);
  const legacy = current ? null : LEGACY.exec(number);
  const match = current ?? legacy;
  if (!match || match[1] !== prefix) {
    return {
      ok: false,
      problem: {
        zh: `格式应为${prefix}加17位数字或字母（2026年12月前签发的为${prefix}加16位数字）`,
        en: `must be ${prefix} and 17 letters or digits (numbers issued before December 2026: ${prefix} and 16 digits)`,
      },
    };
  }
  const expected = current ? checkCharacter(match[2] as string) : legacyCheckCharacter(match[2] as string);
  if (expected !== match[3]) {
    return {
      ok: false,
      problem: { zh: '校验码不正确，请核对编号', en: 'check character is wrong; re-check the number' },
    };
  }
  return { ok: true, number };
}

/**
 * Draws numbers until `insert` takes one. `insert` must skip a number already taken (INSERT … ON CONFLICT
 * (number) DO NOTHING) and answer undefined, so a collision retries instead of aborting the transaction.
 */
export async function withFreshNumber<T>(
  format: (random: string) => string,
  insert: (number: string) => Promise<T | undefined>,
  draw: () => string = randomNumberPart,
  tries = 8,
): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const row = await insert(format(draw()));
    if (row !== undefined) return row;
  }
  throw new Error(`no free record number after ${tries} draws`);
}
