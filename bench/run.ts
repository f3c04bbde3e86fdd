/**
 * `npm run bench`: performance targets from DESIGN.md, each printed as a ratio against a baseline
 * measured in the same run on the same machine. Not a test: nothing here passes or fails a build.
 *
 *   BENCH_PERSONS   persons in the bench database (default 100000; reused between runs)
 *   BENCH_SECONDS   seconds per load run (default 10)
 *   BENCH_DATABASE_URL / DATABASE_URL   PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { progressBar } from '../src/cli/progress.ts';
import { sealAudit } from '../src/modules/audit/audit.chain.ts';
import { DEMO_PASSWORD, loadDemo } from '../src/modules/demo/demo.generator.ts';
import { openContext } from '../src/server.ts';
import { adminSql, BENCH_DB, benchConfig, databaseExists } from './support.ts';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const COUNTY_SCOPE = '330205';

async function ensureData(): Promise<string[]> {
  const config = benchConfig();
  if (await databaseExists()) {
    const { ctx, handle } = await openContext(config);
    const n = await ctx.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await handle.close();
    if (Number(n.n) !== PERSONS) await adminSql(`DROP DATABASE ${BENCH_DB} WITH (FORCE)`);
  }
  if (!(await databaseExists())) {
    await adminSql(`CREATE DATABASE ${BENCH_DB}`);
    const { ctx, handle } = await openContext(config);
    const bar = progressBar(`generating ${PERSONS} demo persons`);
    const started = Date.now();
    await loadDemo(ctx, { persons: PERSONS, seed: 1, onProgress: (d, t) => bar.update(d, t) });
    bar.stop();
    console.log(`demo data: ${PERSONS} persons in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await sealAudit(ctx.db, Number.MAX_SAFE_INTEGER);
    await handle.close();
  }
  const { ctx, handle } = await openContext(config);
  const rows = await ctx.db
    .selectFrom('person')
    .select('id_number_enc')
    .where('residence_division', 'like', `${COUNTY_SCOPE}%`)
    .orderBy('id')
    .limit(2000)
    .execute();
  await handle.close();
  return rows.map((r) => ctx.pii.decrypt(r.id_number_enc));
}

function startChild(script: string, env: Record<string, string> = {}): Promise<{ port: number; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    child.stdout?.once('data', (chunk: Buffer) => resolve({ port: JSON.parse(chunk.toString()).port, child }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function load(url: string, paths: string[], headers: Record<string, string>) {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers,
    requests: [
      {
        setupRequest: (req) => {
          i = (i + 1) % paths.length;
          return { ...req, path: paths[i] };
        },
      },
    ],
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Runs one server in its own process (the load generator needs the other core), then stops it. */
async function measure(script: string, env: Record<string, string>, paths: string[], needsLogin: boolean) {
  const server = await startChild(script, env);
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const headers: Record<string, string> = needsLogin ? { cookie: await login(base) } : {};
    await load(base, paths.slice(0, 200), headers); // warm-up: JIT, pools, caches
    return await load(base, paths, headers);
  } finally {
    server.child.kill();
  }
}

const ids = await ensureData();
console.log(`\nPerson lookup by ID number, ${PERSONS} persons, ${CONNECTIONS} connections, ${SECONDS}s per run`);
const barePaths = ids.map((id) => `/lookup?idNumber=${id}&scope=${COUNTY_SCOPE}`);
const appPaths = ids.map((id) => `/api/persons/lookup?idNumber=${id}`);
const baseline = await measure('bench/server-bare.ts', {}, barePaths, false);
const real = await measure('bench/server-app.ts', {}, appPaths, true);
const pct = (r: { rps: number }) => `${((r.rps / baseline.rps) * 100).toFixed(1)}%`;
console.table([
  {
    run: 'baseline: bare Fastify + pg, same SELECT',
    'req/s': Math.round(baseline.rps),
    ratio: '100%',
    'p99 ms': baseline.p99,
    errors: baseline.errors,
  },
  {
    run: 'Liudong API (session, scope, audit)',
    'req/s': Math.round(real.rps),
    ratio: pct(real),
    'p99 ms': real.p99,
    errors: real.errors,
  },
]);
console.log(`lookup throughput ratio: ${pct(real)} of baseline (target ≥ 40%); p99 ${real.p99} ms (target ≤ 25 ms)`);
