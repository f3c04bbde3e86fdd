/**
 * `liudong keys retire KID`: removes an old data key once nothing is encrypted under it. Before it does,
 * every text and JSON column of every table is scanned (not only the registered ones), so a value a new
 * feature encrypted without registering its column is found and named instead of being lost.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../http/session.ts';
import { ORIGINAL_KEY_ID } from '../../security/pii.ts';
import { SYSTEM_ACTOR, writeAudit } from '../audit/index.ts';

const B64 = '[A-Za-z0-9_-]';

/** A POSIX regex matching a ciphertext under `kid` anywhere in a value (also inside JSON); any key if null. */
function ciphertextPattern(kid: string | null): string {
  const head = kid === null ? '(v1|v2\\.[a-z0-9]+)' : kid === ORIGINAL_KEY_ID ? 'v1' : `v2\\.${kid}`;
  return `${head}\\.${B64}{16}\\.${B64}{22}\\.`;
}

export interface CiphertextColumn {
  table: string;
  column: string;
  rows: number;
}

/** Columns anywhere in the schema holding ciphertexts (under `kid`, or under any key). */
export async function findCiphertextColumns(db: Db, kid: string | null = null): Promise<CiphertextColumn[]> {
  const columns = await sql<{ table: string; column: string }>`
    SELECT c.table_name AS "table", c.column_name AS "column"
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      AND c.data_type IN ('text', 'character varying', 'json', 'jsonb')
      AND c.table_name NOT IN ('kysely_migration', 'kysely_migration_lock', 'data_key')
    ORDER BY c.table_name, c.column_name`.execute(db);
  const pattern = ciphertextPattern(kid);
  const found: CiphertextColumn[] = [];
  for (const { table, column } of columns.rows) {
    const r = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(table)}
      WHERE ${sql.ref(column)}::text ~ ${pattern}`.execute(db);
    const rows = Number(r.rows[0]?.n ?? 0);
    if (rows > 0) found.push({ table, column, rows });
  }
  return found;
}

export class KeyInUseError extends Error {}

export async function retireDataKey(ctx: AppContext, kid: string, actor: Actor = SYSTEM_ACTOR): Promise<void> {
  const row = await ctx.db.selectFrom('data_key').select(['kid', 'state']).where('kid', '=', kid).executeTakeFirst();
  const current = await ctx.db.selectFrom('data_key').select('kid').where('state', '=', 'current').executeTakeFirst();
  if (kid === ORIGINAL_KEY_ID ? !current : !row) {
    throw new KeyInUseError(
      kid === ORIGINAL_KEY_ID
        ? 'v1 is still the current data key; run "liudong keys rotate-data" first.'
        : `No data key ${kid}.`,
    );
  }
  if (row?.state === 'retired') throw new KeyInUseError(`Data key ${kid} is already retired.`);
  if (row && row.state !== 'active') {
    throw new KeyInUseError(`Data key ${kid} is ${row.state}; only an earlier key can be retired.`);
  }
  const inUse = await findCiphertextColumns(ctx.db, kid);
  if (inUse.length > 0) {
    throw new KeyInUseError(
      `Data key ${kid} still protects ${inUse.map((c) => `${c.rows} in ${c.table}.${c.column}`).join(', ')}. ` +
        'Finish "liudong keys rotate-data" first (a column not in src/modules/keys/encrypted-columns.ts is not rotated).',
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('data_key')
      .values({ kid, wrapped: null, state: 'retired', retired_at: new Date() })
      .onConflict((oc) => oc.column('kid').doUpdateSet({ wrapped: null, state: 'retired', retired_at: new Date() }))
      .execute();
    await writeAudit(trx, actor, { action: 'keys.retire_data', entity: 'data_key', entityId: kid, details: { kid } });
  });
  ctx.pii.keyring.forget(kid);
}
