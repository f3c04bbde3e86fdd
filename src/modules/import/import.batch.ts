/**
 * One batch of source rows → people to insert, updates to apply and bad rows to report. Pure except
 * for the two lookups (divisions, existing ID numbers), so the write step stays one short transaction.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { parseIdNumber } from '../../core/id-number.ts';
import { columnLabel, type HeaderMap } from '../../core/import-columns.ts';
import { cellText, idNumberCell } from '../../core/import-values.ts';
import { inJurisdiction, OUTSIDE_JURISDICTION } from '../../core/person.ts';
import { subtree } from '../../db/scoped.ts';
import type { NewPerson, PersonCreate, PersonPatch, PersonRow } from '../persons/index.ts';
import { decryptPhone } from '../persons/index.ts';
import type { DivisionResolver } from './import.divisions.ts';
import type { FirstRows } from './import.keys.ts';
import { newPerson } from './import.people.ts';
import type { SourceRow } from './import.readers.ts';
import { type ErrorRow, findByIdHashes, findNameBirthMatchesMany } from './import.repository.ts';
import { type CheckedRow, draftRow, finishRow, type RowIssue } from './import.rows.ts';

export interface PreparedBatch {
  lastRow: number;
  people: NewPerson[];
  updates: { rowNumber: number; cells: SourceRow['cells']; personId: string; patch: PersonPatch }[];
  errors: ErrorRow[];
  /** Rows imported (or unchanged) worth a look (another person's name and birth date, a 性别 or 出生日期 the ID
   * number contradicts): reported, never blocking. */
  warnings: ErrorRow[];
  unchanged: number;
  duplicates: number;
}

/**
 * Exact numeric key of an ID number (address code, birth day, sequence; the check character follows
 * from them), so the in-file duplicate map holds numbers, not strings: ~40 bytes a row at 1M rows.
 */
export function idKey(cell: SourceRow['cells'][number]): number | null {
  const text = idNumberCell(cell);
  if (!text.ok || !text.value) return null;
  const id = parseIdNumber(text.value);
  if (!id.ok) return null;
  const [y, m, d] = id.value.birthDate.split('-').map(Number) as [number, number, number];
  const day = Date.UTC(y, m - 1, d) / 86_400_000 + 25_567; // days since 1900-01-01
  return (Number(id.value.addressCode) * 60_000 + day) * 1000 + Number(id.value.idNumber.slice(14, 17));
}

/** A 48-bit key of a name and birth date: a number, like idKey, so the in-file map stays small. */
export function nameBirthKey(name: string, birthDate: string): number {
  return crypto.createHash('sha1').update(`${name}\u0000${birthDate}`).digest().readUIntBE(0, 6);
}

/** Rows an earlier run committed are skipped on resume; their ID number and name still count for duplicates. */
export function rememberCommittedRow(b: BatchContext, row: SourceRow): void {
  const key = idKey(row.cells[b.idColumn]);
  if (key !== null && !b.seen.has(key)) b.seen.set(key, row.number);
  const nameColumn = [...b.header.columns].find(([, f]) => f === 'name')?.[0];
  const name = nameColumn === undefined ? '' : cellText(row.cells[nameColumn]);
  const id = idNumberCell(row.cells[b.idColumn]);
  const parsed = id.ok && id.value ? parseIdNumber(id.value) : null;
  if (name && parsed?.ok) {
    const nameKey = nameBirthKey(name, parsed.value.birthDate);
    if (!b.names.has(nameKey)) b.names.set(nameKey, row.number);
  }
}

export interface BatchContext {
  ctx: AppContext;
  jurisdiction: string;
  header: HeaderMap;
  idColumn: number;
  update: boolean;
  resolver: DivisionResolver;
  /** First row of each ID number seen in this file. */
  seen: FirstRows;
  /** First row of each name + birth date seen in this file (keys from nameBirthKey). */
  names: FirstRows;
  actorId: string;
}

