/**
 * PostgreSQL text cannot hold NUL, and no field of any route needs control or invisible characters (C0 and C1
 * controls, DEL, zero-width and bidi characters, BOM; core/text.ts); reject them up front with a field-named
 * 400, on every route and field, including ones whose schema does not use the shared text fields. TAB, CR and LF
 * are left to each field's schema: multi-line text keeps its line breaks.
 */
import { AppError, type ErrorIssue, fieldIssue } from '../core/errors.ts';
import { fieldLabel } from '../core/person.ts';
import { hasForbiddenAnywhere } from '../core/text.ts';

// Leading and trailing BOMs and spaces are trimmed by the text fields, as the importer trims them.
const forbidden = (text: string) => hasForbiddenAnywhere(text.trim());
const PROBLEM = {
  zh: '含有不允许的控制字符或不可见字符（如零宽空格、方向控制符）',
  en: 'contains control or invisible characters (such as a zero-width space or direction mark)',
};

function collect(value: unknown, path: string, out: ErrorIssue[]): void {
  if (out.length >= 20) return;
  if (typeof value === 'string') {
    if (forbidden(value)) out.push(fieldIssue(path, fieldLabel(path), PROBLEM));
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) collect(v, path ? `${path}.${i}` : String(i), out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (forbidden(k)) out.push(fieldIssue(path, fieldLabel(path), PROBLEM));
      else collect(v, path ? `${path}.${k}` : k, out);
    }
  }
}

export function rejectControlCharacters(...parts: unknown[]): void {
  const issues: ErrorIssue[] = [];
  for (const part of parts) collect(part, '', issues);
  if (issues.length > 0) throw AppError.validation(issues);
}
