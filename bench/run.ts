/**
 * `npm run bench`: performance targets from DESIGN.md, each printed as a ratio against a baseline
 * measured in the same run on the same machine. Not a test: nothing here passes or fails a build.
 *
 *   DATABASE_URL    PostgreSQL server; without it only the import figures run, on PGlite (smaller default)
 *   BENCH_SCALE     persons generated for the import figures (default 100000 on PostgreSQL, 10000 on PGlite)
 *   BENCH_COUNTRY   'off' skips loading the whole division tree (≈665k nodes, once per bench database)
 *   BENCH_PERSONS   persons in the lookup/search database (default 100000; reused between runs)
 *   BENCH_SECONDS   seconds per load run (default 10)
 *   BENCH_ONLY      'exchange' runs only the exchange figures; 'duplicates' only the duplicate candidates; 'lookup' only lookup, search and division tree;
 *                   'import' only the import rows; 'pages' only the first page loads (bench/pages.ts)
 *   BENCH_RSS_LOG   N: each import child prints its memory every N seconds on stderr
 *   BENCH_EXCHANGE_MESSAGES   messages per exchange run (default 2000)
 *   BENCH_PAGES     'off' skips the first-page-load rows (Chromium against the server; need web/dist)
 *   BENCH_DATABASE_URL / DATABASE_URL   PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { sealAudit } from '../src/modules/audit/audit.chain.ts';
import { DEMO_PASSWORD, loadDemo } from '../src/modules/demo/demo.generator.ts';
import { loadDivisions } from '../src/modules/divisions/divisions.loader.ts';
import { progressBar } from '../src/progress.ts';
import { openContext } from '../src/server.ts';
import { benchAuditVerify } from './audit-verify.ts';
import { benchCertificates } from './certificates.ts';
import { benchDuplicates } from './duplicates.ts';
import { exchangeFigures } from './exchange.ts';
import { benchImport } from './import.ts';
import { benchPages, pageRows } from './pages.ts';
import { benchStats } from './stats.ts';
import { adminSql, BENCH_DB, benchConfig, databaseExists, profileFlags, serverUrl } from './support.ts';

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
    await sealAudit(ctx.db, ctx.auditTrail.keys.chain, Number.MAX_SAFE_INTEGER);
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
    const child = spawn(process.execPath, [...profileFlags(), '--import', 'tsx', script], {
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

/** p95 of sequential requests (one client: per-step latency, as a user clicking the tree feels it). */
async function p95(base: string, cookie: string, paths: string[]): Promise<number> {
  const times: number[] = [];
  for (const p of paths) {
    const started = performance.now();
    const res = await fetch(`${base}${p}`, { headers: { cookie } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.floor(times.length * 0.95)] ?? 0) * 10) / 10;
}

async function ensureCountry(): Promise<number> {
  const { ctx, handle } = await openContext(benchConfig());
  const n = await ctx.db
    .selectFrom('division')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(n.n) < 600_000) {
    const bar = progressBar('loading the whole country division tree');
    await loadDivisions(ctx.db, { villagesUnder: 'all', onProgress: (d, t) => bar.update(d, t) });
    bar.stop();
  }
  const total = await ctx.db
    .selectFrom('division')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await handle.close();
  return Number(total.n);
}

async function treeAndSearch(persons: number) {
  const nodes = await ensureCountry();
  const server = await startChild('bench/server-app.ts', {});
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const cookie = await login(base);
    const { ctx, handle } = await openContext(benchConfig());
    const parents = await ctx.db
      .selectFrom('division')
      .select('code')
      .where('has_children', '=', true)
      .orderBy(sql`md5(code)`)
      .limit(300)
      .execute();
    const names = await ctx.db
      .selectFrom('division')
      .select(['name', 'initials'])
      .where('level', '>=', 4)
      .orderBy(sql`md5(code)`)
      .limit(150)
      .execute();
    const people = await ctx.db
      .selectFrom('person')
      .select(['name', 'name_initials'])
      .orderBy(sql`md5(id::text)`)
      .limit(200)
      .execute();
    await handle.close();
    const children = await p95(
      base,
      cookie,
      parents.map((p) => `/api/divisions/${p.code}/children`),
    );
    const divisionSearch = await p95(
      base,
      cookie,
      names.flatMap((n) => [
        `/api/divisions?q=${encodeURIComponent(n.name.slice(0, 2))}`,
        `/api/divisions?q=${n.initials.slice(0, 3)}`,
      ]),
    );
    const personSearch = await p95(
      base,
      cookie,
      people.flatMap((p) => [`/api/persons?q=${encodeURIComponent(p.name)}`, `/api/persons?q=${p.name_initials}`]),
    );
    return { nodes, persons, children, divisionSearch, personSearch };
  } finally {
    server.child.kill();
  }
}