const text = (zh: string, en: string) => ({ zh, en });

function toErrorRow(b: BatchContext, row: SourceRow, issues: RowIssue[]): ErrorRow {
  return {
    rowNumber: row.number,
    issues: issues.map((i) => ({ column: i.column, zh: i.message.zh, en: i.message.en })),
    cellsEnc: b.ctx.pii.encrypt(JSON.stringify(row.cells)),
  };
}

/** Fields the file filled in that differ from the registry; an empty cell never erases data. */
function differences(b: BatchContext, existing: PersonRow, input: PersonCreate): Partial<PersonCreate> {
  const pairs: [keyof PersonCreate, unknown, unknown][] = [
    ['name', input.name, existing.name],
    ['hukouDivision', input.hukouDivision, existing.hukou_division],
    ['residenceDivision', input.residenceDivision, existing.residence_division],
    ['residenceAddress', input.residenceAddress, existing.residence_address],
    ['arrivedOn', input.arrivedOn, existing.arrived_on],
    ['departedOn', input.departedOn, existing.departed_on],
    ['maritalStatus', input.maritalStatus, existing.marital_status],
    ['spouseName', input.spouseName, existing.spouse_name],
    ['phone', input.phone, decryptPhone(b.ctx.pii, existing.phone)],
    ['employer', input.employer, existing.employer],
    ['landlord', input.landlord, existing.landlord],
    ['housingType', input.housingType, existing.housing_type],
  ];
  const out: Record<string, unknown> = {};
  for (const [key, next, current] of pairs)
    if (next !== null && next !== undefined && next !== current) out[key] = next;
  // An empty 子女 cell leaves the registered children alone; a filled one replaces them.
  if (input.children && input.children.length > 0) {
    const key = (list: readonly { name: string; sex: string; birthDate: string }[]) =>
      JSON.stringify(list.map((c) => [c.name, c.sex, c.birthDate]));
    if (key(input.children) !== key(existing.children ?? [])) out.children = input.children;
  }
  if (input.spouseIdNumber) {
    const current = existing.spouse_id_enc ? b.ctx.pii.decrypt(existing.spouse_id_enc) : null;
    if (current !== input.spouseIdNumber) out.spouseIdNumber = input.spouseIdNumber;
  }
  return out as Partial<PersonCreate>;
}

type GoodRow = { row: SourceRow; checked: Extract<CheckedRow, { ok: true }> };

/**
 * A batch after its database lookups: rows checked, the registry's matches found. The importer looks up
 * batch n+1 while it builds and writes batch n, so the lookups' round trips overlap CPU work.
 */
export interface LookedUpBatch {
  out: PreparedBatch;
  good: GoodRow[];
  /** Blind index of each good row's ID number, by row number. */
  hashes: Map<number, string>;
  byHash: Map<string, PersonRow>;
  /** Rows with the name and birth date of an earlier row of the file: that row's number. */
  inFileNames: Map<number, number>;
  /** The other rows' (name, birth date) matches among registered people of the jurisdiction. */
  registered: Awaited<ReturnType<typeof findNameBirthMatchesMany>>;
}

/**
 * Parses and validates the rows, then asks the registry about them. Updates the in-file duplicate maps in
 * row order before its first query returns, so batches must be looked up one after another.
 */
