/**
 * Cell values as office staff type them, turned into the API's shapes. Pure: no I/O.
 * Each parser returns the clean value, null for an empty cell, or a problem in zh/en.
 */
import { dateProblem } from './calendar-date.ts';
import { withoutFormulaGuard } from './csv.ts';
import type { LocalizedText } from './errors.ts';
import type { HousingType, MaritalStatus } from './person.ts';

export type CellValue = string | number | boolean | Date | null | undefined;
export type Parsed<T> = { ok: true; value: T | null } | { ok: false; problem: LocalizedText };

/** Full-width ASCII (０-９, Ａ-Ｚ, ／ …) and the ideographic space, as typed with a Chinese IME. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/**
 * The text of a cell, half-width and trimmed; '' for empty. Numbers keep all their digits. The quote our CSV
 * writer puts before a formula-like cell (`'=…`) is dropped, so an export imports back as it was.
 */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  return withoutFormulaGuard(toHalfWidth(String(value)).trim()).trim();
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A day the API would take (core/calendar-date.ts), written YYYY-MM-DD, or null. */
function realDate(y: number, m: number, d: number): string | null {
  const text = `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
  return dateProblem(text) ? null : text;
}

/** Excel's day count: serial 1 is 1900-01-01 and serial 60 is a leap day that never was, so count from 1899-12-30. */
export function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 61 || serial > 2_958_465) return null;
  const ms = Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

const BAD_DATE: LocalizedText = {
  zh: '日期无法识别，可写作2023-05-06、2023.5.6、2023/05/06或20230506',
  en: 'unrecognised date; write 2023-05-06, 2023.5.6, 2023/05/06 or 20230506',
};

/** Dates as staff write them: 2023.5.6, 2023/05/06, 2023-5-6, 2023年5月6日, 20230506, or an Excel serial. */
export function parseLooseDate(value: CellValue): Parsed<string> {
  if (value instanceof Date) return { ok: true, value: value.toISOString().slice(0, 10) };
  if (typeof value === 'number') {
    const fromDigits = value >= 19000101 && value <= 22001231 ? compactDate(String(value)) : null;
    const date = fromDigits ?? excelSerialToDate(value);
    return date ? { ok: true, value: date } : { ok: false, problem: BAD_DATE };
  }
  const text = cellText(value);
  if (text === '') return { ok: true, value: null };
  const parts = /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (parts) {
    const date = realDate(Number(parts[1]), Number(parts[2]), Number(parts[3]));
    return date ? { ok: true, value: date } : { ok: false, problem: BAD_DATE };
  }
  if (/^\d{8}$/.test(text)) {
    const date = compactDate(text);
    return date ? { ok: true, value: date } : { ok: false, problem: BAD_DATE };
  }
  if (/^\d{2,5}(\.0+)?$/.test(text)) {
    const date = excelSerialToDate(Number(text));
    if (date) return { ok: true, value: date };
  }
  return { ok: false, problem: BAD_DATE };
}

function compactDate(digits: string): string | null {
  return realDate(Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6, 8)));
}

const MARITAL_WORDS: Record<string, MaritalStatus> = {
  未婚: 'unmarried',
  已婚: 'first_marriage',
  有配偶: 'first_marriage',
  初婚: 'first_marriage',
  再婚: 'remarried',
  复婚: 'remarried',
  离婚: 'divorced',
  离异: 'divorced',
  丧偶: 'widowed',
  unmarried: 'unmarried',
  first_marriage: 'first_marriage',
  remarried: 'remarried',
  divorced: 'divorced',
  widowed: 'widowed',
};

export const MARITAL_CHOICES_ZH = ['未婚', '初婚', '再婚', '离婚', '丧偶'] as const;

export function parseMarital(value: CellValue): Parsed<MaritalStatus> {
  const text = cellText(value).replace(/\s+/g, '');
  if (text === '') return { ok: true, value: null };
  const status = MARITAL_WORDS[text] ?? MARITAL_WORDS[text.toLowerCase()];
  if (status) return { ok: true, value: status };
  return {
    ok: false,
    problem: {
      zh: `“${text}”无法识别，可选：未婚、初婚、已婚、再婚、离婚、丧偶`,
      en: `"${text}" is not a marital status`,
    },
  };
}

export function parseSex(value: CellValue): Parsed<'M' | 'F'> {
  const text = cellText(value).replace(/\s+/g, '').toUpperCase();
  if (text === '') return { ok: true, value: null };
  if (text === '男' || text === 'M' || text === '1') return { ok: true, value: 'M' };
  if (text === '女' || text === 'F' || text === '2') return { ok: true, value: 'F' };
  return { ok: false, problem: { zh: `“${text}”无法识别，应为男或女`, en: `"${text}" must be 男 or 女 (M/F)` } };
}

const HOUSING_WORDS: Record<string, HousingType> = {
  租住: 'rented',
  租房: 'rented',
  租赁: 'rented',
  单位宿舍: 'employer_dorm',
  宿舍: 'employer_dorm',
  自有住房: 'own',
  自有: 'own',
  自购房: 'own',
  投亲靠友: 'relative',
  亲友家: 'relative',
  其他: 'other',
  rented: 'rented',
  employer_dorm: 'employer_dorm',
  own: 'own',
  relative: 'relative',
  other: 'other',
};

export const HOUSING_CHOICES_ZH = ['租住', '单位宿舍', '自有住房', '投亲靠友', '其他'] as const;

export function parseHousing(value: CellValue): Parsed<HousingType> {
  const text = cellText(value).replace(/\s+/g, '');
  if (text === '') return { ok: true, value: null };
  const housing = HOUSING_WORDS[text];
  if (housing) return { ok: true, value: housing };
  return {
    ok: false,
    problem: { zh: `“${text}”无法识别，可选：${HOUSING_CHOICES_ZH.join('、')}`, en: `"${text}" is not a housing type` },
  };
}

/** An ID number Excel stored as a number has lost its last digits (doubles keep 15–16): say so plainly. */
export function idNumberCell(value: CellValue): Parsed<string> {
  if (typeof value === 'number' && value > 1e15) {
    return {
      ok: false,
      problem: {
        zh: '被Excel存成了数字，末几位已丢失；请把该列设为文本后重新录入',
        en: 'was stored by Excel as a number and lost its last digits; format the column as text and re-enter it',
      },
    };
  }
  const text = cellText(value);
  return { ok: true, value: text === '' ? null : text };
}

export interface ChildCell {
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
}

const CHILD_SEX: Record<string, 'M' | 'F'> = { 男: 'M', 女: 'F', 子: 'M', 儿子: 'M', 女儿: 'F', M: 'M', F: 'F' };
const CHILD_DATE = /\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?|\d{8}/;
const NO_CHILDREN = new Set(['无', '没有', '0', '-', '—', '/', '无子女']);

/**
 * The 子女 column, as staff type it: children separated by ；/;/、/line breaks, each with a name, 男/女 and a
 * birth date in any order and in any of the date spellings above, e.g. "张三 男 2015-03-02；李四 女 2018.6.1",
 * "张三（男，2015.3.2）" or "张三男20150302". The values are then checked by the API's own schema.
 */
export function parseChildren(value: CellValue): Parsed<ChildCell[]> {
  const text = cellText(value);
  if (text === '') return { ok: true, value: null };
  if (NO_CHILDREN.has(text.replace(/\s+/g, ''))) return { ok: true, value: [] };
  const entries = text
    .split(/[;；、\n\r|]+/)
    .map((e) => e.trim())
    .filter(Boolean);
  const children: ChildCell[] = [];
  for (const [index, entry] of entries.entries()) {
    const where = entries.length > 1 ? `第${index + 1}个子女“${entry}”` : `“${entry}”`;
    const whereEn = entries.length > 1 ? `child ${index + 1} "${entry}"` : `"${entry}"`;
    const dateText = CHILD_DATE.exec(entry)?.[0];
    const date = dateText ? parseLooseDate(dateText) : null;
    if (!date?.ok || !date.value) {
      return { ok: false, problem: { zh: `${where}缺少有效的出生日期`, en: `${whereEn} lacks a valid birth date` } };
    }
    const tokens = entry
      .replace(dateText ?? '', ' ')
      .split(/[\s,，()（）:：/]+/)
      .filter(Boolean);
    let sex: 'M' | 'F' | undefined;
    const nameParts: string[] = [];
    for (const token of tokens) {
      const s = CHILD_SEX[token.toUpperCase()] ?? CHILD_SEX[token];
      if (s && !sex) sex = s;
      else nameParts.push(token);
    }
    let name = nameParts.join('');
    const glued = /^(.+?)(男|女)$/.exec(name);
    if (!sex && glued) {
      name = glued[1] as string;
      sex = CHILD_SEX[glued[2] as string];
    }
    if (!sex)
      return { ok: false, problem: { zh: `${where}缺少性别（男或女）`, en: `${whereEn} lacks the sex (男 or 女)` } };
    if (!name) return { ok: false, problem: { zh: `${where}缺少姓名`, en: `${whereEn} lacks the name` } };
    children.push({ name, sex, birthDate: date.value });
  }
  return { ok: true, value: children };
}

/** The 子女 column as the importer reads it back: "张三 男 2015-03-02；李四 女 2018-06-01". */
export function formatChildren(children: readonly ChildCell[]): string {
  return children.map((c) => `${c.name} ${c.sex === 'M' ? '男' : '女'} ${c.birthDate}`).join('；');
}
