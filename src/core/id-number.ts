/**
 * Resident identity numbers (公民身份号码, GB 11643-1999).
 * 18 characters: 6-digit address code, 8-digit birth date, 3-digit sequence (odd = male), check character.
 */
import { isRealDay } from './calendar-date.ts';
import type { LocalizedText } from './errors.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type Sex = 'M' | 'F';

export interface IdNumberFacts {
  /** Normalised 18-character number (upper-case X). */
  idNumber: string;
  birthDate: string;
  sex: Sex;
  addressCode: string;
  convertedFromLegacy: boolean;
}

export type IdNumberResult = { ok: true; value: IdNumberFacts } | { ok: false; problem: LocalizedText };

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/** Full-width digits/X and surrounding spaces are common in pasted data; normalise them first. */
export function normalizeIdInput(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[ｘＸ]/g, 'X')
    .replace(/\s+/g, '')
    .toUpperCase();
}

export function parseIdNumber(raw: string, today: Date = new Date()): IdNumberResult {
  let id = normalizeIdInput(raw);
  let convertedFromLegacy = false;
  if (/^\d{15}$/.test(id)) {
    // Legacy 15-digit numbers (pre-1999) have a 2-digit year in the 1900s and no check character.
    const first17 = `${id.slice(0, 6)}19${id.slice(6)}`;
    id = first17 + checkCharacter(first17);
    convertedFromLegacy = true;
  }
  if (!/^\d{17}[\dX]$/.test(id)) {
    return { ok: false, problem: { zh: '应为18位数字（最后一位可为X）', en: 'must be 18 digits (the last may be X)' } };
  }
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (!isRealDay(y, m, d) || y < 1900) {
    return { ok: false, problem: { zh: '其中的出生日期无效', en: 'contains an invalid birth date' } };
  }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (birthDate > isoDate(today)) {
    return { ok: false, problem: { zh: '其中的出生日期晚于今天', en: 'contains a birth date in the future' } };
  }
  if (checkCharacter(id.slice(0, 17)) !== id[17]) {
    return {
      ok: false,
      problem: { zh: '校验位不正确，请核对号码', en: 'check digit is wrong; please re-check the number' },
    };
  }
  return {
    ok: true,
    value: {
      idNumber: id,
      birthDate,
      sex: Number(id[16]) % 2 === 1 ? 'M' : 'F',
      addressCode: id.slice(0, 6),
      convertedFromLegacy,
    },
  };
}

/** Shown on screens and certificates: region code and last four kept, the birth date hidden. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 6)}********${id.slice(14)}`;
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Whole years between a birth date and a reference date (both YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}
