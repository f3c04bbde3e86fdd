/**
 * One spreadsheet row → the API's PersonCreate input, validated by the API's own schema, so a row the
 * importer accepts is exactly a request POST /api/persons would accept. Problems name the file's column.
 */
import type { ErrorIssue, LocalizedText } from '../../core/errors.ts';
import { type IdNumberFacts, parseIdNumber } from '../../core/id-number.ts';
import { idCell, personName, phoneCell, sheetDate } from '../../core/import-cells.ts';
import { columnLabel, type HeaderMap, type ImportField } from '../../core/import-columns.ts';
import {
  type CellValue,
  type ChildCell,
  cellText,
  type Parsed,
  parseChildren,
  parseHousing,
  parseMarital,
  parseSex,
} from '../../core/import-values.ts';
import { zodIssuesToErrorIssues } from '../../http/validation.ts';
import { PersonCreate } from '../persons/index.ts';

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
  if (values.name) values.name = personName(values.name);
  if (values.spouseName) values.spouseName = personName(values.spouseName);
  values.phone = take('phone', phoneCell(raw.get('phone')));
  // 证件类型 护照 (or 港澳通行证 …): the number beside it is not a resident ID number; say so, not "校验位不正确".
  const idType = header.idType ? cellText(cells[header.idType.index]) : '';
  if (idType !== '' && !/身份证|二代证/.test(idType)) {
    issues.push({
      column: columnLabel('idNumber', header),
      message: {
        zh: `${header.idType?.label}为“${idType}”：本系统按居民身份证号登记，请填写居民身份证号`,
        en: `the document is "${idType}": persons are registered by their resident ID number; enter that number`,
      },
    });
    values.idNumber = null;
  } else values.idNumber = take('idNumber', idCell(raw.get('idNumber')));
  values.spouseIdNumber = take('spouseIdNumber', idCell(raw.get('spouseIdNumber')));
  values.arrivedOn = take('arrivedOn', sheetDate(raw.get('arrivedOn')));
  values.departedOn = take('departedOn', sheetDate(raw.get('departedOn')));
  values.maritalStatus = take('maritalStatus', parseMarital(raw.get('maritalStatus')));
  values.housingType = take('housingType', parseHousing(raw.get('housingType')));
  const children = parseChildren(raw.get('children'));
  if (!children.ok) issues.push({ column: columnLabel('children', header), message: children.problem });
  return {
    values,
    sex: take('sex', parseSex(raw.get('sex'))),
    birthDate: take('birthDate', sheetDate(raw.get('birthDate'))),
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
export type CheckedRow =
  | { ok: true; input: PersonCreate; id: IdNumberFacts; warnings: RowIssue[] }
  | { ok: false; issues: RowIssue[] };

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
      // A cell refused while parsing (an ID number Excel rounded) was left empty: no second "必填" for it.
      if (column !== '' && draft.issues.some((i) => i.column === column)) continue;
      issues.push({ column, message: stripLabel(issue) });
    }
  }
  if (issues.length > 0 || !result.success) return { ok: false, issues };
  const id = parseIdNumber(result.data.idNumber);
  if (!id.ok) return { ok: false, issues: [{ column: columnLabel('idNumber', header), message: id.problem }] };
  // Sex and birth date come from the ID number; a column that disagrees is a typo to look at, not a refusal.
  const warnings: RowIssue[] = [];
  const sexWord = (s: 'M' | 'F') => (s === 'M' ? '男' : '女');
  if (draft.sex && draft.sex !== id.value.sex)
    warnings.push({
      column: columnLabel('sex', header),
      message: {
        zh: `填写为“${sexWord(draft.sex)}”，身份证号为“${sexWord(id.value.sex)}”，已按身份证号导入，请核实`,
        en: `says ${draft.sex}, the ID number says ${id.value.sex}; imported as the ID number says, please check`,
      },
    });
  if (draft.birthDate && draft.birthDate !== id.value.birthDate)
    warnings.push({
      column: columnLabel('birthDate', header),
      message: {
        zh: `填写为${draft.birthDate}，身份证号为${id.value.birthDate}，已按身份证号导入，请核实`,
        en: `says ${draft.birthDate}, the ID number says ${id.value.birthDate}; imported as the ID number says, please check`,
      },
    });
  return { ok: true, input: result.data, id: id.value, warnings };
}