export async function lookUpBatch(b: BatchContext, rows: SourceRow[]): Promise<LookedUpBatch> {
  const out: PreparedBatch = {
    lastRow: 0,
    people: [],
    updates: [],
    errors: [],
    warnings: [],
    unchanged: 0,
    duplicates: 0,
  };
  const drafts = rows.map((row) => ({ row, draft: draftRow(row.cells, b.header) }));
  await Promise.all([
    b.resolver.resolve(
      drafts.map(({ draft }) => draft.hukouText),
      'hukou',
    ),
    b.resolver.resolve(
      drafts.map(({ draft }) => draft.residenceText),
      'residence',
    ),
  ]);
  const good: GoodRow[] = [];
  for (const { row, draft } of drafts) {
    out.lastRow = row.number;
    const places = (['hukouDivision', 'residenceDivision'] as const).map((field) => {
      const hukou = field === 'hukouDivision';
      const cell = hukou ? draft.hukouText : draft.residenceText;
      const column = columnLabel(field, b.header);
      if (cell === '') {
        draft.issues.push({ column, message: text('不能为空', 'is required') });
        return null;
      }
      const found = b.resolver.get(cell, hukou ? 'hukou' : 'residence');
      if (found && 'code' in found) return found;
      draft.issues.push({ column, message: found?.problem ?? text('无法识别', 'not recognised') });
      return null;
    });
    const [hukou, residence] = places.map((p) => p?.code ?? null) as [string | null, string | null];
    // What the residence cell says after the division is the address (梅堰社区某某路12号 → 某某路12号).
    if (residence) draft.values.residenceAddress = withAddress(places[1]?.rest ?? '', draft.values.residenceAddress);
    if (hukou && residence && !inJurisdiction(hukou, residence, b.jurisdiction))
      draft.issues.push({ column: columnLabel('residenceDivision', b.header), message: OUTSIDE_JURISDICTION });
    const key = idKey(row.cells[b.idColumn]);
    const first = key === null ? undefined : b.seen.get(key);
    if (key !== null && first === undefined) b.seen.set(key, row.number);
    const checked = finishRow(draft, b.header, hukou, residence);
    if (first !== undefined) {
      out.duplicates++;
      const dup = {
        column: columnLabel('idNumber', b.header),
        message: text(`与第${first}行的身份证号重复`, `same ID number as row ${first}`),
      };
      out.errors.push(toErrorRow(b, row, [dup, ...(checked.ok ? [] : checked.issues)]));
    } else if (!checked.ok) out.errors.push(toErrorRow(b, row, checked.issues));
    else good.push({ row, checked });
  }
  // One HMAC per row, reused by the build step.
  const hashes = new Map<number, string>();
  for (const g of good) hashes.set(g.row.number, b.ctx.pii.blindIndex(g.checked.id.idNumber));
  // Same name and birth date: an earlier row of the file, else ask the registry (both queries at once).
  const inFileNames = new Map<number, number>();
  const candidates: { name: string; birthDate: string }[] = [];
  for (const { row, checked } of good) {
    const key = nameBirthKey(checked.input.name, checked.id.birthDate);
    const first = b.names.get(key);
    if (first === undefined) b.names.set(key, row.number);
    if (first !== undefined && first !== row.number) inFileNames.set(row.number, first);
    else candidates.push({ name: checked.input.name, birthDate: checked.id.birthDate });
  }
  const [existing, registered] = await Promise.all([
    findByIdHashes(b.ctx.db, [...hashes.values()]),
    findNameBirthMatchesMany(b.ctx.db, subtree(b.jurisdiction).prefix, candidates),
  ]);
  return { out, good, hashes, byHash: new Map(existing.map((p) => [p.id_hash, p])), inFileNames, registered };
}

