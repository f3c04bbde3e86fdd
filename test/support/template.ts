/**
 * The test database template: migrated once and seeded with a small demo county, then copied per test
 * file (a folder copy for PGlite, CREATE DATABASE … TEMPLATE for PostgreSQL), so files never share state.
 */
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../../src/config.ts';
import { loadConfig } from '../../src/config.ts';

export const TEST_DATA_KEY = Buffer.alloc(32, 7).toString('base64');
/**
 * One template per test run (named by the global setup, inherited by the workers through the
 * environment), so two runs on one machine, or one on PGlite and one on PostgreSQL, never collide.
 */
const RUN_ID = process.env.LIUDONG_TEST_RUN ?? 'local';
export const TEMPLATE_DIR = path.resolve(`tmp/test-template-${RUN_ID}`);
export const TEMPLATE_DB = `liudong_test_template_${RUN_ID}`;
export const TEST_DEMO_PERSONS = 400;
export const TEST_SEED = 4242;

export function databaseUrl(): string | null {
  return process.env.DATABASE_URL || null;
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function testConfig(overrides: Partial<Config>): Config {
  // The key file's folder (and so the audit checkpoint file) lives in the test's own data folder.
  // The process's environment still applies (a test file may set a rate limit before it builds its app).
  const base = loadConfig({ ...process.env, ...(overrides.dataDir ? { LIUDONG_DATA_DIR: overrides.dataDir } : {}) });
  return { ...base, dataKey: TEST_DATA_KEY, demoOnEmpty: false, logLevel: 'silent', ...overrides };
}

export async function adminQuery(sql: string): Promise<void> {
  const url = databaseUrl();
  if (!url) throw new Error('DATABASE_URL is not set');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
