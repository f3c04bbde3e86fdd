/**
 * Crash safety: the real server process is killed with SIGKILL while clients create and update people
 * over HTTP, then restarted on the same data. Every write the server acknowledged must be there, and no
 * record may be half written: each person has one history row per version, the residence episodes its
 * moves imply, one audit row per write, and the audit chain verifies.
 *
 * Runs on the engine the suite runs on (PGlite by default, PostgreSQL with DATABASE_URL).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '../src/core/id-number.ts';
import { verifyAudit } from '../src/modules/audit/audit.chain.ts';
import { DEMO_PASSWORD } from '../src/modules/demo/demo.generator.ts';
import { openContext } from '../src/server.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';
import { ORIGIN_COUNTY, VILLAGE } from './support/fixtures.ts';
import { TEST_DATA_KEY } from './support/template.ts';

const CYCLES = 2;
const WORKERS = 6;
/** Acknowledged writes per cycle before the kill. */
const WRITES_PER_CYCLE = 40;
const OTHER_VILLAGE = '330205005005'; // also in 甬江街道, so a move stays in the township officer's scope

let env: TestEnv;
let before: Set<string>;
let port: number;
/** The running server's output, attached to a client's failure so a 500 can be traced to its cause. */
let serverLog = '';

/** A request that should have succeeded, with the server's recent log. */
async function failure(what: string, res: Response): Promise<Error> {
  const body = await res.text();
  // The server logs a 500 after answering it (asynchronous logger): give the line time to arrive.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return new Error(`${what}: ${res.status} ${body}\nserver log:\n${serverLog.slice(-4000)}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function serve(): Promise<ChildProcess> {
  const { config } = env.ctx;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LIUDONG_DATA_DIR: config.dataDir,
      DATABASE_URL: config.databaseUrl ?? '',
      LIUDONG_DATA_KEY: TEST_DATA_KEY,
      LIUDONG_DEMO: 'off',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serverLog = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      serverLog += d.toString();
      if (serverLog.includes('running at')) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => {
      serverLog += d.toString();
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${serverLog}`)),
    );
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function randomIdNumber(): string {
  const day = new Date(Date.UTC(1970, 0, 1) + Math.floor(Math.random() * 30 * 365) * 86_400_000);
  const first17 = `341221${day.toISOString().slice(0, 10).replaceAll('-', '')}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

interface Load {
  acked: Map<string, number>;
  writes: number;
  stop: boolean;
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'township', password: DEMO_PASSWORD }),
  });
  const body = (await res.json()) as { next?: string };
  if (res.status !== 200 || (body.next && body.next !== 'full'))
    throw new Error(`login: ${res.status} ${JSON.stringify(body)}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

/** Creates a person, then keeps updating it (every other update a move), recording what was acknowledged. */
async function worker(base: string, cookie: string, load: Load): Promise<void> {
  const headers = { cookie, 'content-type': 'application/json' };
  try {
    while (!load.stop) {
      const created = await fetch(`${base}/api/persons`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          idNumber: randomIdNumber(),
          name: '崩溃测试',
          hukouDivision: ORIGIN_COUNTY,
          residenceDivision: VILLAGE,
          maritalStatus: 'unmarried',
          arrivedOn: '2026-10-01',
        }),
      });
      if (created.status === 409) continue; // a random ID number may already exist
      if (created.status !== 201) throw await failure('create', created);
      const person = ((await created.json()) as { person: { id: string; version: number } }).person;
      load.acked.set(person.id, person.version);
      load.writes++;
      let residence = VILLAGE;
      for (let i = 0; i < 3 && !load.stop; i++) {
        const version = load.acked.get(person.id) as number;
        if (i % 2 === 1) residence = residence === VILLAGE ? OTHER_VILLAGE : VILLAGE;
        // Every update changes something, so each acknowledged update is a new version.
        const change = i % 2 === 0 ? { residenceAddress: `幸福路 ${version} 号` } : { residenceDivision: residence };
        const res = await fetch(`${base}/api/persons/${person.id}`, {
          method: 'PATCH',
          headers,
          body: JSON.stringify({ version, ...change }),
        });
        if (res.status !== 200) throw await failure('update', res);
        const updated = ((await res.json()) as { person: { version: number } }).person.version;
        if (updated !== version + 1) throw new Error(`update acknowledged version ${updated}, expected ${version + 1}`);
        load.acked.set(person.id, updated);
        load.writes++;
      }
    }
  } catch (err) {
    // After the kill every request fails; before it, nothing may.
    if (!load.stop) throw err;
  }
}

beforeAll(async () => {
  env = await createTestEnv();
  const rows = await env.ctx.db.selectFrom('person').select('id').execute();
  before = new Set(rows.map((r) => r.id));
  await env.release();
  port = await freePort();
});
afterAll(() => env.close());

describe(`crash safety (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it(`keeps every acknowledged write and no half-written record across ${CYCLES} SIGKILLs under load`, async () => {
    const load: Load = { acked: new Map(), writes: 0, stop: false };
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const server = await serve();
      const base = `http://127.0.0.1:${port}`;
      const cookie = await login(base);
      load.stop = false;
      const target = load.writes + WRITES_PER_CYCLE;
      const workers = Array.from({ length: WORKERS }, () => worker(base, cookie, load));
      const failed = Promise.race(workers).then(() => {
        throw new Error('a client stopped before the kill');
      });
      while (load.writes < target) await Promise.race([failed, new Promise((r) => setTimeout(r, 10))]);
      // Writes are in flight right now: kill without warning.
      load.stop = true;
      server.kill('SIGKILL');
      await exited(server);
      await Promise.all(workers);
      failed.catch(() => undefined);
    }

    // A clean restart recovers, serves an acknowledged record, then stops (sealing the audit tail).
    const server = await serve();
    const base = `http://127.0.0.1:${port}`;
    const [someId] = load.acked.keys();
    const res = await fetch(`${base}/api/persons/${someId}`, { headers: { cookie: await login(base) } });
    expect(res.status).toBe(200);
    server.kill('SIGTERM');
    expect(await exited(server)).toBe(0);

    const { ctx, handle } = await openContext(env.ctx.config);
    try {
      const persons = await ctx.db.selectFrom('person').select(['id', 'version']).execute();
      const stored = new Map(persons.map((p) => [p.id, p.version]));
      const lost = [...load.acked].filter(([id, version]) => (stored.get(id) ?? 0) < version);
      expect(lost, 'acknowledged writes missing after the crash').toEqual([]);

      const created = persons.filter((p) => !before.has(p.id)).map((p) => p.id);
      expect(created.length).toBeGreaterThanOrEqual(load.acked.size);
      const broken = await sql<{
        id: string;
        version: number;
        history: number;
        episodes: number;
        moves: number;
        audits: number;
      }>`
        SELECT p.id, p.version,
          (SELECT count(*)::int FROM person_history h WHERE h.person_id = p.id) AS history,
          (SELECT count(DISTINCT h.version)::int FROM person_history h WHERE h.person_id = p.id AND h.version BETWEEN 1 AND p.version) AS versions,
          (SELECT count(*)::int FROM person_episode e WHERE e.person_id = p.id) AS episodes,
          (SELECT count(*)::int FROM person_history h WHERE h.person_id = p.id AND h.kind = 'move') AS moves,
          (SELECT count(*)::int FROM audit_log a WHERE a.person_id = p.id AND a.action IN ('person.create', 'person.update')) AS audits
        FROM person p WHERE p.id = ANY(${created}::uuid[])`.execute(ctx.db);
      const half = broken.rows.filter(
        (r) => r.history !== r.version || r.audits !== r.version || r.episodes !== r.moves + 1,
      );
      expect(half, 'half-written people').toEqual([]);
      const orphans = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log a
        WHERE a.action IN ('person.create', 'person.update') AND a.person_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = a.person_id)`.execute(ctx.db);
      expect(orphans.rows[0]?.n, 'audit rows of writes that did not happen').toBe(0);

      const audit = await verifyAudit(ctx.db, ctx.auditTrail.keys.chain);
      expect(audit, JSON.stringify(audit)).toMatchObject({ ok: true, unsealed: 0 });
      console.log(
        `crash: ${CYCLES} SIGKILL cycles survived on ${ctx.dbKind}; ${load.writes} acknowledged writes, ${created.length} people checked, ${audit.checked} audit rows verified`,
      );
    } finally {
      await handle.close();
    }
  }, 120_000);
});
