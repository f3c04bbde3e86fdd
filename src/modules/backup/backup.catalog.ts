/**
 * What a backup covers, read from the PostgreSQL catalog rather than from a hand-kept list: every table
 * of the public schema (so a table added by a later migration is included without anyone remembering
 * to), in foreign-key order, and every sequence. Kysely's own migration bookkeeping, and the SQL function
 * files' (sql_function), are left out: the target database records its own when restore migrates it.
 */
import { sql } from 'kysely';
import type { Db as AnyDb } from '../../db/database.ts';

export const SKIPPED_TABLES = new Set(['kysely_migration', 'kysely_migration_lock', 'sql_function']);

export interface TableInfo {
  name: string;
  /** Columns a restore can insert into (generated columns excluded), in table order. */
  columns: string[];
  primaryKey: string[];
}

export interface ForeignKey {
  name: string;
  child: string;
  childColumns: string[];
  parent: string;
  parentColumns: string[];
}

/** Parents before children; self-references and cycles do not block (restore loads with FK triggers off). */
function foreignKeyOrder(names: string[], edges: { child: string; parent: string }[]): string[] {
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const e of edges) if (e.child !== e.parent && parents.has(e.parent)) parents.get(e.child)?.add(e.parent);
  const ordered: string[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (n: string) => {
    if (done.has(n) || visiting.has(n)) return;
    visiting.add(n);
    for (const p of [...(parents.get(n) ?? [])].sort()) visit(p);
    visiting.delete(n);
    done.add(n);
    ordered.push(n);
  };
  for (const n of [...names].sort()) visit(n);
  return ordered;
}

export async function listForeignKeys(db: AnyDb): Promise<ForeignKey[]> {
  const rows = await sql<{ name: string; child: string; parent: string; child_cols: string; parent_cols: string }>`
    SELECT con.conname AS name, c.relname AS child, p.relname AS parent,
      array_to_json(ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, i)
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.i))::text AS child_cols,
      array_to_json(ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, i)
        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.i))::text AS parent_cols
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_class p ON p.oid = con.confrelid
    WHERE con.contype = 'f' AND c.relnamespace = 'public'::regnamespace
    ORDER BY c.relname, con.conname`.execute(db);
  return rows.rows.map((r) => ({
    name: r.name,
    child: r.child,
    parent: r.parent,
    childColumns: JSON.parse(r.child_cols) as string[],
    parentColumns: JSON.parse(r.parent_cols) as string[],
  }));
}

export async function listTables(db: AnyDb): Promise<TableInfo[]> {
  const tables = await sql<{ name: string; columns: string; pk: string }>`
    SELECT c.relname AS name,
      array_to_json(ARRAY(SELECT a.attname FROM pg_attribute a
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        ORDER BY a.attnum))::text AS columns,
      array_to_json(ARRAY(SELECT a.attname FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = c.oid AND i.indisprimary
        ORDER BY array_position(i.indkey::int2[], a.attnum)))::text AS pk
    FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition`.execute(db);
  const byName = new Map<string, TableInfo>();
  for (const t of tables.rows) {
    if (SKIPPED_TABLES.has(t.name)) continue;
    byName.set(t.name, {
      name: t.name,
      columns: JSON.parse(t.columns) as string[],
      primaryKey: JSON.parse(t.pk) as string[],
    });
  }
  const order = foreignKeyOrder([...byName.keys()], await listForeignKeys(db));
  return order.map((n) => byName.get(n) as TableInfo);
}

export async function listSequences(db: AnyDb): Promise<string[]> {
  const rows = await sql<{ name: string }>`SELECT relname AS name FROM pg_class
    WHERE relnamespace = 'public'::regnamespace AND relkind = 'S' ORDER BY relname`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** The migrations applied to this database, by name (empty when it was never migrated). */
export async function appliedMigrations(db: AnyDb): Promise<string[]> {
  const exists = await sql<{ ok: boolean }>`SELECT to_regclass('public.kysely_migration') IS NOT NULL AS ok`.execute(
    db,
  );
  if (!exists.rows[0]?.ok) return [];
  const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return rows.rows.map((r) => r.name);
}
