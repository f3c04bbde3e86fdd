/**
 * Statistics figures for `npm run bench`: for every active indicator, the p95 of answering it from the rollups
 * (what the dashboard does) at a province, the county, a township and a village, next to the same answer
 * computed by scanning (per-person rows or the event table), as a ratio. Also the demo load rate (load + rebuild).
 *
 *   BENCH_STATS_PERSONS  persons generated (default 1,000,000 on PostgreSQL, 20,000 on PGlite);
 *                        BENCH_SCALE=10m asks for 10,000,000 (PostgreSQL; hours), BENCH_SCALE=1m for 1,000,000
 * Each sample is one dashboard question (evaluate(), as the API answers it); the scan answers the same question
 * from stat_person or the event table with the same expressions, and the two must agree.
 * The database (liudong_bench_stats, or tmp/bench-stats for PGlite) is kept between runs of the same size.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Config } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { scopePrefix } from '../src/core/divisions.ts';
import { birthYearRange, INDICATORS, type MeasureQuery } from '../src/core/indicators.ts';
import type { Database } from '../src/db/schema.ts';
import { loadDemo } from '../src/modules/demo/demo.generator.ts';
import { rebuildSnapshots } from '../src/modules/stats/stats.history.ts';
import { evaluate, perDayWindow, windowOf } from '../src/modules/stats/stats.service.ts';
import { progressBar } from '../src/progress.ts';
import { openContext } from '../src/server.ts';
import { adminSql, benchConfig, serverUrl } from './support.ts';

const DB_NAME = 'liudong_bench_stats';

interface EventSource {
  measure: string;
  table_name: string;
  division_column: string;
  date_expr: string;
  detail_expr: string;
  filter_expr: string;
  value_expr: string;
}
// Rollup answers sampled per indicator (10 per level); the scan runs once per level, it is slow by design.
const SAMPLES = 40;

function personsWanted(kind: 'postgres' | 'pglite'): number {
  const scale = process.env.BENCH_SCALE;
  if (scale === '10m') return 10_000_000;
  if (scale === '1m') return 1_000_000;
  return Number(process.env.BENCH_STATS_PERSONS ?? (kind === 'postgres' ? 1_000_000 : 20_000));
}

function config(kind: 'postgres' | 'pglite'): Config {
  const dataDir = path.resolve('tmp/bench-stats');
  const base = { ...benchConfig(), dataDir, keyFile: path.join(dataDir, 'keys', 'data.key') };
  if (kind === 'pglite') return { ...base, databaseUrl: null };
  const u = new URL(serverUrl());
  u.pathname = `/${DB_NAME}`;
  return { ...base, databaseUrl: u.toString() };
}

async function countPersons(db: Kysely<Database>): Promise<number> {
  const r = await db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The same sum as the rollup query, by scanning the source rows (stat_person or the event table). */
