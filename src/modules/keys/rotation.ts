/**
 * `liudong keys rotate-data`: a new data key becomes current and every ciphertext is re-encrypted under
 * it, online, in small batches.
 *
 * 1. Stage: the new key is added to the ring (wrapped), usable for decryption only. Wait until every
 *    server has refreshed its ring, so none meets a value under a key it does not know.
 * 2. Activate: new writes use the new key; the previous key stays for reading. Wait again.
 * 3. Re-encrypt: each table of ENCRYPTED_COLUMNS in primary-key order (keyset pages, one short
 *    transaction per batch, no table lock). The UPDATE is a compare-and-swap per column: a value a user
 *    changed meanwhile is left as they wrote it (it is under the new key already). The position is saved
 *    with each batch, so an interrupted run continues where it stopped.
 * 4. Check: passes over the same filter until one finds nothing left under an old key (a server that was
 *    slow to refresh may still have written one), then one audit entry records the rotation.
 * The blind-index key is not rotated (see pii.ts and the README). Old keys stay until `keys retire`.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../http/session.ts';
import { ciphertextKeyId } from '../../security/pii.ts';
import { SYSTEM_ACTOR, writeAudit } from '../audit/index.ts';
import { ENCRYPTED_COLUMNS, type EncryptedTable } from './encrypted-columns.ts';
import { activateDataKey, refreshKeyring, stageDataKey } from './keyring.ts';

export interface RotationProgress {
  phase: 'waiting' | 're-encrypting' | 'checking';
  table: string;
  /** Rows looked at in this phase, over all tables, and the number expected. */
  done: number;
  total: number;
}

export interface RotationOptions {
  /** How long every server needs to load a key the ring gained: 0 when this process is the only one (PGlite). */
  propagationMs: number;
  batchSize?: number;
  /** A pause between batches, to leave the database to the users. */
  pauseMs?: number;
  actor?: Actor;
  onProgress?: (p: RotationProgress) => void;
  /** Stops after the current batch; a later run resumes. */
  signal?: AbortSignal;
  /**
   * Only stage and activate the new key: new writes use it at once, and the re-encryption is left to a
   * later run (a PGlite server resumes it in the background while it serves; see server.ts).
   */
  activateOnly?: boolean;
}

export interface RotationResult {
  kid: string;
  /** Keys still in the ring for reading (none of the data uses them any more); retire them when ready. */
  previous: string[];
  /** Rows whose ciphertexts were rewritten. */
  rows: number;
  resumed: boolean;
  passes: number;
  /** False after activateOnly: rows remain under older keys until the rotation is resumed. */
  finished: boolean;
}

const MAX_CHECK_PASSES = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SQL that is true when the column holds a ciphertext under any key other than `kid`. */
function underOldKey(column: string, kid: string) {
  const c = sql.ref(column);
  return sql<boolean>`(${c} LIKE 'v1.%' OR (${c} LIKE 'v2.%' AND ${c} NOT LIKE ${`v2.${kid}.%`}))`;
}

function anyUnderOldKey(t: EncryptedTable, kid: string) {
  return sql<boolean>`(${sql.join(
    t.columns.map((c) => underOldKey(c, kid)),
    sql` OR `,
  )})`;
}

const typed = (value: unknown, type: string) => sql`CAST(${value} AS ${sql.raw(type)})`;

