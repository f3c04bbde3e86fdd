/**
 * One SQL dialect, two engines: PGlite (embedded, a folder on disk) or PostgreSQL (DATABASE_URL).
 * Both return DATE as 'YYYY-MM-DD' strings and BIGINT as strings, so the rest of the code sees one shape.
 */
import fs from 'node:fs';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import { retryingTransactions } from './retry.ts';
import type { Database } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** The database or an open transaction: what repositories take as their first argument. */
export type Db = Kysely<Database> | Transaction<Database>;

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    pg.types.setTypeParser(DATE_OID, (v: string) => v);
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20 });
    // An idle client dropped by the server (restart, admin termination) must not crash the process;
    // the pool replaces it on the next checkout.
    pool.on('error', (err) => process.stderr.write(`PostgreSQL idle connection error: ${err.message}\n`));
    // Fail fast with a clear message when the server is unreachable.
    const client = await pool.connect();
    client.release();
    // Several connections can deadlock; the one embedded connection of PGlite cannot.
    const db = retryingTransactions(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }));
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  // Loaded only here: the WASM engine adds ~45 MB to every process that imports this file, which a
  // PostgreSQL deployment (and its bulk CLI commands) should not carry.
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(`${options.dataDir}/pgdata`, {
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => v },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}
