/**
 * `npx tsx bench/audit-verify.ts`: how fast `liudong audit verify` walks the chain, against a baseline
 * of the same paged reads without any hashing, and whether memory stays flat (it pages; RSS must not
 * grow with the row count). Needs PostgreSQL; reuses the database liudong_bench_audit.
 *
 *   BENCH_AUDIT_ROWS   audit rows (default 1,000,000)
 */
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { sealAudit, verifyAudit } from '../src/modules/audit/audit.chain.ts';
import { progressBar } from '../src/progress.ts';
import { deriveAuditKeys } from '../src/security/pii.ts';

// A fixed key: the database is reused between runs, and its chain must keep verifying.
const CHAIN_KEY = deriveAuditKeys(Buffer.alloc(32, 9)).chain;
const ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000);
const DB = 'liudong_bench_audit';
const server = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

function urlFor(name: string): string {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Peak RSS while `work` runs, sampled every 50 ms. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakMb: number; startMb: number }> {
  const startMb = process.memoryUsage().rss / 2 ** 20;
  let peak = startMb;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
  }, 50);
  try {
    const value = await work();
    return { value, peakMb: Math.max(peak, process.memoryUsage().rss / 2 ** 20), startMb };
  } finally {
    clearInterval(timer);
  }
}

export async function benchAuditVerify(): Promise<void> {
  await admin(`CREATE DATABASE ${DB}`).catch(() => undefined);
  const handle = await openDatabase({ databaseUrl: urlFor(DB), dataDir: '', poolSize: 2 });
  const db = handle.db;
  try {
    await migrateToLatest(db);
    const have = await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_log`.execute(db);
    if (Number(have.rows[0]?.n) !== ROWS) {
      await sql`TRUNCATE audit_log, audit_seal, audit_anchor`.execute(db);
      const bar = progressBar('audit rows');
      for (let done = 0; done < ROWS; done += 100_000) {
        const n = Math.min(100_000, ROWS - done);
        await sql`INSERT INTO audit_log (actor_username, actor_role, actor_division, action, entity, entity_id, person_id, ip, details)
          SELECT 'village', 'village_manager', '330205005003', 'person.read', 'person', gen_random_uuid()::text,
            gen_random_uuid(), '127.0.0.1', jsonb_build_object('fields', jsonb_build_array('name', 'phone'), 'n', g)
          FROM generate_series(1, ${n}) AS g`.execute(db);
        bar.update(done + n, ROWS);
      }
      bar.stop();
      const sealing = progressBar('sealing');
      let sealed = 0;
      while (sealed < ROWS) {
        const n = await sealAudit(db, CHAIN_KEY, 50_000);
        if (n === 0) break;
        sealed += n;
        sealing.update(sealed, ROWS);
      }
      sealing.stop();
    }

    // Baseline: the same pages of the same rows, fetched but not hashed.
    const base = await withPeakRss(async () => {
      const t0 = process.hrtime.bigint();
      let after = 0n;
      for (;;) {
        const page = await sql<{ chain_seq: string }>`SELECT chain_seq::text AS chain_seq, prev_hash, hash,
          concat_ws('|', seq::text, (extract(epoch from at) * 1000000)::bigint::text, coalesce(actor_username, ''),
            action, coalesce(details::text, '')) AS content
          FROM audit_log WHERE chain_seq > ${after.toString()}::bigint ORDER BY audit_log.chain_seq LIMIT 5000`.execute(
          db,
        );
        if (page.rows.length === 0) break;
        after = BigInt(page.rows[page.rows.length - 1]?.chain_seq ?? '0');
      }
      return Number(process.hrtime.bigint() - t0) / 1e9;
    });
    const run = await withPeakRss(async () => {
      const t0 = process.hrtime.bigint();
      const result = await verifyAudit(db, CHAIN_KEY);
      return { result, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
    });
    const { result, seconds } = run.value;
    if (!result.ok) throw new Error(`verify failed: ${JSON.stringify(result.firstBroken)}`);
    const rate = result.checked / seconds;
    const baseRate = result.checked / base.value;
    console.log(
      `audit verify: ${result.checked.toLocaleString('en')} rows in ${seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString('en')} rows/s; ` +
        `paged read without hashing ${Math.round(baseRate).toLocaleString('en')} rows/s; ratio ${(rate / baseRate).toFixed(2)}`,
    );
    console.log(
      `audit verify memory: RSS ${run.startMb.toFixed(0)} MB at start, peak ${run.peakMb.toFixed(0)} MB (paged: flat in the row count)`,
    );
  } finally {
    await handle.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchAuditVerify().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
