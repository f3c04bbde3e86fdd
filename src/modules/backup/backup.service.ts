/**
 * Backup and restore, the same on PGlite and PostgreSQL, so a dump of either restores into the other.
 *
 * The dump is logical and streams: inside one REPEATABLE READ snapshot, each table (in foreign-key order)
 * is read through a cursor as `row_to_json` text, one line per row, then gzipped and encrypted in chunks
 * (backup.crypto.ts). Rows never pass through JavaScript values, so timestamps keep their microseconds
 * (the audit hash covers them) and jsonb, arrays and bigints come back exactly. Control lines start with
 * `#`; a row line is a JSON object and never does.
 *
 * Restore migrates the empty target, then loads everything in one transaction with triggers and
 * foreign-key checks off (like pg_restore --disable-triggers: the audit guard and any future rollup
 * trigger must not fire on restored rows), checks every foreign key once at the end, and sets the
 * sequences. It is all or nothing: a failure leaves the target as empty as it was.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import type { DatabaseKind, Db } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { Database } from '../../db/schema.ts';
import { loadMasterKey } from '../../security/pii.ts';
import { appliedMigrations, listForeignKeys, listSequences, listTables, type TableInfo } from './backup.catalog.ts';
import {
  type BackupHeader,
  type BackupSecret,
  decryptFrames,
  EncryptStream,
  keyFingerprint,
  newHeader,
  readHeader,
} from './backup.crypto.ts';

const FETCH_ROWS = 2000;
const INSERT_ROWS = 1000;
const INSERT_BYTES = 4 << 20;

export interface BackupKeys {
  /** The deployment master key (protects ID numbers at rest); always needed so restore can check it matches. */
  masterKey: Buffer;
  /** When set, the file is encrypted under this passphrase instead of the master key. */
  passphrase: string | null;
}

export interface TableProgress {
  table: string;
  done: number;
  total: number;
  /** Rows done and expected over all tables. */
  rowsDone: number;
  rowsTotal: number;
}

export interface TableCount {
  name: string;
  rows: number;
}

export interface BackupSummary {
  tables: TableCount[];
  sequences: number;
  bytes: number;
}

export interface RestoreSummary {
  header: BackupHeader;
  tables: TableCount[];
  sequences: number;
  migrations: string[];
}

type Control =
  | { type: 'backup'; format: 1; engine: string; migrations: string[]; tables: TableCount[] }
  | { type: 'table'; name: string; columns: string[]; rows: number }
  | { type: 'end-table'; name: string; rows: number }
  | { type: 'sequences'; values: { name: string; lastValue: string; isCalled: boolean }[] }
  | { type: 'end'; rows: number };

const control = (c: Control) => `#${JSON.stringify(c)}\n`;

function secretOf(keys: BackupKeys): BackupSecret {
  return keys.passphrase
    ? { kind: 'passphrase', passphrase: keys.passphrase }
    : { kind: 'master', masterKey: keys.masterKey };
}

async function countRows(db: Db, table: string): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.id(table)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

async function* tableLines(db: Db, table: TableInfo, onRows: (n: number) => void): AsyncGenerator<string> {
  const order =
    table.primaryKey.length > 0 ? sql` ORDER BY ${sql.join(table.primaryKey.map((c) => sql.ref(`t.${c}`)))}` : sql``;
  await sql`DECLARE liudong_backup NO SCROLL CURSOR FOR
    SELECT row_to_json(t)::text AS j FROM ${sql.id(table.name)} AS t${order}`.execute(db);
  for (;;) {
    const page = await sql<{ j: string }>`FETCH ${sql.raw(String(FETCH_ROWS))} FROM liudong_backup`.execute(db);
    if (page.rows.length === 0) break;
    // A `json` column keeps its original whitespace; newlines in it are only whitespace between tokens.
    yield `${page.rows.map((r) => (r.j.includes('\n') ? r.j.replace(/[\r\n]/g, ' ') : r.j)).join('\n')}\n`;
    onRows(page.rows.length);
  }
  await sql`CLOSE liudong_backup`.execute(db);
}