const KIND = process.env.DATABASE_URL ? 'postgres' : 'pglite';
// BENCH_SCALE may be written 1m / 10m (the statistics rows read it so too).
const SCALE = Number((process.env.BENCH_SCALE ?? (KIND === 'postgres' ? '100000' : '10000')).replace(/m$/i, '000000'));
const results: Record<string, unknown> = {
  database: KIND,
  scale: SCALE,
  at: new Date().toISOString(),
  note: 'ratios against baselines measured in the same run',
};
const table: Record<string, string | number>[] = [];
const pctOf = (a: number, b: number) => `${((a / b) * 100).toFixed(1)}%`;
console.log(
  `Benchmarks on ${KIND === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded; smaller defaults)'}, BENCH_SCALE=${SCALE}`,
);

// BENCH_ONLY=pages runs the first page loads alone (they start their own server on a small demo).
if (process.env.BENCH_ONLY === 'pages') {
  const pages = await benchPages();
  console.log(`load average ${pages.load.join(' ')}`);
  console.table(pageRows(pages));
  console.log(JSON.stringify({ pages }));
  process.exit(0);
}

// BENCH_ONLY=duplicates runs the duplicate-candidate figures alone (issue 24).
if (process.env.BENCH_ONLY === 'duplicates') {
  const only = await benchDuplicates(KIND, SCALE);
  console.log(only.report);
  console.table(only.rows);
  console.log(JSON.stringify({ duplicates: only.result }));
  process.exit(0);
}

// BENCH_ONLY=exchange runs the exchange figures alone (they need no bench database).
if (process.env.BENCH_ONLY === 'exchange') {
  const only = await exchangeFigures(KIND);
  console.table(only.rows);
  console.log(JSON.stringify(only.result));
  process.exit(0);
}