/** The CPU half: new people (encrypted, indexed), updates, refusals and warnings. No database. */
export function buildBatch(b: BatchContext, looked: LookedUpBatch): PreparedBatch {
  const { out, good, hashes, byHash } = looked;
  for (const { row, checked } of good) {
    const found = byHash.get(hashes.get(row.number) as string);
    if (!found) {
      out.people.push(newPerson(b.ctx.pii, checked, b.actorId));
      continue;
    }
    const idColumn = columnLabel('idNumber', b.header);
    if (!inJurisdiction(found.hukou_division, found.residence_division, b.jurisdiction)) {
      out.duplicates++;
      out.errors.push(
        toErrorRow(b, row, [
          {
            column: idColumn,
            message: text('该身份证号已在其他辖区登记', 'this ID number is registered in another jurisdiction'),
          },
        ]),
      );
      continue;
    }
    const diff = differences(b, found, checked.input);
    if (Object.keys(diff).length === 0) out.unchanged++;
    else if (b.update)
      out.updates.push({
        rowNumber: row.number,
        cells: row.cells,
        personId: found.id,
        patch: { ...diff, version: found.version } as PersonPatch,
      });
    else {
      out.duplicates++;
      const fields = Object.keys(diff)
        .map((k) => columnLabel(k as never, b.header))
        .join('、');
      out.errors.push(
        toErrorRow(b, row, [
          {
            column: idColumn,
            message: text(
              `该身份证号已登记，且${fields}与登记信息不同；如需更新请选择“更新已登记人员”（--update）`,
              `already registered with different ${fields}; choose "update registered persons" (--update) to apply`,
            ),
          },
        ]),
      );
    }
  }
  out.warnings = possibleDuplicates(b, looked, new Set(out.errors.map((e) => e.rowNumber)));
  return out;
}

/**
 * Same name and birth date as an earlier row of the file, or as someone registered in the jurisdiction
 * under another ID number: the API lists such people on create; the importer reports them as warnings.
 */
function possibleDuplicates(b: BatchContext, looked: LookedUpBatch, refused: Set<number>): ErrorRow[] {
  const column = columnLabel('name', b.header);
  const warnings = new Map<number, RowIssue[]>();
  for (const { row, checked } of looked.good) {
    if (refused.has(row.number)) continue;
    if (checked.warnings.length > 0) warnings.set(row.number, [...checked.warnings]);
    const add = (issue: RowIssue) => warnings.set(row.number, [...(warnings.get(row.number) ?? []), issue]);
    const first = looked.inFileNames.get(row.number);
    if (first !== undefined) {
      add({
        column,
        message: text(
          `与第${first}行姓名和出生日期相同，请核实是否为同一人（已导入）`,
          `same name and birth date as row ${first}; check whether this is the same person (imported)`,
        ),
      });
      continue;
    }
    const idHash = looked.hashes.get(row.number);
    const others = looked.registered.filter(
      (r) => r.name === checked.input.name && r.birth_date === checked.id.birthDate && r.id_hash !== idHash,
    );
    if (others.length === 0) continue;
    const numbers = others
      .slice(0, 3)
      .map((o) => o.id_masked)
      .join('、');
    add({
      column,
      message: text(
        `与已登记人员（身份证号${numbers}）姓名和出生日期相同，请核实是否为同一人（已导入）`,
        `same name and birth date as registered person(s) ${numbers}; check whether this is the same person (imported)`,
      ),
    });
  }
  return looked.good
    .filter(({ row }) => warnings.has(row.number))
    .map(({ row }) => {
      const issues = warnings.get(row.number) as RowIssue[];
      return {
        ...toErrorRow(b, row, issues),
        issues: issues.map((i) => ({ column: i.column, zh: i.message.zh, en: i.message.en, warning: true })),
      };
    });
}

export function errorFromIssues(
  b: BatchContext,
  row: Pick<SourceRow, 'number' | 'cells'>,
  issues: RowIssue[],
): ErrorRow {
  return toErrorRow(b, row, issues);
}

/** The address the division cell ended with, and the address column's own text after it (unless repeated). */
export function withAddress(rest: string, column: string | null | undefined): string | null {
  if (!rest) return column ?? null;
  if (!column || column.startsWith(rest)) return column || rest;
  return rest + column;
}

/** Two consecutive prepared batches as one, to be written in one transaction. */
export function mergeBatches(a: PreparedBatch, b: PreparedBatch): PreparedBatch {
  return {
    lastRow: Math.max(a.lastRow, b.lastRow),
    people: a.people.concat(b.people),
    updates: a.updates.concat(b.updates),
    errors: a.errors.concat(b.errors),
    warnings: a.warnings.concat(b.warnings),
    unchanged: a.unchanged + b.unchanged,
    duplicates: a.duplicates + b.duplicates,
  };
}
