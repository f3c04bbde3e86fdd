/**
 * Which field each column of a file is read as, and why (issue 20): recognised by its header words or by its
 * first data rows, taken from the mapping remembered for this header set, or chosen by the user. The console's
 * previews and the import it starts all resolve the columns here, so what was previewed is what is imported.
 */
import type { AppContext } from '../../context.ts';
import { AppError, type ErrorIssue } from '../../core/errors.ts';
import { FIELD_LABELS } from '../../core/field-labels.ts';
import {
  applyMapping,
  COLUMN_NAMES,
  IMPORT_FIELDS,
  type ImportField,
  normalizeHeader,
} from '../../core/import-columns.ts';
import type { SessionUser } from '../../http/session.ts';
import type { CheckedFile } from './import.file.ts';
import { type ColumnMapping, findRemembered } from './import.mappings.ts';
import { type FoundHeader, findHeader } from './import.service.ts';

/** header: the header's words; content: the first data rows; remembered: 上次的对应关系; user: chosen now. */
export type MappingSource = 'header' | 'content' | 'remembered' | 'user' | 'none';

export interface ResolvedColumns {
  /** The header with the final mapping applied (startImport takes it as is). */
  found: FoundHeader;
  /** Each column's name in a mapping: its header text, or 第N列 when the header cell is blank. */
  keys: string[];
  sources: MappingSource[];
  /** Every column → its field or null (ignored): what an import remembers. */
  mapping: ColumnMapping;
  remembered: boolean;
}

export function fieldLabel(field: ImportField): { zh: string; en: string } {
  return FIELD_LABELS[field] ?? { zh: COLUMN_NAMES[field][0] ?? field, en: field };
}

/** Headers match as applyMapping matches them: exactly, or once marks and notes are dropped (姓名* = 姓名). */
const sameHeader = (a: string, b: string) => a === b || (normalizeHeader(a) || a) === (normalizeHeader(b) || b);

const invalid = (issues: ErrorIssue[]) =>
  new AppError('VALIDATION', 400, { zh: '列对应关系有误', en: 'The column mapping is invalid' }, issues);

/**
 * A mapping as the API receives it: header → field name or "ignore". Refused with a message naming the header
 * and field: an unknown field, a header the file lacks, or two columns given the same field.
 */
export function checkMapping(raw: Readonly<Record<string, string>>, keys: readonly string[]): ColumnMapping {
  const issues: ErrorIssue[] = [];
  const mapping: ColumnMapping = new Map();
  const fields = new Set<string>(IMPORT_FIELDS);
  const owners = new Map<ImportField, string[]>();
  for (const [header, name] of Object.entries(raw)) {
    if (!keys.some((k) => sameHeader(k, header))) {
      issues.push({
        path: 'mapping',
        message: {
          zh: `列对应关系：表头中没有“${header}”这一列`,
          en: `Column mapping: the header has no column "${header}"`,
        },
      });
      continue;
    }
    if (name === 'ignore') {
      mapping.set(header, null);
      continue;
    }
    if (!fields.has(name)) {
      issues.push({
        path: 'mapping',
        message: {
          zh: `列对应关系：“${header}”对应的字段“${name}”不存在`,
          en: `Column mapping: "${header}" is mapped to an unknown field "${name}"`,
        },
      });
      continue;
    }
    const field = name as ImportField;
    mapping.set(header, field);
    owners.set(field, [...(owners.get(field) ?? []), header]);
  }
  for (const [field, headers] of owners) {
    if (headers.length < 2) continue;
    const label = fieldLabel(field);
    issues.push({
      path: 'mapping',
      message: {
        zh: `列对应关系：“${label.zh}”只能对应一列，现在对应了${headers.map((h) => `“${h}”`).join('、')}`,
        en: `Column mapping: "${label.en}" can take one column only, not ${headers.join(', ')}`,
      },
    });
  }
  if (issues.length > 0) throw invalid(issues);
  return mapping;
}

/** Finds the header, then applies the remembered mapping (if any) and the user's (if any) on top. */
export async function resolveColumns(
  ctx: AppContext,
  user: SessionUser,
  file: CheckedFile,
  raw?: Readonly<Record<string, string>>,
): Promise<ResolvedColumns> {
  const found = await findHeader(file);
  const { header } = found;
  const width = Math.max(found.cells.length, ...[...header.columns.keys()].map((i) => i + 1));
  const keys = Array.from({ length: width }, (_, i) => found.cells[i]?.trim() || `第${i + 1}列`);
  const auto = new Map(header.columns);
  const remembered = await findRemembered(ctx.db, user.divisionCode, keys);
  if (remembered) applyMapping(header, keys, remembered);
  if (raw) applyMapping(header, keys, checkMapping(raw, keys));
  const memory = (key: string) => [...(remembered ?? [])].find(([k]) => sameHeader(k, key));
  const sources = keys.map((key, i): MappingSource => {
    const entry = memory(key);
    const fromMemory = entry !== undefined;
    const base = entry ? entry[1] : auto.get(i);
    if ((header.columns.get(i) ?? null) !== (base ?? null)) return 'user';
    if (fromMemory) return 'remembered';
    if (!auto.has(i)) return 'none';
    return found.byContent.has(i) ? 'content' : 'header';
  });
  const mapping: ColumnMapping = new Map(keys.map((key, i) => [key, header.columns.get(i) ?? null]));
  return { found, keys, sources, mapping, remembered: remembered !== null };
}