/** Rows of a table still holding a ciphertext under an old key. */
async function countOld(db: Db, t: EncryptedTable, kid: string): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(t.table)}
    WHERE ${anyUnderOldKey(t, kid)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** All rows still under an old key, over every encrypted table. */
export async function countUnderOldKeys(db: Db, kid: string): Promise<number> {
  let n = 0;
  for (const t of ENCRYPTED_COLUMNS) n += await countOld(db, t, kid);
  return n;
}

interface Pass {
  ctx: AppContext;
  kid: string;
  options: RotationOptions;
  phase: RotationProgress['phase'];
  done: number;
  total: number;
  /** Save the position with each batch (the first pass only). */
  checkpoint: boolean;
}

/** Re-encrypts one table from `after` on; returns the rows rewritten. */
async function reencryptTable(pass: Pass, t: EncryptedTable, after: string[] | null): Promise<number> {
  const { ctx, kid, options } = pass;
  const batchSize = options.batchSize ?? 500;
  const keys = t.key.map((k) => sql.ref(k.column));
  let position = after;
  let rewritten = 0;
  for (;;) {
    if (options.signal?.aborted) throw new RotationInterruptedError(kid);
    const from = position
      ? sql`AND (${sql.join(keys)}) > (${sql.join(position.map((v, i) => typed(v, t.key[i]?.type ?? 'text')))})`
      : sql``;
    const page = await sql<Record<string, unknown>>`SELECT ${sql.join([...keys, ...t.columns.map((c) => sql.ref(c))])}
      FROM ${sql.table(t.table)} WHERE ${anyUnderOldKey(t, kid)} ${from}
      ORDER BY ${sql.join(keys)} LIMIT ${sql.lit(batchSize)}`.execute(ctx.db);
    if (page.rows.length === 0) return rewritten;

    const changes: { key: string[]; old: (string | null)[]; next: (string | null)[] }[] = [];
    for (const row of page.rows) {
      const old = t.columns.map((c) => (row[c] as string | null) ?? null);
      const next = old.map((value) => {
        const valueKid = value === null ? null : ciphertextKeyId(value);
        if (value === null || valueKid === null || valueKid === kid) return value;
        return ctx.pii.encrypt(ctx.pii.decrypt(value));
      });
      if (next.some((v, i) => v !== old[i])) {
        changes.push({ key: t.key.map((k) => String(row[k.column])), old, next });
      }
    }
    const last = page.rows[page.rows.length - 1] as Record<string, unknown>;
    position = t.key.map((k) => String(last[k.column]));

    await ctx.db.transaction().execute(async (trx) => {
      if (changes.length > 0) await applyChanges(trx, t, changes);
      const progress = sql`rotated_rows = rotated_rows + ${changes.length}`;
      if (pass.checkpoint) {
        const checkpoint = JSON.stringify({ table: t.table, after: position });
        await sql`UPDATE data_key SET ${progress}, rotation_checkpoint = ${checkpoint}::jsonb
          WHERE kid = ${kid}`.execute(trx);
      } else {
        await sql`UPDATE data_key SET ${progress} WHERE kid = ${kid}`.execute(trx);
      }
    });
    rewritten += changes.length;
    pass.done += page.rows.length;
    options.onProgress?.({ phase: pass.phase, table: t.table, done: pass.done, total: pass.total });
    if (options.pauseMs) await sleep(options.pauseMs);
  }
}

/**
 * One UPDATE per batch. Each column is swapped only if it still holds the value read: a concurrent
 * write wins (PostgreSQL re-evaluates the CASE on the newest row version after waiting for its lock).
 */
async function applyChanges(
  trx: Db,
  t: EncryptedTable,
  changes: { key: string[]; old: (string | null)[]; next: (string | null)[] }[],
): Promise<void> {
  const keyNames = t.key.map((_, i) => `k${i}`);
  const oldNames = t.columns.map((_, i) => `o${i}`);
  const newNames = t.columns.map((_, i) => `n${i}`);
  const values = changes.map(
    (ch) =>
      sql`(${sql.join([
        ...ch.key.map((v, i) => typed(v, t.key[i]?.type ?? 'text')),
        ...ch.old.map((v) => typed(v, 'text')),
        ...ch.next.map((v) => typed(v, 'text')),
      ])})`,
  );
  const sets = t.columns.map(
    (c, i) =>
      sql`${sql.id(c)} = CASE WHEN ${sql.ref(`t.${c}`)} IS NOT DISTINCT FROM ${sql.ref(`v.${oldNames[i]}`)}
        THEN ${sql.ref(`v.${newNames[i]}`)} ELSE ${sql.ref(`t.${c}`)} END`,
  );
  const join = t.key.map((k, i) => sql`${sql.ref(`t.${k.column}`)} = ${sql.ref(`v.${keyNames[i]}`)}`);
  await sql`UPDATE ${sql.table(t.table)} AS t SET ${sql.join(sets)}
    FROM (VALUES ${sql.join(values)}) AS v(${sql.join([...keyNames, ...oldNames, ...newNames].map((n) => sql.id(n)))})
    WHERE ${sql.join(join, sql` AND `)}`.execute(trx);
}

export class RotationInterruptedError extends Error {
  constructor(readonly kid: string) {
    super(`Rotation to data key ${kid} interrupted; run "liudong keys rotate-data" again to resume.`);
  }
}

/** Runs a rotation to its end: a new one, or the one an earlier run left unfinished. */
export async function rotateData(ctx: AppContext, options: RotationOptions): Promise<RotationResult> {
  await refreshKeyring(ctx.db, ctx.pii);
  const open = await ctx.db
    .selectFrom('data_key')
    .select(['kid', 'state', 'rotation_checkpoint', 'rotation_finished_at'])
    .where('state', 'in', ['staged', 'current'])
    .execute();
  const unfinished = open.find((k) => k.state === 'current' && k.rotation_finished_at === null);
  const staged = open.find((k) => k.state === 'staged');
  const wait = async () => {
    if (options.propagationMs <= 0) return;
    options.onProgress?.({ phase: 'waiting', table: '', done: 0, total: options.propagationMs });
    await sleep(options.propagationMs);
  };

  let kid: string;
  let resumed = true;
  let checkpoint: { table: string; after: string[] } | null = null;
  if (unfinished) {
    kid = unfinished.kid;
    checkpoint = unfinished.rotation_checkpoint;
  } else {
    if (staged) {
      kid = staged.kid;
    } else {
      kid = await stageDataKey(ctx.db, ctx.pii);
      resumed = false;
    }
    await wait();
    await activateDataKey(ctx.db, ctx.pii, kid);
    if (options.activateOnly) {
      const previous = ctx.pii.keyring.keyIds().filter((k) => k !== kid);
      return { kid, previous, rows: 0, resumed, passes: 0, finished: false };
    }
    await wait();
  }

  // The first pass starts at the checkpoint; tables before it are done.
  const startAt = checkpoint ? ENCRYPTED_COLUMNS.findIndex((t) => t.table === checkpoint?.table) : 0;
  const tables = ENCRYPTED_COLUMNS.slice(Math.max(startAt, 0));
  let total = 0;
  for (const t of tables) total += await countOld(ctx.db, t, kid);
  const first: Pass = { ctx, kid, options, phase: 're-encrypting', done: 0, total, checkpoint: true };
  let rows = 0;
  for (const t of tables) {
    rows += await reencryptTable(first, t, checkpoint && t.table === checkpoint.table ? checkpoint.after : null);
  }

  let passes = 1;
  for (; passes <= MAX_CHECK_PASSES; passes++) {
    const left = await countUnderOldKeys(ctx.db, kid);
    if (left === 0) break;
    const check: Pass = { ctx, kid, options, phase: 'checking', done: 0, total: left, checkpoint: false };
    let changed = 0;
    for (const t of ENCRYPTED_COLUMNS) changed += await reencryptTable(check, t, null);
    rows += changed;
    if (changed === 0) break;
  }
  const left = await countUnderOldKeys(ctx.db, kid);
  if (left > 0) {
    throw new Error(
      `${left} rows still hold values under an old key that could not be re-encrypted; they are not ciphertexts ` +
        `this version writes. Inspect them before retiring the old key (liudong keys list).`,
    );
  }

  const previous = ctx.pii.keyring.keyIds().filter((k) => k !== kid);
  await ctx.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('data_key')
      .set({ rotation_finished_at: new Date(), rotation_checkpoint: null })
      .where('kid', '=', kid)
      .returning('rotated_rows')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, options.actor ?? SYSTEM_ACTOR, {
      action: 'keys.rotate_data',
      entity: 'data_key',
      entityId: kid,
      details: { kid, previous, rowsReencrypted: Number(done.rotated_rows), resumed, passes },
    });
  });
  return { kid, previous, rows, resumed, passes, finished: true };
}

/** True when a rotation was started and not finished (a staged key, or a current one still re-encrypting). */
export async function rotationPending(db: Db): Promise<boolean> {
  const open = await db
    .selectFrom('data_key')
    .select('kid')
    .where((eb) =>
      eb.or([
        eb('state', '=', 'staged'),
        eb.and([eb('state', '=', 'current'), eb('rotation_finished_at', 'is', null)]),
      ]),
    )
    .executeTakeFirst();
  return open !== undefined;
}

/** How many stored values each key protects, over the registered columns (for `keys list`). */
export async function valuesPerKey(db: Db): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of ENCRYPTED_COLUMNS) {
    for (const column of t.columns) {
      const c = sql.ref(column);
      const r = await sql<{ kid: string; n: string }>`
        SELECT CASE WHEN ${c} LIKE 'v1.%' THEN 'v1' ELSE split_part(${c}, '.', 2) END AS kid, count(*)::text AS n
        FROM ${sql.table(t.table)} WHERE ${c} LIKE 'v1.%' OR ${c} LIKE 'v2.%' GROUP BY 1`.execute(db);
      for (const row of r.rows) counts.set(row.kid, (counts.get(row.kid) ?? 0) + Number(row.n));
    }
  }
  return counts;
}
