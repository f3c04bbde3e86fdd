/**
 * Per-department API keys for the status-only API. The key is random and shown once; only its SHA-256
 * is stored, so a database copy does not hand out working keys.
 */
import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DeptApiKeyTable } from '../../db/schema.ts';

export type DeptKeyRow = Selectable<DeptApiKeyTable>;

function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('base64url');
}

export async function createDeptKey(
  db: Db,
  input: { department: string; divisionCode: string },
): Promise<{ key: string; prefix: string; id: string }> {
  const secret = crypto.randomBytes(32).toString('base64url');
  const key = `ldk_${secret}`;
  const prefix = key.slice(0, 12);
  const row = await db
    .insertInto('dept_api_key')
    .values({
      department: input.department,
      division_code: input.divisionCode,
      key_hash: hashKey(key),
      key_prefix: prefix,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { key, prefix, id: row.id };
}

export async function revokeDeptKey(db: Db, prefix: string): Promise<number> {
  const rows = await db
    .updateTable('dept_api_key')
    .set({ revoked_at: new Date() })
    .where('key_prefix', '=', prefix)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}

export async function listDeptKeys(db: Db) {
  return db
    .selectFrom('dept_api_key')
    .select(['key_prefix', 'department', 'division_code', 'created_at', 'revoked_at'])
    .orderBy('created_at')
    .execute();
}

/** The active key matching the presented one, or undefined. */
export async function findDeptKey(db: Db, presented: string): Promise<DeptKeyRow | undefined> {
  if (!presented.startsWith('ldk_') || presented.length > 100) return undefined;
  return db
    .selectFrom('dept_api_key')
    .selectAll()
    .where('key_hash', '=', hashKey(presented))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}
