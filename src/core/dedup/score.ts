/**
 * The duplicate score: a Fellegi–Sunter style sum of log-likelihood weights, one per compared field. Each
 * weight is about log2(m/u): m the chance of the outcome for two records of one person, u for two different
 * people that share a blocking key (same name pinyin or initials and birth date, or the same ID area and birth
 * date). The values were set from those estimates before the labelled set existed (README "Duplicate
 * candidates"), rounded to whole points, and are not fitted to it. Every part is returned with its label.
 */
import type { LocalizedText } from '../errors.ts';
import { compareIds, type IdLevel, toId18 } from './id.ts';
import { compareNames, type PreparedName, prepareName } from './names.ts';
import type { Thresholds } from './thresholds.ts';

export interface MatchChild {
  name: string;
  birthDate: string;
}

/** What the matcher reads of a person; everything but the name and birth date may be unknown. */
export interface MatchRecord {
  idNumber: string | null;
  name: string;
  birthDate: string;
  sex: 'M' | 'F' | null;
  hukouDivision: string | null;
  spouseIdNumber?: string | null;
  spouseName?: string | null;
  children?: readonly MatchChild[];
  phone?: string | null;
}

export interface PreparedRecord {
  id18: string | null;
  name: PreparedName;
  birthDate: string;
  sex: 'M' | 'F' | null;
  hukou: string | null;
  spouseId18: string | null;
  spouseName: PreparedName | null;
  children: { name: PreparedName; birthDate: string }[];
  phone: string | null;
}

/** Normalises once what every comparison of the record needs (pinyin is the costly part). */
export function prepareRecord(r: MatchRecord): PreparedRecord {
  const phone = r.phone?.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '') || null;
  return {
    id18: toId18(r.idNumber),
    name: prepareName(r.name),
    birthDate: r.birthDate,
    sex: r.sex,
    hukou: r.hukouDivision,
    spouseId18: toId18(r.spouseIdNumber),
    spouseName: r.spouseName ? prepareName(r.spouseName) : null,
    children: (r.children ?? []).map((c) => ({ name: prepareName(c.name), birthDate: c.birthDate })),
    phone,
  };
}

export type Field = 'idNumber' | 'name' | 'birthDate' | 'sex' | 'hukou' | 'spouse' | 'children' | 'phone';

export interface ScorePart {
  field: Field;
  level: string;
  weight: number;
  label: LocalizedText;
}

interface LevelWeight {
  weight: number;
  zh: string;
  en: string;
}

const w = (weight: number, zh: string, en: string): LevelWeight => ({ weight, zh, en });

/**
 * The weight table. Reasoning per row (m = share among true duplicates, u = share among look-alike pairs in a block):
 * - ID same after 15→18 conversion: m≈0.1, u≈0 (the ID is unique per person) → capped at 14.
 * - ID within two edits: two typos that still pass the check digit, m≈0.4; u≈0.004 (twins: consecutive sequence
 *   numbers) → 7 (log2 100).
 * - ID differing only in the birth-date part: a wrong date typed into the number, m≈0.1, u≈0.001 → 7.
 * - ID otherwise different: m≈0.05 (a number quite wrong), u≈1 → −4.
 * - Name same: m≈0.6, u≈0.04 in a pinyin block (common names) → 4. Same pinyin, other characters: m≈0.15, u≈0.01
 *   → 4. Form confusion: m≈0.05, u≈0.002 → 4. Swapped: m≈0.03, u≈0.002 → 4. Near pinyin: m≈0.03, u≈0.01 → 2.
 *   One character of three or more different: m≈0.03, u≈0.2 (siblings, twins share a generation character) → −3.
 *   Otherwise: m≈0.02, u≈0.7 → −5.
 * - Birth date and sex count only when the numbers are missing or differ: otherwise they are parts of the number
 *   (a typo in the 17th digit changes the sex) and the ID level already weighs them.
 * - Birth date same: m≈0.85, u≈0.2 (blocks by initials hold the same date) → 2; and u≈1/365 for pairs found
 *   by pinyin and year, but a block cannot know; 2 is the cautious value. Day and month swapped: m≈0.03,
 *   u≈0.003 → 3. Near (one digit or ≤ 7 days): m≈0.07, u≈0.02 → 2. Otherwise: m≈0.05, u≈0.8 → −4.
 * - Sex same: m≈0.99, u≈0.5 → 1. Different: m≈0.02 (a typo in the sequence digit), u≈0.5 → −4.
 * - Household registration: same township m≈0.8, u≈0.3 → 1; same county only m≈0.1, u≈0.2 → 0 (not shown);
 *   elsewhere m≈0.1, u≈0.5 → −2.
 * - Spouse ID same: m≈0.9 of those with one, u≈0 → 6. Spouse name same: m≈0.9, u≈0.05 → 4. Both known and
 *   different: m≈0.05, u≈0.9 → −4.
 * - A child with the same name and birth date: m≈0.9, u≈0.001 → 6. Both have children, none shared → −3.
 * - Phone same: m≈0.6, u≈0.0005 → 6 (capped). Both known and different: m≈0.4, u≈1 → −1.
 * Unknown values weigh 0.
 */
