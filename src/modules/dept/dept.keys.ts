/**
 * Per-department API keys for the status-only API. The key is random and shown once; only its SHA-256
 * is stored, so a database copy does not hand out working keys.
 */
import crypto from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import { DEFAULT_DEPT_SCOPES, type DeptScope } from '../../core/dept-scopes.ts';
import type { Db } from '../../db/database.ts';
import type { DeptApiKeyTable } from '../../db/schema.ts';

export type DeptKeyRow = Selectable<DeptApiKeyTable>;

function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('base64url');
}

export async function createDeptKey(
  db: Db,
  input: { department: string; divisionCode: string; scopes?: readonly DeptScope[] },
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
      scopes: [...new Set(input.scopes ?? DEFAULT_DEPT_SCOPES)],
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

/** Keys whose area lies in `like` (subtree(code).like; '%' for all), oldest first, with their last use. */
export async function listDeptKeys(db: Db, like = '%') {
  return db
    .selectFrom('dept_api_key as k')
    .innerJoin('division as d', 'd.code', 'k.division_code')
    .select([
      'k.id',
      'k.key_prefix',
      'k.department',
      'k.division_code',
      'd.full_name as division_full_name',
      'k.created_at',
      'k.revoked_at',
      'k.last_used_at',
      'k.scopes',
    ])
    .where('k.division_code', 'like', like)
    .orderBy('k.created_at')
    .execute();
}

/** Revokes one key in `like` (subtree(code).like): 'revoked', 'already' (another administrator was first) or 'not_found'. */
export async function revokeDeptKeyById(
  db: Db,
  id: string,
  like: string,
): Promise<{ outcome: 'revoked' | 'already' | 'not_found'; row?: { department: string; key_prefix: string } }> {
  const row = await db
    .selectFrom('dept_api_key')
    .select(['department', 'key_prefix', 'revoked_at'])
    .where('id', '=', id)
    .where('division_code', 'like', like)
    .executeTakeFirst();
  if (!row) return { outcome: 'not_found' };
  const done = await db
    .updateTable('dept_api_key')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return { outcome: done.numUpdatedRows > 0n ? 'revoked' : 'already', row };
}

/** The active key matching the presented one, or undefined; a match records its use (the admin page shows it). */
export async function findDeptKey(db: Db, presented: string): Promise<DeptKeyRow | undefined> {
  if (!presented.startsWith('ldk_') || presented.length > 100) return undefined;
  const row = await db
    .selectFrom('dept_api_key')
    .selectAll()
    .where('key_hash', '=', hashKey(presented))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (row && !usedWithinMinute(row.last_used_at)) await recordUse(db, row.id);
  return row;
}

const MINUTE_MS = 60_000;

const usedWithinMinute = (at: Date | null) => at !== null && Date.now() - at.getTime() < MINUTE_MS;

/**
 * "Last used" to the minute: a department system that checks many certificates a second would otherwise write
 * (and lock) its key's row on every call. The WHERE keeps concurrent requests to one write a minute.
 */
async function recordUse(db: Db, id: string): Promise<void> {
  await db
    .updateTable('dept_api_key')
    .set({ last_used_at: new Date() })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]),
    )
    .execute();
}