/**
 * Writes an encrypted dump of the whole database to `file` (through `file.partial`, renamed at the end,
 * so a failed backup never leaves a file that looks complete). Read-only on the source.
 */
export async function writeBackup(
  db: Kysely<Database>,
  engine: DatabaseKind,
  file: string,
  keys: BackupKeys,
  onProgress?: (p: TableProgress) => void,
): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  const header = newHeader(secretOf(keys), keyFingerprint(keys.masterKey), engine);
  const counts: TableCount[] = [];
  let sequenceCount = 0;
  try {
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const tables = await listTables(trx);
        const migrations = await appliedMigrations(trx);
        const totals: TableCount[] = [];
        for (const t of tables) totals.push({ name: t.name, rows: await countRows(trx, t.name) });
        const rowsTotal = totals.reduce((sum, t) => sum + t.rows, 0);
        async function* dump(): AsyncGenerator<string> {
          yield control({ type: 'backup', format: 1, engine, migrations, tables: totals });
          let all = 0;
          for (const [i, table] of tables.entries()) {
            const total = totals[i]?.rows ?? 0;
            let done = 0;
            yield control({ type: 'table', name: table.name, columns: table.columns, rows: total });
            onProgress?.({ table: table.name, done, total, rowsDone: all, rowsTotal });
            yield* tableLines(trx, table, (n) => {
              done += n;
              onProgress?.({ table: table.name, done, total, rowsDone: all + done, rowsTotal });
            });
            yield control({ type: 'end-table', name: table.name, rows: done });
            counts.push({ name: table.name, rows: done });
            all += done;
          }
          const values: { name: string; lastValue: string; isCalled: boolean }[] = [];
          for (const name of await listSequences(trx)) {
            const r = await sql<{ last_value: string; is_called: boolean }>`
              SELECT last_value::text AS last_value, is_called FROM ${sql.id(name)}`.execute(trx);
            const row = r.rows[0];
            if (row) values.push({ name, lastValue: row.last_value, isCalled: row.is_called });
          }
          sequenceCount = values.length;
          yield control({ type: 'sequences', values });
          yield control({ type: 'end', rows: all });
        }
        await pipeline(
          Readable.from(dump()),
          createGzip({ level: 6 }),
          new EncryptStream(header, secretOf(keys)),
          fs.createWriteStream(partial, { mode: 0o600 }),
        );
      });
    fs.renameSync(partial, file);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return { tables: counts, sequences: sequenceCount, bytes: fs.statSync(file).size };
}

async function* lines(input: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input) {
    const parts = (rest + decoder.write(chunk)).split('\n');
    rest = parts.pop() ?? '';
    yield* parts;
  }
  rest += decoder.end();
  if (rest) yield rest;
}

/** Tables (other than migration bookkeeping) that hold at least one row. */
async function nonEmptyTables(db: Db): Promise<string[]> {
  const found: string[] = [];
  for (const t of await listTables(db)) {
    const r = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM ${sql.id(t.name)}) AS any`.execute(db);
    if (r.rows[0]?.any) found.push(t.name);
  }
  return found;
}

async function checkForeignKeys(db: Db): Promise<void> {
  for (const fk of await listForeignKeys(db)) {
    const notNull = fk.childColumns.map((c) => sql`${sql.ref(`c.${c}`)} IS NOT NULL`);
    const match = fk.childColumns.map((c, i) => sql`${sql.ref(`p.${fk.parentColumns[i]}`)} = ${sql.ref(`c.${c}`)}`);
    const r = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.id(fk.child)} AS c
      WHERE ${sql.join(notNull, sql` AND `)}
        AND NOT EXISTS (SELECT 1 FROM ${sql.id(fk.parent)} AS p WHERE ${sql.join(match, sql` AND `)})`.execute(db);
    const n = Number(r.rows[0]?.n ?? 0);
    if (n > 0) {
      throw new Error(
        `The backup is inconsistent: ${n} rows of ${fk.child} point to missing ${fk.parent} rows (${fk.name}).`,
      );
    }
  }
}

