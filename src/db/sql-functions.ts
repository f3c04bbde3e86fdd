/**
 * SQL functions (and trigger functions) live one per file, `src/db/functions/<name>.sql`, each file a single
 * `CREATE OR REPLACE FUNCTION <name>(…)` statement with the function's current body. Migrations keep tables and
 * data; `migrateToLatest` applies the files after the pending migrations, in the same start.
 *
 * A file is applied when its text differs from the one last applied to this database (table `sql_function`),
 * when the function is missing, or when its definition is no longer the one the file left (a migration or a
 * rollback redefined it): the file always wins, so a fresh database and an upgraded one end with the same bodies.
 * All due files go in one transaction, twice: first with body checks off, so they may call one another in any
 * order, then with them on, so an error in any body (named with its file) stops start-up and changes nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, type RawBuilder, sql } from 'kysely';

export const FUNCTIONS_DIR = fileURLToPath(new URL('./functions/', import.meta.url));

export interface FunctionFile {
  name: string;
  /** The file's path as shown in messages (relative to the working folder when inside it). */
  file: string;
  text: string;
  hash: string;
}

/** The function files of a folder, by name; a file that is not one function named like it is refused. */
export function readFunctionFiles(dir: string = FUNCTIONS_DIR): FunctionFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => {
      const full = path.join(dir, f);
      const relative = path.relative(process.cwd(), full);
      const file = relative.startsWith('..') ? full : relative;
      const name = f.slice(0, -'.sql'.length);
      const text = fs.readFileSync(full, 'utf8');
      const statement = text.replace(/^(\s*--[^\n]*\n)*\s*/, '');
      if (!/^[a-z_][a-z0-9_]*$/.test(name) || !statement.startsWith(`CREATE OR REPLACE FUNCTION ${name}(`)) {
        throw new Error(`${file}: a function file holds one "CREATE OR REPLACE FUNCTION ${name}(…)" statement.`);
      }
      return { name, file, text, hash: crypto.createHash('sha256').update(text).digest('hex') };
    });
}

/** Hash of a function's definitions as the database prints them (all overloads of the name; null when none). */
const definitionHash = (name: RawBuilder<unknown> | string) => sql<string | null>`(SELECT md5(string_agg(
  pg_get_functiondef(p.oid), E'\n' ORDER BY p.oid::regprocedure::text)) FROM pg_proc p
  WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f' AND p.proname = ${name})`;

async function run(db: Kysely<unknown>, f: FunctionFile): Promise<void> {
  try {
    await sql.raw(f.text).execute(db);
  } catch (err) {
    throw new Error(`${f.file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Applies the function files that are due; returns the names applied. */
export async function applyFunctionFiles<T>(
  database: Kysely<T>,
  files: FunctionFile[] = readFunctionFiles(),
): Promise<string[]> {
  const db = database as unknown as Kysely<unknown>;
  return db.transaction().execute(async (trx) => {
    // Two processes starting at once on one PostgreSQL database: one applies, the other then finds nothing due.
    await sql`SELECT pg_advisory_xact_lock(hashtext('liudong.sql_function'))`.execute(trx);
    const applied = await sql<{ name: string; file_hash: string; unchanged: boolean }>`SELECT s.name, s.file_hash,
      coalesce(s.definition_hash = ${definitionHash(sql.ref('s.name'))}, false) AS unchanged
      FROM sql_function s`.execute(trx);
    const current = new Set(applied.rows.filter((r) => r.unchanged).map((r) => `${r.name} ${r.file_hash}`));
    const due = files.filter((f) => !current.has(`${f.name} ${f.hash}`));
    if (due.length === 0) return [];
    await sql`SET LOCAL check_function_bodies = off`.execute(trx);
    for (const f of due) await run(trx, f);
    await sql`SET LOCAL check_function_bodies = on`.execute(trx);
    for (const f of due) await run(trx, f);
    for (const f of due) {
      await sql`INSERT INTO sql_function (name, file_hash, definition_hash)
        VALUES (${f.name}, ${f.hash}, ${definitionHash(f.name)})
        ON CONFLICT (name) DO UPDATE SET file_hash = excluded.file_hash,
          definition_hash = excluded.definition_hash, applied_at = now()`.execute(trx);
    }
    return due.map((f) => f.name);
  });
}
