/**
 * Remembered column mappings (issue 20): the mapping a user confirmed for a sheet is kept per division and
 * header set, and the next sheet with the same headers from that division starts from it ("上次的对应关系").
 */
import crypto from 'node:crypto';
import { IMPORT_FIELDS, type ImportField, normalizeHeader } from '../../core/import-columns.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';

export type ColumnMapping = Map<string, ImportField | null>;

/** The header set, not its order: a column moved between months still names the same thing. */
export function headerSetHash(headers: readonly string[]): string {
  const keys = headers.map((h) => normalizeHeader(h) || h).sort();
  return crypto.createHash('sha256').update(JSON.stringify(keys)).digest('hex');
}

const FIELDS = new Set<string>(IMPORT_FIELDS);

export async function findRemembered(
  db: Db,
  divisionCode: string,
  headers: readonly string[],
): Promise<ColumnMapping | null> {
  const row = await db
    .selectFrom('import_mapping')
    .select('mapping')
    .where('division_code', '=', divisionCode)
    .where('header_hash', '=', headerSetHash(headers))
    .executeTakeFirst();
  if (!row) return null;
  const mapping: ColumnMapping = new Map();
  // A field a later version dropped is left to recognition rather than trusted.
  for (const [header, field] of Object.entries(row.mapping))
    if (field === null || FIELDS.has(field)) mapping.set(header, field as ImportField | null);
  return mapping;
}

/** Keeps the mapping an import ran with; audited when it changes what was remembered. */
export async function rememberMapping(
  db: Db,
  actor: Actor & { id: string },
  divisionCode: string,
  headers: readonly string[],
  mapping: ColumnMapping,
): Promise<void> {
  const json = Object.fromEntries(mapping);
  const hash = headerSetHash(headers);
  const before = await findRemembered(db, divisionCode, headers);
  if (before && JSON.stringify(Object.fromEntries(before)) === JSON.stringify(json)) return;
  await db
    .insertInto('import_mapping')
    .values({
      division_code: divisionCode,
      header_hash: hash,
      headers: JSON.stringify(headers),
      mapping: JSON.stringify(json),
      updated_by: actor.id,
    })
    .onConflict((oc) =>
      oc.columns(['division_code', 'header_hash']).doUpdateSet({
        headers: JSON.stringify(headers),
        mapping: JSON.stringify(json),
        updated_by: actor.id,
        updated_at: new Date(),
      }),
    )
    .execute();
  await writeAudit(db, actor, {
    action: 'import.mapping_saved',
    entity: 'import_mapping',
    entityId: hash,
    details: { division: divisionCode, mapping: json },
  });
}
