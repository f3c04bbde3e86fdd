/**
 * One SQL dialect, two engines: PGlite (embedded, a folder on disk) or PostgreSQL (DATABASE_URL).
 * Both return DATE as 'YYYY-MM-DD' strings and BIGINT as strings, so the rest of the code sees one shape.
 */
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  /**
   * Runs the statements that read a person and append the read's audit row. Same as `db` unless
   * read audits commit asynchronously (see OpenOptions.readAuditCommit).
   */
  auditedReadDb: Kysely<Database>;
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
  /**
   * 'sync' (default): a read's audit row is flushed to disk before the read returns.
   * 'async': PostgreSQL `synchronous_commit = off` for read audits only: several times the lookup
   * throughput, but a database crash can lose the last ~0.6 s of read-audit rows (never writes).
   */
  readAuditCommit?: 'sync' | 'async';
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    pg.types.setTypeParser(DATE_OID, (v: string) => v);
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20 });
    // Fail fast with a clear message when the server is unreachable.
    const client = await pool.connect();
    client.release();
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    if (options.readAuditCommit !== 'async')
      return { db, auditedReadDb: db, kind: 'postgres', close: () => db.destroy() };
    const readPool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 20,
      options: '-c synchronous_commit=off',
    });
    const auditedReadDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: readPool }) });
    return {
      db,
      auditedReadDb,
      kind: 'postgres',
      close: async () => {
        await auditedReadDb.destroy();
        await db.destroy();
      },
    };
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(`${options.dataDir}/pgdata`, {
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => v },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { db, auditedReadDb: db, kind: 'pglite', close: () => db.destroy() };
}