async function scanSum(
  ctx: AppContext,
  q: MeasureQuery,
  division: string,
  window: { point: true } | { from: string; to: string },
  refYear: number,
): Promise<number> {
  const years = birthYearRange(q.ages, refYear, {
    minAge: ctx.config.childbearingMinAge,
    maxAge: ctx.config.childbearingMaxAge,
  });
  const sources = await sql<EventSource>`SELECT * FROM stat_event_sources() WHERE measure = ${q.measure}`.execute(
    ctx.db,
  );
  const source = sources.rows[0];
  const prefix = scopePrefix(division);
  if (source && 'from' in window) {
    const detail = q.detailLike
      ? sql`AND coalesce((${sql.raw(source.detail_expr)})::text, '') LIKE ${q.detailLike}`
      : sql``;
    const r = await sql<{ n: string }>`SELECT coalesce(sum(${sql.raw(source.value_expr)}), 0) AS n
      FROM ${sql.table(source.table_name)} x
      WHERE x.${sql.ref(source.division_column)} LIKE ${`${prefix}%`} AND (${sql.raw(source.filter_expr)})
        AND to_char(${sql.raw(source.date_expr)}, 'YYYY-MM') BETWEEN ${window.from} AND ${window.to} ${detail}`.execute(
      ctx.db,
    );
    return Number(r.rows[0]?.n ?? 0);
  }
  // Person facts: every stat_person row in the subtree of either division, through the same fact function.
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM stat_person s, LATERAL stat_person_facts(s) f
    WHERE (s.hukou_division LIKE ${`${prefix}%`} OR s.residence_division LIKE ${`${prefix}%`})
      AND f.measure = ${q.measure} AND f.division_code = ${division}
      AND f.period ${'point' in window ? sql`= ''` : sql`BETWEEN ${window.from} AND ${window.to}`}
      ${q.sex ? sql`AND f.sex = ${q.sex}` : sql``}
      ${years ? sql`AND f.birth_year BETWEEN ${years.from} AND ${years.to}` : sql``}
      ${q.detail ? sql`AND f.detail = ${q.detail === 'refYear' ? String(refYear) : q.detail}` : sql``}`.execute(ctx.db);
  return Number(r.rows[0]?.n ?? 0);
}

function p95(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.round((sorted[Math.floor(sorted.length * 0.95)] ?? 0) * 10) / 10;
}

export async function benchStats(kind: 'postgres' | 'pglite') {
  const persons = personsWanted(kind);
  const cfg = config(kind);
  let loadRate: number | null = null;
  let reuse = false;
  if (kind === 'postgres') {
    const client = await import('pg');
    const c = new client.default.Client({ connectionString: serverUrl() });
    await c.connect();
    const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME])).rowCount ?? 0;
    await c.end();
    if (exists) {
      const { ctx, handle } = await openContext(cfg);
      reuse = (await countPersons(ctx.db)) === persons;
      await handle.close();
    }
    if (!reuse) {
      await adminSql(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
      await adminSql(`CREATE DATABASE ${DB_NAME}`);
    }
  } else if (fs.existsSync(cfg.dataDir)) {
    const { ctx, handle } = await openContext(cfg);
    reuse = (await countPersons(ctx.db)) === persons;
    await handle.close();
    if (!reuse) fs.rmSync(cfg.dataDir, { recursive: true, force: true });
  }
  const { ctx, handle } = await openContext(cfg);
  try {
    if (!reuse) {
      const bar = progressBar(`statistics: generating ${persons} persons with activity, then one rollup rebuild`);
      const started = Date.now();
      await loadDemo(ctx, { persons, seed: 6, activity: true, onProgress: (d, t) => bar.update(d, t) });
      bar.stop();
      loadRate = Math.round(persons / ((Date.now() - started) / 1000));
    }
    const places: Record<string, string[]> = {
      province: ['330000000000'],
      county: ['330205000000'],
      township: (
        await ctx.db.selectFrom('division').select('code').where('parent_code', '=', '330205000000').execute()
      ).map((r) => r.code),
      village: (
        await ctx.db
          .selectFrom('division')
          .select('code')
          .where('code', 'like', '330205%')
          .where('level', '=', 5)
          .orderBy('code')
          .limit(20)
          .execute()
      ).map((r) => r.code),
    };
    const year = new Date().getFullYear();
    const period = { kind: 'year' as const, year };
    const rows: { indicator: string; rollupP95: number; scanP95: number }[] = [];
    for (const def of INDICATORS.filter((d) => d.source === 'rollup')) {
      const rollupTimes: number[] = [];
      const scanTimes: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const level = Object.keys(places)[i % 4] as string;
        const list = places[level] as string[];
        const division = list[i % list.length] as string;
        let started = performance.now();
        const cell = (await evaluate(ctx, def, [division], period, false)).get(division);
        rollupTimes.push(performance.now() - started);
        if (i < 4) {
          const window = windowOf(def, period);
          const perDay = def.denominatorPerDayOver ? perDayWindow(def, period) : null;
          started = performance.now();
          const num = await scanSum(ctx, def.numerator, division, window, year);
          let den = def.denominator
            ? await scanSum(ctx, def.denominator, division, perDay ? perDay.window : window, year)
            : null;
          // A per-day denominator is shown to two decimals.
          if (den !== null && perDay) den = Math.round((perDay.days > 0 ? den / perDay.days : 0) * 100) / 100;
          scanTimes.push(performance.now() - started);
          if (num !== cell?.numerator || (def.denominator && den !== cell?.denominator)) {
            throw new Error(
              `${def.code} at ${division}: rollup ${cell?.numerator}/${cell?.denominator}, scan ${num}/${den}`,
            );
          }
        }
      }
      rows.push({ indicator: def.code, rollupP95: p95(rollupTimes), scanP95: p95(scanTimes) });
    }
    // The month-end history the server keeps: twelve months recomputed from the residence episodes in one pass.
    const snapStarted = Date.now();
    const snap = await rebuildSnapshots(ctx.db, 12);
    const snapshotSeconds = Math.round((Date.now() - snapStarted) / 100) / 10;
    return {
      persons: await countPersons(ctx.db),
      loadRowsPerSecond: loadRate,
      indicators: rows,
      snapshot: { months: 12, cells: snap.cells, seconds: snapshotSeconds },
    };
  } finally {
    await handle.close();
  }
}
