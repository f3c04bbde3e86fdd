/**
 * Duplicate-candidate figures for `npm run bench` (issue 24): precision and recall of the matcher on the labelled
 * set (test/fixtures/dedup-pairs.ts) at the configured thresholds; the background pass over the registry (persons
 * per second, pairs compared, pairs found); and the candidate check a create runs (blocking query + scoring),
 * next to the exact ID-number lookup every create already did.
 *
 *   BENCH_DUP_PERSONS  persons in the registry (default BENCH_SCALE, else 20,000); the database
 *                      (liudong_bench_dup, or tmp/bench-dup for PGlite) is kept between runs of the same size
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../src/config.ts';
import { prepareRecord, scorePair } from '../src/core/dedup/score.ts';
import { loadDemo } from '../src/modules/demo/demo.generator.ts';
import { restartDuplicatePass, runDuplicatePass } from '../src/modules/duplicates/index.ts';
import { blockKeys, blockRows, matchRecordOf, scoreCandidates } from '../src/modules/persons/index.ts';
import { openContext } from '../src/server.ts';
import { measure } from '../test/fixtures/dedup-measure.ts';
import { dedupPairs } from '../test/fixtures/dedup-pairs.ts';
import { adminSql, benchConfig, serverUrl } from './support.ts';

const DB_NAME = 'liudong_bench_dup';
/** Creates simulated for the candidate-check figure. */
const SUBJECTS = 500;

function config(kind: 'postgres' | 'pglite'): Config {
  const dataDir = path.resolve('tmp/bench-dup');
  const base = { ...benchConfig(), dataDir, keyFile: path.join(dataDir, 'keys', 'data.key') };
  if (kind === 'pglite') return { ...base, databaseUrl: null };
  const u = new URL(serverUrl());
  u.pathname = `/${DB_NAME}`;
  return { ...base, databaseUrl: u.toString() };
}

async function openRegistry(kind: 'postgres' | 'pglite', persons: number) {
  const cfg = config(kind);
  const reset = async () => {
    if (kind === 'postgres') {
      await adminSql(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
      await adminSql(`CREATE DATABASE ${DB_NAME}`);
    } else fs.rmSync(cfg.dataDir, { recursive: true, force: true });
  };
  if (kind === 'postgres') await adminSql(`CREATE DATABASE ${DB_NAME}`).catch(() => undefined);
  let opened = await openContext(cfg);
  const { n } = await opened.ctx.db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(n) !== persons) {
    await opened.handle.close();
    await reset();
    opened = await openContext(cfg);
    const started = Date.now();
    await loadDemo(opened.ctx, { persons, seed: 24, activity: false });
    console.log(`duplicates: demo registry of ${persons} persons in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return opened;
}

export async function benchDuplicates(kind: 'postgres' | 'pglite', scale: number) {
  const persons = Number(process.env.BENCH_DUP_PERSONS ?? scale ?? 20_000);
  const thresholds = config(kind).duplicates;
  const scored = dedupPairs().map((p) => ({ ...p, score: scorePair(prepareRecord(p.a), prepareRecord(p.b)).score }));
  const labelled = measure(scored, thresholds.candidate);
  const likely = measure(scored, thresholds.likely);

  const { ctx, handle } = await openRegistry(kind, persons);
  try {
    await restartDuplicatePass(ctx.db);
    await ctx.db.deleteFrom('duplicate_pair').execute();
    const started = performance.now();
    const pass = await runDuplicatePass(ctx);
    const passSeconds = (performance.now() - started) / 1000;

    // A create's candidate check against the whole registry, for persons already in it (their own row excluded).
    const sample = await ctx.db.selectFrom('person').selectAll().orderBy('id').limit(SUBJECTS).execute();
    let lookupMs = 0;
    let checkMs = 0;
    for (const row of sample) {
      const t0 = performance.now();
      await ctx.db.selectFrom('person').select('id').where('id_hash', '=', row.id_hash).executeTakeFirst();
      const t1 = performance.now();
      const subject = prepareRecord(matchRecordOf(ctx.pii, row));
      const rows = await blockRows(ctx.db.selectFrom('person'), blockKeys(ctx.pii, subject, row.name), [row.id]);
      scoreCandidates(ctx.pii, subject, rows, (c) => c.match.score >= thresholds.candidate);
      lookupMs += t1 - t0;
      checkMs += performance.now() - t1;
    }
    const result = {
      labelled: { pairs: scored.length, ...labelled, likelyPrecision: likely.precision, likelyRecall: likely.recall },
      pass: {
        ...pass,
        seconds: Math.round(passSeconds * 10) / 10,
        personsPerSecond: Math.round(pass.persons / passSeconds),
      },
      createCheck: { lookupMs: lookupMs / sample.length, candidateMs: checkMs / sample.length },
    };
    const rows = [
      {
        figure: `duplicates: labelled set, ${scored.length} pairs, score ≥ ${thresholds.candidate}`,
        value: `precision ${(labelled.precision * 100).toFixed(1)}%, recall ${(labelled.recall * 100).toFixed(1)}%`,
        baseline: `at ≥ ${thresholds.likely}: ${(likely.precision * 100).toFixed(1)}% / ${(likely.recall * 100).toFixed(1)}%`,
        ratio: '',
        target: '≥ 95% / ≥ 95%',
      },
      {
        figure: `duplicates: background pass over ${pass.persons} persons`,
        value: `${result.pass.personsPerSecond} persons/s, ${result.pass.seconds} s`,
        baseline: `${pass.compared} pairs compared, ${pass.pairs} found`,
        ratio: '',
        target: '1M in minutes',
      },
      {
        figure: `duplicates: candidate check per create (${sample.length} persons)`,
        value: `${result.createCheck.candidateMs.toFixed(2)} ms`,
        baseline: `${result.createCheck.lookupMs.toFixed(2)} ms exact ID lookup`,
        ratio: `${(result.createCheck.candidateMs / Math.max(result.createCheck.lookupMs, 0.001)).toFixed(1)}×`,
        target: 'a few ms',
      },
    ];
    return { result, rows, report: labelled.report };
  } finally {
    await handle.close();
  }
}
