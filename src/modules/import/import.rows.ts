/**
 * One spreadsheet row → the API's PersonCreate input, validated by the API's own schema, so a row the
 * importer accepts is exactly a request POST /api/persons would accept. Problems name the file's column.
 */
import type { ErrorIssue, LocalizedText } from '../../core/errors.ts';
import { type IdNumberFacts, parseIdNumber } from '../../core/id-number.ts';
import { columnLabel, type HeaderMap, type ImportField } from '../../core/import-columns.ts';
import {
  type CellValue,
  type ChildCell,
  cellText,
  idNumberCell,
  type Parsed,
  parseChildren,
  parseHousing,
  parseLooseDate,
  parseMarital,
  parseSex,
} from '../../core/import-values.ts';
import { zodIssuesToErrorIssues } from '../../http/validation.ts';
import { PersonCreate } from '../persons/persons.schema.ts';

export interface RowIssue {
  /** The column as headed in the file ('' when the problem is the whole row). */
  column: string;
  message: LocalizedText;
}

/** A row after cell parsing, before divisions are resolved against the database. */
export interface RowDraft {
  values: Record<string, string | null>;
  sex: 'M' | 'F' | null;
  birthDate: string | null;
  hukouText: string;
  residenceText: string;
  /** null when the file has no 子女 column or the cell is empty: never erases children on update. */
  children: ChildCell[] | null;
  issues: RowIssue[];
}

const TEXT_FIELDS: readonly ImportField[] = ['name', 'residenceAddress', 'spouseName', 'phone', 'employer', 'landlord'];

export function isBlankRow(cells: readonly CellValue[]): boolean {
  return cells.every((c) => cellText(c) === '');
}

export function draftRow(cells: readonly CellValue[], header: HeaderMap): RowDraft {
  const raw = new Map<ImportField, CellValue>();
  for (const [index, field] of header.columns) raw.set(field, cells[index]);
  const issues: RowIssue[] = [];
  const values: Record<string, string | null> = {};
  const take = <T extends string>(field: ImportField, parsed: Parsed<T>): T | null => {
    if (parsed.ok) return parsed.value;
    issues.push({ column: columnLabel(field, header), message: parsed.problem });
    return null;
  };
  for (const field of TEXT_FIELDS) {
    const text = cellText(raw.get(field));
    values[field] = text === '' ? null : text;
  }
  if (values.phone) values.phone = values.phone.replace(/[\s-]/g, '');
  values.idNumber = take('idNumber', idNumberCell(raw.get('idNumber')));
  values.spouseIdNumber = take('spouseIdNumber', idNumberCell(raw.get('spouseIdNumber')));
  values.arrivedOn = take('arrivedOn', parseLooseDate(raw.get('arrivedOn')));
  values.departedOn = take('departedOn', parseLooseDate(raw.get('departedOn')));
  values.maritalStatus = take('maritalStatus', parseMarital(raw.get('maritalStatus')));
  values.housingType = take('housingType', parseHousing(raw.get('housingType')));
  const children = parseChildren(raw.get('children'));
  if (!children.ok) issues.push({ column: columnLabel('children', header), message: children.problem });
  return {
    values,
    sex: take('sex', parseSex(raw.get('sex'))),
    birthDate: take('birthDate', parseLooseDate(raw.get('birthDate'))),
    hukouText: cellText(raw.get('hukouDivision')),
    residenceText: cellText(raw.get('residenceDivision')),
    children: children.ok ? children.value : null,
    issues,
  };
}

/** The schema's field paths are the API's; map them back to the file's columns. */
function columnOfPath(path: string, header: HeaderMap): string {
  const field = path.split('.')[0] as ImportField;
  return header.labels.has(field) ? columnLabel(field, header) : '';
}

function stripLabel(issue: ErrorIssue): LocalizedText {
  // Messages come as "身份证号：校验位不正确"; the report has its own column for the column name.
  const cut = (s: string, sep: string) => (s.includes(sep) ? s.slice(s.indexOf(sep) + sep.length) : s);
  return { zh: cut(issue.message.zh, '：'), en: cut(issue.message.en, ': ') };
}

/** A good row carries its ID number's facts (birth date, sex), so later steps need not parse it again. */
export type CheckedRow = { ok: true; input: PersonCreate; id: IdNumberFacts } | { ok: false; issues: RowIssue[] };

/** Validates a drafted row whose division texts resolved to codes (null when they did not). */
export function finishRow(
  draft: RowDraft,
  header: HeaderMap,
  hukou: string | null,
  residence: string | null,
): CheckedRow {
  const issues = [...draft.issues];
  // Children are checked by the API's schema too (names, sex, a real birth date not in the future).
  const candidate: Record<string, unknown> = { children: draft.children ?? [] };
  for (const [key, value] of Object.entries(draft.values)) if (value !== null) candidate[key] = value;
  candidate.hukouDivision = hukou ?? '000000000000';
  candidate.residenceDivision = residence ?? '000000000000';
  if (!candidate.name)
    issues.push({ column: columnLabel('name', header), message: { zh: '不能为空', en: 'is required' } });
  if (!candidate.idNumber && draft.issues.every((i) => i.column !== columnLabel('idNumber', header)))
    issues.push({ column: columnLabel('idNumber', header), message: { zh: '不能为空', en: 'is required' } });
  if (!candidate.maritalStatus && draft.issues.every((i) => i.column !== columnLabel('maritalStatus', header)))
    issues.push({ column: columnLabel('maritalStatus', header), message: { zh: '不能为空', en: 'is required' } });
  const result = PersonCreate.safeParse(candidate, { reportInput: true });
  if (!result.success) {
    for (const issue of zodIssuesToErrorIssues(result.error.issues)) {
      const column = columnOfPath(issue.path, header);
      // Empty required cells were reported above in plain words; skip the schema's echo of them.
      if (issues.some((i) => i.column === column && i.message.zh === '不能为空')) continue;
      if (column === '' && issue.path.split('.')[0] === 'idNumber') continue;
      issues.push({ column, message: stripLabel(issue) });
    }
  }
  if (issues.length > 0 || !result.success) return { ok: false, issues };
  const id = parseIdNumber(result.data.idNumber);
  if (!id.ok) return { ok: false, issues: [{ column: columnLabel('idNumber', header), message: id.problem }] };
  // Sex and birth date are derived from the ID number; a column that disagrees means a typo somewhere.
  if (draft.sex && draft.sex !== id.value.sex)
    issues.push({
      column: columnLabel('sex', header),
      message: { zh: '与身份证号不符', en: 'does not match the ID number' },
    });
  if (draft.birthDate && draft.birthDate !== id.value.birthDate)
    issues.push({
      column: columnLabel('birthDate', header),
      message: { zh: '与身份证号不符', en: 'does not match the ID number' },
    });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, input: result.data, id: id.value };
}
