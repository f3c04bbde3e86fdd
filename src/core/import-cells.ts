/**
 * Cross-checks on cells as Excel leaves them (issue 20): numbers Excel rounded, two-digit-year dates,
 * names typed with spaces between the characters. Cheap string tests only: they run on every row.
 */
import type { LocalizedText } from './errors.ts';
import { checkCharacter } from './id-number.ts';
import { type CellValue, cellText, idNumberCell, type Parsed, parseLooseDate } from './import-values.ts';

export const ID_AS_EXCEL_NUMBER: LocalizedText = {
  zh: '身份证号被 Excel 存成了数字，末尾几位已丢失，请把该列设为文本后重新填写',
  en: 'Excel stored the ID number as a number and its last digits are lost; format the column as text and enter it again',
};

export const PHONE_AS_EXCEL_NUMBER: LocalizedText = {
  zh: '电话号码被 Excel 存成了科学计数法，末尾几位已丢失，请把该列设为文本后重新填写',
  en: 'Excel stored the phone number in scientific notation and its last digits are lost; format the column as text and enter it again',
};

const SCIENTIFIC = /^\d(\.\d+)?e\+?\d+$/i;

/**
 * An ID number, refused when Excel rounded it: a numeric cell of 16+ digits, text like 3.41221199001011E+17,
 * or 18 digits ending in 000 whose check character is wrong (doubles keep only 15–16 digits).
 */
export function idCell(value: CellValue): Parsed<string> {
  if (typeof value === 'number' && Math.abs(value) >= 1e15) return { ok: false, problem: ID_AS_EXCEL_NUMBER };
  const text = cellText(value);
  if (SCIENTIFIC.test(text)) return { ok: false, problem: ID_AS_EXCEL_NUMBER };
  if (/^\d{15}000$/.test(text) && checkCharacter(text.slice(0, 17)) !== '0')
    return { ok: false, problem: ID_AS_EXCEL_NUMBER };
  return idNumberCell(value);
}

/** A phone number; refused in scientific notation (1.38E+10), where Excel dropped its last digits. */
export function phoneCell(value: CellValue): Parsed<string> {
  const text = cellText(value);
  if (SCIENTIFIC.test(text)) return { ok: false, problem: PHONE_AS_EXCEL_NUMBER };
  const phone = text.replace(/[\s-]/g, '');
  return { ok: true, value: phone === '' ? null : phone };
}

/** Any date parseLooseDate reads, and a two-digit year (23-5-6, 23.5.6): up to this year in 20xx, else 19xx. */
export function sheetDate(value: CellValue, today: Date = new Date()): Parsed<string> {
  const short =
    typeof value === 'string' ? /^\s*(\d{2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\s*$/.exec(value) : null;
  if (!short) return parseLooseDate(value);
  const yy = Number(short[1]);
  const year = yy <= today.getUTCFullYear() % 100 ? 2000 + yy : 1900 + yy;
  return parseLooseDate(`${year}-${short[2]}-${short[3]}`);
}

/** 张　三, 张 三 → 张三: spaces typed to align a two-character name. Latin names keep theirs. */
export function personName(text: string): string {
  return text.replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, '');
}
