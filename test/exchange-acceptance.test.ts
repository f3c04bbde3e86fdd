/**
 * Acceptance for issue 5, with two deployments as separate server processes on separate databases and
 * the real NATS JetStream on 127.0.0.1:4222:
 * - residence 宁波市江北区 (330205) and origin 安徽省阜阳市临泉县 (341221), each on its own database: with
 *   DATABASE_URL set the residence runs on PostgreSQL and the origin on PGlite (its own folder, divisions
 *   copied from the residence), so the two engines exchange with each other; without it both run on PGlite.
 *   The origin holds 1,000 outflow people.
 * The residence registers the same 1,000 as inflow over HTTP. Midway the NATS server is killed and
 * started again; later the origin is killed with SIGKILL and restarted. Every inflow must end paired at
 * the origin with its automatic feedback back at the residence, each message applied exactly once.
 *
 * NATS is required: the test fails when it is missing. The NATS server is always left running.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '../src/core/id-number.ts';
import { DEMO_PASSWORD } from '../src/modules/demo/demo.generator.ts';
import { exchangeIdentity } from '../src/modules/exchange/exchange.identity.ts';
import { idNumberColumns, nameColumns } from '../src/modules/persons/persons.columns.ts';
import { type NewPerson, registerMany } from '../src/modules/persons/persons.write.ts';
import { openContext } from '../src/server.ts';
import { NATS_URL, ORIGIN, RESIDENCE, requireNats, uniqueNames, waitFor } from './support/exchange.ts';
import {
  adminQuery,
  databaseUrl,
  TEMPLATE_DB,
  TEMPLATE_DIR,
  TEST_DATA_KEY,
  testConfig,
  withDatabase,
} from './support/template.ts';

const PEOPLE = Number(process.env.LIUDONG_EXCHANGE_ACCEPTANCE_PEOPLE || 1000);
const CONCURRENCY = 4;
const NATS_START = [
  '--start',
  '--oknodo',
  '--background',
  '--exec',
  '/usr/sbin/nats-server',
  '--',
  '-a',
  '127.0.0.1',
  '-p',
  '4222',
  '-js',
  '-sd',
  '/var/lib/nats-server',
  '-l',
  '/var/log/nats-server.log',
];

interface Side {
  name: string;
  env: NodeJS.ProcessEnv;
  config: ReturnType<typeof testConfig>;
  port: number;
  child: ChildProcess | null;
  dbName: string | null;
}

let residence: Side;
let origin: Side;
let names: ReturnType<typeof uniqueNames>;
const originPersonIds: string[] = [];
const idNumbers: string[] = [];
const residencePersonIds: string[] = [];

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

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function ensureNatsRunning(): Promise<void> {
  if (await portOpen(4222)) return;
  execFileSync('start-stop-daemon', NATS_START);
  await waitFor('NATS listening', () => portOpen(4222), 30_000);
}

/** Kills the NATS server (by its process id) and starts it again with the same command. */
async function restartNats(): Promise<void> {
  const pid = Number(execFileSync('pgrep', ['-x', 'nats-server'], { encoding: 'utf8' }).trim().split('\n')[0]);
  if (!pid) throw new Error('no nats-server process to restart');
  process.kill(pid, 'SIGKILL');
  await waitFor('NATS down', async () => !(await portOpen(4222)), 30_000);
  await new Promise((r) => setTimeout(r, 1500));
  await ensureNatsRunning();
}

