/**
 * PostgreSQL text cannot hold NUL, and no form field needs control characters; reject them up front
 * with a field-named 400 instead of letting the database fail the request.
 */
import { AppError, type ErrorIssue, fieldIssue } from '../core/errors.ts';
import { fieldLabel } from '../core/person.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const PROBLEM = { zh: '含有不允许的控制字符', en: 'contains control characters' };

function collect(value: unknown, path: string, out: ErrorIssue[]): void {
  if (out.length >= 20) return;
  if (typeof value === 'string') {
    if (FORBIDDEN.test(value)) out.push(fieldIssue(path, fieldLabel(path), PROBLEM));
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) collect(v, path ? `${path}.${i}` : String(i), out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (FORBIDDEN.test(k)) out.push(fieldIssue(path, fieldLabel(path), PROBLEM));
      else collect(v, path ? `${path}.${k}` : k, out);
    }
  }
}

export function rejectControlCharacters(...parts: unknown[]): void {
  const issues: ErrorIssue[] = [];
  for (const part of parts) collect(part, '', issues);
  if (issues.length > 0) throw AppError.validation(issues);
}
