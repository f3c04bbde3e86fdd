/**
 * Streaming export of persons in a division subtree, inside the user's scope. Pages by id (keyset), so
 * memory is flat at any size. The columns are the import template's, so an export can be re-imported.
 * ID numbers are masked unless the role may see them and full numbers were asked for; such an export
 * writes an audit row per person exported, so each resident's access log shows it.
 */
import type { Writable } from 'node:stream';
import type { AppContext } from '../../context.ts';
import { CSV_BOM, csvLine } from '../../core/csv.ts';
import { AppError } from '../../core/errors.ts';
import { COLUMN_NAMES, IMPORT_FIELDS, type ImportField } from '../../core/import-columns.ts';
import { formatChildren, HOUSING_CHOICES_ZH } from '../../core/import-values.ts';
import { HOUSING_TYPES, MARITAL_LABELS, type MaritalStatus } from '../../core/person.ts';
import type { Role } from '../../db/schema.ts';
import { scoped, subtree } from '../../db/scoped.ts';
import ExcelJS, { textCell } from '../../http/exceljs.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { auditRows, writeAudit } from '../audit/index.ts';
import { divisionRefs } from '../divisions/index.ts';
import { decryptPhone, type PersonRow } from '../persons/index.ts';

export type ExportFormat = 'xlsx' | 'csv';

/** Roles that may export full ID numbers (on request, audited per person). */
export const FULL_ID_EXPORT_ROLES: readonly Role[] = ['county_admin', 'township_officer'];

export interface ExportOptions {
  division: string;
  format: ExportFormat;
  fullIdNumbers: boolean;
  onProgress?: (done: number, total: number) => void;
}

const PAGE = 2000;

function subtreeQuery(ctx: AppContext, user: SessionUser, division: string) {
  // Merged records (tombstones) are not exported: their survivor is.
  return scoped(ctx.db, user)
    .selectFrom('person')
    .where(subtree(division).on('person'))
    .where('person.merged_into', 'is', null);
}

/** Checks access and counts; throws before any byte is sent. */
export async function prepareExport(ctx: AppContext, user: SessionUser, options: Omit<ExportOptions, 'onProgress'>) {
  if (options.fullIdNumbers && !FULL_ID_EXPORT_ROLES.includes(user.role)) throw AppError.forbidden();
  const scope = subtree(user);
  const division = await ctx.db
    .selectFrom('division')
    .select('code')
    .where('code', '=', options.division)
    .executeTakeFirst();
  // A division outside the scope answers like a missing one.
  if (!division || !(scope.contains(options.division) || scope.prefix.startsWith(subtree(options.division).prefix)))
    throw AppError.notFound({ zh: '行政区划', en: 'Division' });
  const count = await subtreeQuery(ctx, user, options.division)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { total: Number(count.n) };
}

export async function exportPersons(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  options: ExportOptions,
  output: Writable,
): Promise<number> {
  const { total } = await prepareExport(ctx, user, options);
  const header = IMPORT_FIELDS.map((f) => COLUMN_NAMES[f][0] ?? f);
  const xlsx =
    options.format === 'xlsx'
      ? new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false, useStyles: false })
      : null;
  const sheet = xlsx?.addWorksheet('人员');
  const write = (cells: string[]) => {
    if (sheet) sheet.addRow(cells.map(textCell)).commit();
    else if (!output.write(csvLine(cells))) return new Promise<void>((r) => output.once('drain', r));
    return undefined;
  };
  if (!sheet) output.write(CSV_BOM);
  await write(header);
  await writeAudit(ctx.db, actor, {
    action: options.fullIdNumbers ? 'person.export_full_id' : 'person.export',
    details: { division: options.division, format: options.format, rows: total },
  });
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await subtreeQuery(ctx, user, options.division)
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (page.length === 0) break;
    after = (page[page.length - 1] as PersonRow).id;
    const refs = await divisionRefs(
      ctx.db,
      page.flatMap((p) => [p.hukou_division, p.residence_division]),
    );
    if (options.fullIdNumbers) {
      const rows = auditRows(actor, {
        action: 'person.export_id_number',
        entity: 'person',
        personIds: page.map((p) => p.id),
      });
      await ctx.db.insertInto('audit_log').values(rows).execute();
    }
    for (const p of page) {
      const id = options.fullIdNumbers ? ctx.pii.decrypt(p.id_number_enc) : p.id_masked;
      const values: Record<ImportField, string | null> = {
        name: p.name,
        idNumber: id,
        sex: p.sex === 'M' ? '男' : '女',
        birthDate: p.birth_date,
        hukouDivision: refs.get(p.hukou_division)?.fullName ?? p.hukou_division,
        residenceDivision: refs.get(p.residence_division)?.fullName ?? p.residence_division,
        residenceAddress: p.residence_address,
        arrivedOn: p.arrived_on,
        departedOn: p.departed_on,
        maritalStatus: MARITAL_LABELS[p.marital_status as MaritalStatus]?.zh ?? p.marital_status,
        spouseName: p.spouse_name,
        spouseIdNumber: p.spouse_id_masked,
        phone: decryptPhone(ctx.pii, p.phone),
        employer: p.employer,
        landlord: p.landlord,
        housingType: p.housing_type
          ? (HOUSING_CHOICES_ZH[HOUSING_TYPES.indexOf(p.housing_type as never)] ?? null)
          : null,
        children: p.children?.length ? formatChildren(p.children) : null,
      };
      await write(IMPORT_FIELDS.map((f) => values[f] ?? ''));
    }
    done += page.length;
    options.onProgress?.(done, total);
  }
  if (xlsx && sheet) {
    sheet.commit();
    await xlsx.commit();
  } else await new Promise<void>((resolve) => output.end(resolve));
  return done;
}