// BENCH_ONLY=lookup skips the import rows (the lookup and search rows need PostgreSQL).
if (process.env.BENCH_ONLY !== 'lookup') {
  const importDir = path.resolve('tmp/bench/import');
  let importConfig = { ...benchConfig(), databaseUrl: null as string | null, dataDir: path.join(importDir, 'pglite') };
  if (KIND === 'postgres') {
    await adminSql('DROP DATABASE IF EXISTS liudong_bench_import WITH (FORCE)');
    await adminSql('CREATE DATABASE liudong_bench_import');
    const u = new URL(serverUrl());
    u.pathname = '/liudong_bench_import';
    importConfig = { ...importConfig, databaseUrl: u.toString() };
  } else fs.rmSync(importConfig.dataDir, { recursive: true, force: true });
  const imp = await benchImport(importConfig, SCALE, Math.max(1000, Math.round(SCALE / 2)), importDir);
  results.import = imp;
  table.push(
    {
      figure: `raw COPY of the rows the CSV import wrote, ${imp.persons} persons (baseline)`,
      value: `${Math.round(imp.copyRowsPerSecond)} rows/s`,
      baseline: '—',
      ratio: '100%',
      target: '',
    },
    {
      figure: 'raw COPY of person, history, episode rows only (no exchange rows)',
      value: `${Math.round(imp.narrowCopyRowsPerSecond)} rows/s`,
      baseline: '',
      ratio: `CSV import ${pctOf(imp.csvRowsPerSecond, imp.narrowCopyRowsPerSecond)} of it`,
      target: '',
    },
    {
      figure: 'CSV import (parse, validate, encrypt, write)',
      value: `${Math.round(imp.csvRowsPerSecond)} rows/s`,
      baseline: 'raw COPY',
      ratio: pctOf(imp.csvRowsPerSecond, imp.copyRowsPerSecond),
      target: '≥ 50%',
    },
    {
      figure: `xlsx import, ${imp.xlsxPersons} persons`,
      value: `${Math.round(imp.xlsxRowsPerSecond)} rows/s`,
      baseline: 'raw COPY',
      ratio: pctOf(imp.xlsxRowsPerSecond, imp.copyRowsPerSecond),
      target: '≥ 25%',
    },
    {
      figure: 'peak RSS during import (CSV / xlsx)',
      value: `${imp.csvPeakRssMb} / ${imp.xlsxPeakRssMb} MB`,
      baseline: '',
      ratio: '',
      target: '< 300 MB',
    },
  );
  if (process.env.BENCH_ONLY === 'import') {
    console.table(table);
    console.log(JSON.stringify({ import: results.import }));
    process.exit(0);
  }
}
if (KIND === 'postgres') {
  const ids = await ensureData();
  const barePaths = ids.map((id) => `/lookup?idNumber=${id}&scope=${COUNTY_SCOPE}`);
  const appPaths = ids.map((id) => `/api/persons/lookup?idNumber=${id}`);
  const baseline = await measure('bench/server-bare.ts', {}, barePaths, false);
  const real = await measure('bench/server-app.ts', {}, appPaths, true);
  results.lookup = { persons: PERSONS, connections: CONNECTIONS, seconds: SECONDS, baseline, real };
  table.push(
    {
      figure: `lookup: bare Fastify + pg, same SELECT (${PERSONS} persons, ${CONNECTIONS} conns)`,
      value: `${Math.round(baseline.rps)} req/s`,
      baseline: '—',
      ratio: '100%',
      target: '',
    },
    {
      figure: 'lookup: Liudong API (session, scope, audit)',
      value: `${Math.round(real.rps)} req/s, p99 ${real.p99} ms`,
      baseline: 'bare handler',
      ratio: pctOf(real.rps, baseline.rps),
      target: '≥ 40%, p99 ≤ 25 ms',
    },
  );
  if (process.env.BENCH_COUNTRY !== 'off') {
    const tree = await treeAndSearch(PERSONS);
    results.treeAndSearch = tree;
    table.push(
      {
        figure: `person search p95 (name, initials; ${PERSONS} persons)`,
        value: `${tree.personSearch} ms`,
        baseline: '',
        ratio: '',
        target: '≤ 50 ms',
      },
      {
        figure: `division children p95 (${tree.nodes} nodes)`,
        value: `${tree.children} ms`,
        baseline: '',
        ratio: '',
        target: '≤ 100 ms',
      },
      {
        figure: 'division search p95 (name, initials)',
        value: `${tree.divisionSearch} ms`,
        baseline: '',
        ratio: '',
        target: '≤ 100 ms',
      },
    );
  }
} else {
  console.log('Lookup, search and division-tree figures need PostgreSQL (set DATABASE_URL).');
}
if (process.env.BENCH_ONLY === 'lookup') {
  console.table(table);
  console.log(JSON.stringify({ lookup: results.lookup, treeAndSearch: results.treeAndSearch }));
  process.exit(0);
}
const certs = await benchCertificates(SECONDS);
results.certificates = certs;
table.push(
  {
    figure: 'certificate verify offline (core, 1 thread)',
    value: `${certs.offlinePerSecond}/s`,
    baseline: '',
    ratio: '100%',
    target: '',
  },
  {
    figure: 'certificate verify via POST /api/verify (PGlite, lookup + audit)',
    value: `${certs.endpointPerSecond}/s, p99 ${certs.endpointP99} ms, ${certs.errors} errors`,
    baseline: `${certs.offlinePerSecond}/s offline`,
    ratio: `${((certs.endpointPerSecond / certs.offlinePerSecond) * 100).toFixed(1)}%`,
    target: '',
  },
);
// Exchange between two deployments over NATS JetStream (issue 5); BENCH_EXCHANGE_MESSAGES adjusts it.
const exchange = await exchangeFigures(KIND);
results.exchange = exchange.result;
table.push(...exchange.rows);
const stats = await benchStats(KIND);
results.stats = stats;
table.push(
  ...(stats.loadRowsPerSecond
    ? [
        {
          figure: `stats: demo load + rollup rebuild, ${stats.persons} persons`,
          value: `${stats.loadRowsPerSecond} rows/s`,
          baseline: '',
          ratio: '',
          target: '',
        },
      ]
    : []),
  ...stats.indicators.map((r) => ({
    figure: `stats p95 ${r.indicator} (${stats.persons} persons; province→village)`,
    value: `${r.rollupP95} ms`,
    baseline: `${r.scanP95} ms full scan`,
    ratio: `${(r.scanP95 / Math.max(r.rollupP95, 0.1)).toFixed(0)}× faster`,
    target: '≤ 200 ms at 10M',
  })),
  {
    figure: `stats: month-end snapshots, 12 months recomputed (${stats.persons} persons)`,
    value: `${stats.snapshot.seconds} s`,
    baseline: `${stats.snapshot.cells} cells`,
    ratio: '',
    target: '',
  },
);
const duplicates = await benchDuplicates(KIND, SCALE);
results.duplicates = duplicates.result;
table.push(...duplicates.rows);
// First page loads in Chromium (issue 21): needs web/dist and /usr/bin/chromium; BENCH_PAGES=off skips them.
if (process.env.BENCH_PAGES !== 'off') {
  const pages = await benchPages();
  results.pages = pages;
  table.push(...pageRows(pages));
}
console.table(table);
if (process.env.DATABASE_URL || process.env.BENCH_DATABASE_URL) await benchAuditVerify();
fs.writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('written: bench/results.json');