function serve(side: Side): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    env: side.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('running at')) {
        side.child = child;
        resolve(child);
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      output = `${output}${d.toString()}`.slice(-20_000);
    });
    child.once('exit', (code, signal) => {
      if (side.child !== child)
        reject(new Error(`${side.name} exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

async function stop(side: Side, signal: NodeJS.Signals): Promise<void> {
  const child = side.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
  side.child = null;
}

function idNumberFor(i: number): string {
  const day = new Date(Date.UTC(1978, 0, 1) + (i % 3000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `341221${day}${String(900 + Math.floor(i / 3000) * 2 + (i % 2)).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'township', password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

async function registerInflow(base: string, cookie: string, from: number, to: number, village: (i: number) => string) {
  let next = from;
  const one = async () => {
    while (next < to) {
      const i = next++;
      const res = await fetch(`${base}/api/persons`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({
          idNumber: idNumbers[i],
          name: '交换测试',
          hukouDivision: '341221000000',
          residenceDivision: village(i),
          maritalStatus: 'first_marriage',
          arrivedOn: '2026-10-01',
        }),
      });
      if (res.status !== 201) throw new Error(`register ${i}: ${res.status} ${await res.text()}`);
      residencePersonIds.push(((await res.json()) as { person: { id: string } }).person.id);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, one));
}

async function pairedAtResidence(base: string, cookie: string): Promise<number> {
  const res = await fetch(`${base}/api/exchange/rates?division=330205005000`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`rates: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { total: { paired: number } }).total.paired;
}

async function makeSide(
  name: string,
  divisions: string,
  engine: 'postgres' | 'pglite',
  divisionsFrom?: Side,
): Promise<Side> {
  let dbName: string | null = null;
  // Each side has its own folder, also on PostgreSQL (the server writes uploads and keys under it).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `liudong-${name}-`));
  const url = engine === 'postgres' ? databaseUrl() : null;
  if (url) {
    dbName = `liudong_x_${crypto.randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${dbName} TEMPLATE ${TEMPLATE_DB}`);
  } else {
    // The PGlite template exists only in a PGlite pass. In the PostgreSQL pass TEMPLATE_DIR may exist all
    // the same, holding no database: other test files' servers use it as their data folder (e.g. uploads
    // under imports/). Copying that gave the origin an empty database, hence no 临泉县 villages.
    if (!databaseUrl() && fs.existsSync(path.join(TEMPLATE_DIR, 'pgdata')))
      fs.cpSync(TEMPLATE_DIR, dataDir, { recursive: true });
    else if (divisionsFrom) {
      // The PostgreSQL pass builds no PGlite template: a fresh folder with the divisions the test uses,
      // copied from the other side (loading the division files into PGlite took minutes under load).
      const source = await openContext(divisionsFrom.config);
      const rows = await source.ctx.db
        .selectFrom('division')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('code', 'like', `${RESIDENCE}%`),
            eb('code', 'like', `${ORIGIN}%`),
            eb.and([eb('level', '<=', 2), eb.or([eb('code', 'like', '33%'), eb('code', 'like', '34%')])]),
          ]),
        )
        .execute();
      await source.handle.close();
      const { ctx, handle } = await openContext(testConfig({ databaseUrl: null, dataDir }));
      for (let i = 0; i < rows.length; i += 1000)
        await ctx.db
          .insertInto('division')
          .values(rows.slice(i, i + 1000))
          .execute();
      await handle.close();
    } else throw new Error(`no PGlite template and no side to copy divisions from for ${name}`);
  }
  const config = testConfig({ databaseUrl: url && dbName ? withDatabase(url, dbName) : null, dataDir });
  const port = await freePort();
  return {
    name,
    config,
    port,
    child: null,
    dbName,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LIUDONG_DATA_DIR: config.dataDir,
      DATABASE_URL: config.databaseUrl ?? '',
      LIUDONG_DATA_KEY: TEST_DATA_KEY,
      LIUDONG_DEMO: 'off',
      LOG_LEVEL: 'warn',
      LIUDONG_DEPLOYMENT_DIVISIONS: divisions,
      LIUDONG_NATS_URL: NATS_URL,
      LIUDONG_EXCHANGE_POLL_MS: '50',
    },
  };
}

async function count(side: Side, query: string): Promise<number> {
  const { ctx, handle } = await openContext(side.config);
  try {
    const result = await sql<{ n: string }>`${sql.raw(query)}`.execute(ctx.db);
    return Number(result.rows[0]?.n ?? 0);
  } finally {
    await handle.close();
  }
}

/** The lead may run this once per CI (LIUDONG_EXCHANGE_ACCEPTANCE=skip on one pass); it then shows as skipped, by name. */
const SKIP = process.env.LIUDONG_EXCHANGE_ACCEPTANCE === 'skip';

it.runIf(SKIP)('exchange acceptance skipped on this pass by LIUDONG_EXCHANGE_ACCEPTANCE=skip', () => {
  console.warn('exchange acceptance test skipped by LIUDONG_EXCHANGE_ACCEPTANCE=skip');
});

describe.skipIf(SKIP)('origin ↔ residence acceptance', () => {
  let setupError: unknown = null;
  beforeAll(async () => {
    try {
      await setup();
    } catch (error) {
      // Reported by the test itself: vitest would show a failed beforeAll as skipped tests.
      setupError = error;
    }
  }, 300_000);

  async function setup() {
    await requireNats();
    names = uniqueNames();
    // The residence on the suite's engine; the origin always on PGlite (mixed engines when DATABASE_URL is set).
    residence = await makeSide('residence', RESIDENCE, databaseUrl() ? 'postgres' : 'pglite');
    origin = await makeSide('origin', ORIGIN, 'pglite', residence);

    // Each side's key exists before the other starts, as if exchanged by the operators beforehand.
    const keys: Record<string, { publicKey: string; encryptionKey: string }> = {};
    let villages: string[] = [];
    for (const side of [residence, origin]) {
      const { ctx, handle } = await openContext(side.config);
      const { publicKey, encryptionKey } = await exchangeIdentity(ctx.db, ctx.pii);
      keys[side.name] = { publicKey, encryptionKey };
      if (side === residence) {
        const rows = await ctx.db
          .selectFrom('division')
          .select('code')
          .where('code', 'like', '330205005%')
          .where('level', '=', 5)
          .execute();
        villages = rows.map((r) => r.code);
        for (let i = 0; idNumbers.length < PEOPLE; i++) {
          const id = idNumberFor(i);
          const taken = await ctx.db
            .selectFrom('person')
            .select('id')
            .where('id_hash', '=', ctx.pii.blindIndex(id))
            .executeTakeFirst();
          if (!taken) idNumbers.push(id);
        }
      } else {
        const hukou = await ctx.db
          .selectFrom('division')
          .select('code')
          .where('code', 'like', '341221%')
          .where('level', '=', 5)
          .execute();
        if (hukou.length === 0) throw new Error('the origin holds no 临泉县 villages: its divisions were not copied');
        const people: NewPerson[] = idNumbers.map((idNumber, i) => {
          const id = crypto.randomUUID();
          originPersonIds.push(id);
          return {
            id,
            changes: '{}',
            row: {
              ...idNumberColumns(ctx.pii, idNumber),
              ...nameColumns('交换测试'),
              sex: Number(idNumber[16]) % 2 === 1 ? 'M' : 'F',
              birth_date: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
              hukou_division: hukou[i % hukou.length]?.code as string,
              residence_division: villages[i % villages.length] as string,
              marital_status: 'first_marriage',
              children: '[]',
              arrived_on: '2026-10-01',
            },
          };
        });
        await ctx.db.transaction().execute((trx) => registerMany(trx, people, { actorId: null }));
      }
      await handle.close();
    }
    const peer = (name: string, divisions: string[]) => JSON.stringify([{ name, ...keys[name], divisions }]);
    Object.assign(residence.env, {
      LIUDONG_EXCHANGE_PEERS: peer('origin', ['341221']),
      LIUDONG_EXCHANGE_SUBJECT: names.prefix,
      LIUDONG_EXCHANGE_STREAM: names.stream,
      LIUDONG_EXCHANGE_CONSUMER: `residence-${names.stream}`,
    });
    Object.assign(origin.env, {
      LIUDONG_EXCHANGE_PEERS: peer('residence', ['330205']),
      LIUDONG_EXCHANGE_SUBJECT: names.prefix,
      LIUDONG_EXCHANGE_STREAM: names.stream,
      LIUDONG_EXCHANGE_CONSUMER: `origin-${names.stream}`,
    });
    await Promise.all([serve(residence), serve(origin)]);
  }

  afterAll(async () => {
    try {
      await ensureNatsRunning();
    } finally {
      for (const side of [residence, origin]) {
        if (!side) continue;
        await stop(side, 'SIGKILL').catch(() => undefined);
        if (side.dbName) await adminQuery(`DROP DATABASE IF EXISTS ${side.dbName} WITH (FORCE)`).catch(() => undefined);
        fs.rmSync(side.config.dataDir, { recursive: true, force: true });
      }
      // The test stream lives only for this run.
      const { connectNats } = await import('../src/modules/exchange/exchange.nats.ts');
      const link = names
        ? await connectNats({
            url: NATS_URL,
            stream: names.stream,
            subjectPrefix: names.prefix,
            consumer: 'x',
            filterSubjects: [],
            name: 'cleanup',
          }).catch(() => null)
        : null;
      if (link) await link.jsm.streams.delete(names.stream).catch(() => undefined);
      await link?.nc.close();
    }
  }, 120_000);

  it(`pairs ${PEOPLE} inflow registrations with automatic feedback, exactly once, across a NATS restart and a SIGKILL`, async () => {
    if (setupError) throw setupError;
    const resBase = `http://127.0.0.1:${residence.port}`;
    const cookie = await login(resBase);
    const villages = await (async () => {
      const res = await fetch(`${resBase}/api/divisions/330205005000/children`, { headers: { cookie } });
      return ((await res.json()) as { items: { code: string }[] }).items.map((d) => d.code);
    })();
    const village = (i: number) => villages[i % villages.length] as string;
    // The template's demo exchange already holds paired inflow notifications in this township: count on top.
    const pairedBefore = await pairedAtResidence(resBase, cookie);
    const pairedNow = async () => (await pairedAtResidence(resBase, cookie)) - pairedBefore;

    await registerInflow(resBase, cookie, 0, PEOPLE / 2, village);
    await restartNats(); // mid-stream: the first half is still being published, applied and answered
    await registerInflow(resBase, cookie, PEOPLE / 2, PEOPLE, village);

    await waitFor('some pairings before the kill', async () => (await pairedNow()) >= PEOPLE * 0.6, 180_000);
    await stop(origin, 'SIGKILL');
    await serve(origin);

    await waitFor('every inflow paired', async () => (await pairedNow()) >= PEOPLE, 180_000);
    await stop(residence, 'SIGTERM');
    await stop(origin, 'SIGTERM');
    // A pairing whose publish timed out during the NATS restart may have been stored by JetStream all the
    // same (the residence applied it) while the origin still holds it as pending, retrying with backoff
    // (≤ 8 s). Let the origin finish its outbox: the retry is deduplicated by JetStream and marks it sent.
    const pendingPairings = `select count(*) n from exchange_outbox where kind = 'pairing' and status = 'pending'`;
    for (let round = 0; round < 6 && (await count(origin, pendingPairings)) > 0; round++) {
      await serve(origin);
      await new Promise((r) => setTimeout(r, 10_000));
      await stop(origin, 'SIGTERM');
    }

    const origins = originPersonIds.map((id) => `'${id}'`).join(',');
    const residents = residencePersonIds.map((id) => `'${id}'`).join(',');
    expect(residencePersonIds).toHaveLength(PEOPLE);
    // Residence: one notification per person, each answered by exactly one pairing, all paired.
    expect(
      await count(
        residence,
        `select count(*) n from exchange_outbox where person_id in (${residents}) and event = 'inflow' and replied_at is not null`,
      ),
    ).toBe(PEOPLE);
    expect(
      await count(
        residence,
        `select count(*) n from exchange_inbox where person_id in (${residents}) and kind = 'pairing' and outcome = 'paired'`,
      ),
    ).toBe(PEOPLE);
    expect(
      await count(
        residence,
        `select count(distinct in_reply_to) n from exchange_inbox where person_id in (${residents}) and kind = 'pairing'`,
      ),
    ).toBe(PEOPLE);
    expect(
      await count(
        residence,
        `select count(*) n from exchange_case where person_id in (${residents}) and side = 'residence' and state = 'registered_inflow'`,
      ),
    ).toBe(PEOPLE);
    // Origin: each notification applied once, each person paired once, one automatic reply each.
    expect(
      await count(
        origin,
        `select count(*) n from exchange_inbox where person_id in (${origins}) and event = 'inflow' and outcome = 'paired'`,
      ),
    ).toBe(PEOPLE);
    expect(
      await count(
        origin,
        `select count(*) n from exchange_case where person_id in (${origins}) and side = 'origin' and state = 'registered_outflow'`,
      ),
    ).toBe(PEOPLE);
    expect(
      await count(
        origin,
        `select count(*) n from exchange_outbox where person_id in (${origins}) and kind = 'pairing'`,
      ),
    ).toBe(PEOPLE);
    expect(
      await count(
        origin,
        `select count(*) n from exchange_outbox where person_id in (${origins}) and kind = 'pairing' and status = 'sent'`,
      ),
    ).toBe(PEOPLE);
    // Nothing rejected on either side.
    const deadLetters = `select count(*) n from exchange_dead_letter where subject like '${names.prefix}.%'`;
    expect(await count(residence, deadLetters)).toBe(0);
    expect(await count(origin, deadLetters)).toBe(0);
  }, 600_000);
});