/** The dump's lines; nothing is read until the first line is asked for, and an early exit stops reading. */
async function* decryptedLines(
  fd: fs.promises.FileHandle,
  header: BackupHeader,
  offset: number,
  secret: BackupSecret,
): AsyncGenerator<string> {
  const gunzip = createGunzip();
  const source = Readable.from(decryptFrames(fd, header, offset, secret));
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  try {
    yield* lines(gunzip);
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

/** Opens a backup file and decrypts it as a stream of lines. */
async function openBackup(file: string, keys: BackupKeys) {
  const fd = await fs.promises.open(file, 'r');
  try {
    const { header, offset } = await readHeader(fd);
    const secret: BackupSecret =
      header.kdf === 'scrypt'
        ? { kind: 'passphrase', passphrase: keys.passphrase ?? '' }
        : { kind: 'master', masterKey: keys.masterKey };
    if (header.kdf === 'scrypt' && !keys.passphrase) {
      throw new Error('This backup is protected by a passphrase: set LIUDONG_BACKUP_PASSPHRASE to restore it.');
    }
    return { fd, header, lines: decryptedLines(fd, header, offset, secret) };
  } catch (err) {
    await fd.close();
    throw err;
  }
}

/**
 * Restores `file` into an empty database: migrates it, loads every row, sets the sequences. The target's
 * master key must be the one the source used (ID numbers stay encrypted under it).
 */
export async function restoreBackup(
  db: Kysely<Database>,
  file: string,
  keys: BackupKeys,
  onProgress?: (p: TableProgress) => void,
): Promise<RestoreSummary> {
  const { fd, header, lines: input } = await openBackup(file, keys);
  try {
    const keyId = keyFingerprint(keys.masterKey);
    if (header.dataKeyId !== keyId) {
      throw new Error(
        `This backup was made under another data key (fingerprint ${header.dataKeyId}; this deployment has ${keyId}). ` +
          'Restore with the source deployment key (LIUDONG_DATA_KEY, or its keys/data.key file): without it no ID number can be read.',
      );
    }
    const busy = await nonEmptyTables(db);
    if (busy.length > 0) {
      throw new Error(
        `The target database is not empty (rows in ${busy.slice(0, 5).join(', ')}${busy.length > 5 ? ', …' : ''}). ` +
          'Restore only into an empty database: a new LIUDONG_DATA_DIR folder, or a newly created PostgreSQL database.',
      );
    }
    await migrateToLatest(db);
    const known = new Map((await listTables(db)).map((t) => [t.name, t]));
    const migrations = await appliedMigrations(db);
    const tables: TableCount[] = [];
    let sequences = 0;

    await db.transaction().execute(async (trx) => {
      try {
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      } catch {
        throw new Error(
          'Restore needs a database role that may set session_replication_role (a superuser, or on PostgreSQL 15+ ' +
            '"GRANT SET ON PARAMETER session_replication_role TO <role>"): rows are loaded with triggers off and ' +
            'foreign keys are checked once at the end.',
        );
      }
      // Rows a migration may have seeded are replaced by the backup's.
      if (known.size > 0) await sql`TRUNCATE ${sql.join([...known.keys()].map((n) => sql.id(n)))}`.execute(trx);

      let current: { name: string; columns: string[]; rows: number; total: number } | null = null;
      let rowsDone = 0;
      let rowsTotal = 0;
      let batch: string[] = [];
      let batchBytes = 0;
      let started = false;
      let ended = false;
      const flush = async () => {
        if (!current || batch.length === 0) return;
        const cols = sql.join(current.columns.map((c) => sql.id(c)));
        await sql`INSERT INTO ${sql.id(current.name)} (${cols}) OVERRIDING SYSTEM VALUE
          SELECT ${cols} FROM json_populate_recordset(NULL::${sql.id(current.name)}, ${`[${batch.join(',')}]`}::json)`.execute(
          trx,
        );
        current.rows += batch.length;
        rowsDone += batch.length;
        batch = [];
        batchBytes = 0;
        onProgress?.({ table: current.name, done: current.rows, total: current.total, rowsDone, rowsTotal });
      };

      for await (const line of input) {
        if (ended) throw new Error('The backup has data after its end marker; it was altered.');
        if (!line.startsWith('#')) {
          if (!current) throw new Error('The backup is damaged: a row outside any table.');
          batch.push(line);
          batchBytes += line.length;
          if (batch.length >= INSERT_ROWS || batchBytes >= INSERT_BYTES) await flush();
          continue;
        }
        const c = JSON.parse(line.slice(1)) as Control;
        if (!started && c.type !== 'backup')
          throw new Error('The backup is damaged: it does not start with its table list.');
        switch (c.type) {
          case 'backup': {
            started = true;
            rowsTotal = c.tables.reduce((sum, t) => sum + t.rows, 0);
            const unknown = c.migrations.filter((m) => !migrations.includes(m));
            if (unknown.length > 0) {
              throw new Error(
                `This backup comes from a newer version of Liudong (migrations ${unknown.join(', ')} are unknown here). Upgrade, then restore.`,
              );
            }
            break;
          }
          case 'table': {
            const target = known.get(c.name);
            if (!target)
              throw new Error(`The backup has a table "${c.name}" that this version of Liudong does not have.`);
            const missing = c.columns.filter((col) => !target.columns.includes(col));
            if (missing.length > 0) {
              throw new Error(
                `Table ${c.name} in the backup has columns this version does not have: ${missing.join(', ')}.`,
              );
            }
            current = { name: c.name, columns: c.columns, rows: 0, total: c.rows };
            onProgress?.({ table: c.name, done: 0, total: c.rows, rowsDone, rowsTotal });
            break;
          }
          case 'end-table': {
            await flush();
            if (!current || current.name !== c.name || current.rows !== c.rows) {
              throw new Error(
                `The backup is damaged: table ${c.name} should have ${c.rows} rows, read ${current?.rows ?? 0}.`,
              );
            }
            tables.push({ name: c.name, rows: current.rows });
            current = null;
            break;
          }
          case 'sequences':
            for (const s of c.values) {
              const exists = await sql<{ ok: boolean }>`
                SELECT to_regclass('public.' || quote_ident(${s.name})) IS NOT NULL AS ok`.execute(trx);
              if (!exists.rows[0]?.ok)
                throw new Error(`The backup has a sequence "${s.name}" that this version does not have.`);
              await sql`SELECT setval(('public.' || quote_ident(${s.name}))::regclass, ${s.lastValue}::bigint, ${s.isCalled})`.execute(
                trx,
              );
            }
            sequences = c.values.length;
            break;
          case 'end':
            ended = true;
            break;
        }
      }
      if (!ended) throw new Error('The backup file is incomplete (no end marker).');
      await checkForeignKeys(trx);
    });
    return { header, tables, sequences, migrations };
  } finally {
    await fd.close();
  }
}

/** Reads only the plain header (engine, date, key mode) of a backup file. */
export async function backupHeader(file: string): Promise<BackupHeader> {
  const fd = await fs.promises.open(file, 'r');
  try {
    return (await readHeader(fd)).header;
  } finally {
    await fd.close();
  }
}

/**
 * The deployment master key, without creating one: a backup or restore under a freshly invented key
 * would make every ID number unreadable.
 */
export function existingMasterKey(dataKey: string | null, keyFile: string): Buffer {
  if (dataKey) {
    const key = Buffer.from(dataKey, 'base64');
    if (key.length !== 32) throw new Error('LIUDONG_DATA_KEY must be 32 bytes, base64-encoded.');
    return key;
  }
  if (!fs.existsSync(keyFile)) {
    throw new Error(
      `No data key: set LIUDONG_DATA_KEY, or put the deployment's key file at ${keyFile} (LIUDONG_KEY_FILE). ` +
        'Backups are bound to the key that protects the ID numbers; restore needs the source deployment key.',
    );
  }
  return loadMasterKey(null, keyFile);
}
