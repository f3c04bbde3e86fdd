/** Shared setup for benchmarks: a PostgreSQL database with N demo persons, kept between runs. */
import path from 'node:path';
import pg from 'pg';
import { type Config, loadConfig } from '../src/config.ts';

export const BENCH_DB = 'liudong_bench';

export function serverUrl(): string {
  return process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
}

export function benchDatabaseUrl(): string {
  const u = new URL(serverUrl());
  u.pathname = `/${BENCH_DB}`;
  return u.toString();
}

export function benchConfig(): Config {
  return {
    ...loadConfig({}),
    databaseUrl: benchDatabaseUrl(),
    dataDir: path.resolve('tmp/bench'),
    keyFile: path.resolve('tmp/bench/keys/data.key'),
    demoOnEmpty: false,
    logLevel: 'silent',
    // The bench logs in with a password only; a second factor is a login cost, not a lookup cost.
    mfaRequiredRoles: [],
  };
}

export async function adminSql(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function databaseExists(): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DB]);
    return (r.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/** BENCH_CPU_PROF=DIR: node flags that write a CPU profile of a bench child process to DIR (open it in DevTools). */
export function profileFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}