export const WEIGHTS = {
  idNumber: {
    same: w(14, '身份证号相同（15位换算后）', 'same ID number (15 → 18 digits)'),
    near: w(7, '身份证号仅差两位以内', 'ID number within two digits'),
    birthPart: w(7, '身份证号仅出生日期部分不同', 'ID number differs only in the birth date'),
    differ: w(-4, '身份证号不同', 'different ID number'),
  },
  name: {
    same: w(4, '姓名相同', 'same name'),
    pinyin: w(4, '拼音相同', 'same pinyin'),
    form: w(4, '形近字', 'look-alike characters'),
    swapped: w(4, '姓名颠倒', 'surname and given name swapped'),
    nearPinyin: w(2, '拼音相近', 'similar pinyin'),
    oneChar: w(-3, '姓名差一字', 'one character different'),
    differ: w(-5, '姓名不同', 'different name'),
  },
  birthDate: {
    same: w(2, '出生日期相同', 'same birth date'),
    swapped: w(3, '出生日期月日颠倒', 'birth day and month swapped'),
    near: w(2, '出生日期相近', 'birth date close'),
    differ: w(-4, '出生日期不同', 'different birth date'),
  },
  sex: {
    same: w(1, '性别相同', 'same sex'),
    differ: w(-4, '性别不同', 'different sex'),
  },
  hukou: {
    township: w(1, '户籍同一乡镇', 'household registration in the same township'),
    county: w(0, '户籍同一县', 'household registration in the same county'),
    differ: w(-2, '户籍地不同', 'household registration elsewhere'),
  },
  spouse: {
    sameId: w(6, '配偶身份证号相同', "same spouse's ID number"),
    sameName: w(4, '配偶姓名相同', "same spouse's name"),
    differ: w(-4, '配偶不同', 'different spouse'),
  },
  children: {
    same: w(6, '子女姓名和出生日期相同', "a child's name and birth date the same"),
    differ: w(-3, '子女不同', 'different children'),
  },
  phone: {
    same: w(6, '电话相同', 'same phone'),
    differ: w(-1, '电话不同', 'different phone'),
  },
} as const satisfies Record<Field, Record<string, LevelWeight>>;

/** Days between two YYYY-MM-DD dates. */
function daysBetween(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

export const NEAR_BIRTH_DAYS = 7;

export function compareBirthDates(a: string, b: string): keyof typeof WEIGHTS.birthDate {
  if (a === b) return 'same';
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  if (ya === yb && ma === db && da === mb) return 'swapped';
  let digits = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) digits++;
  if (digits <= 1 || daysBetween(a, b) <= NEAR_BIRTH_DAYS) return 'near';
  return 'differ';
}

function namesAgree(a: PreparedName, b: PreparedName): boolean {
  const level = compareNames(a, b);
  return level === 'same' || level === 'pinyin' || level === 'form';
}

function part<F extends Field>(field: F, level: keyof (typeof WEIGHTS)[F] & string): ScorePart {
  const lw = (WEIGHTS[field] as Record<string, LevelWeight>)[level] as LevelWeight;
  return { field, level, weight: lw.weight, label: { zh: lw.zh, en: lw.en } };
}

const ID_HOLDS_BIRTH_AND_SEX = new Set<IdLevel>(['same', 'near', 'birthPart']);

/** The parts that apply to a pair (unknown values and zero weights leave no part). */
export function compareRecords(a: PreparedRecord, b: PreparedRecord): ScorePart[] {
  const parts: ScorePart[] = [];
  const idLevel = compareIds(a.id18, b.id18);
  if (idLevel !== 'missing') parts.push(part('idNumber', idLevel));
  const nameLevel = compareNames(a.name, b.name);
  if (nameLevel !== 'missing') parts.push(part('name', nameLevel));
  // Birth date and sex are read off the number: when the numbers agree in part, the ID level already holds them.
  if (!ID_HOLDS_BIRTH_AND_SEX.has(idLevel)) {
    parts.push(part('birthDate', compareBirthDates(a.birthDate, b.birthDate)));
    if (a.sex && b.sex) parts.push(part('sex', a.sex === b.sex ? 'same' : 'differ'));
  }
  if (a.hukou && b.hukou) {
    if (a.hukou.slice(0, 9) === b.hukou.slice(0, 9)) parts.push(part('hukou', 'township'));
    else if (a.hukou.slice(0, 6) === b.hukou.slice(0, 6)) parts.push(part('hukou', 'county'));
    else parts.push(part('hukou', 'differ'));
  }
  if (a.spouseId18 && b.spouseId18 && a.spouseId18 === b.spouseId18) parts.push(part('spouse', 'sameId'));
  else if (a.spouseName && b.spouseName && namesAgree(a.spouseName, b.spouseName))
    parts.push(part('spouse', 'sameName'));
  else if ((a.spouseId18 && b.spouseId18) || (a.spouseName && b.spouseName)) parts.push(part('spouse', 'differ'));
  if (a.children.length > 0 && b.children.length > 0) {
    const shared = a.children.some((x) =>
      b.children.some((y) => x.birthDate === y.birthDate && namesAgree(x.name, y.name)),
    );
    parts.push(part('children', shared ? 'same' : 'differ'));
  }
  if (a.phone && b.phone) parts.push(part('phone', a.phone === b.phone ? 'same' : 'differ'));
  return parts.filter((p) => p.weight !== 0);
}

export interface MatchScore {
  score: number;
  parts: ScorePart[];
  /** The agreeing parts joined for display: 拼音相同 · 出生日期相同 · 户籍同一乡镇. */
  label: LocalizedText;
}

export function scorePair(a: PreparedRecord, b: PreparedRecord): MatchScore {
  const parts = compareRecords(a, b);
  return { score: parts.reduce((s, p) => s + p.weight, 0), parts, label: describeParts(parts) };
}

export function describeParts(parts: readonly ScorePart[]): LocalizedText {
  const shown = parts.filter((p) => p.weight > 0);
  return { zh: shown.map((p) => p.label.zh).join(' · '), en: shown.map((p) => p.label.en).join(' · ') };
}

export type Verdict = 'likely' | 'candidate' | 'none';

export function verdict(score: number, t: Thresholds): Verdict {
  if (score >= t.likely) return 'likely';
  return score >= t.candidate ? 'candidate' : 'none';
}
