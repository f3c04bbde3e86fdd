/**
 * SQL function files on a real database (the engine of the run). The test template is migrated from an empty
 * database at the start of every run (test/global-setup.ts), so the copy here is what a fresh database ends with.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/support/context.ts';
import { applyFunctionFiles, FUNCTIONS_DIR, readFunctionFiles } from './sql-functions.ts';

/** The registry of statistics event sources: data kept as a function, rewritten by stat_register_event_source. */
const NOT_FROM_FILES = ['stat_event_sources'];

let env: TestEnv;
let db: Kysely<unknown>;
let dir: string;

beforeAll(async () => {
  env = await createTestEnv();
  db = env.ctx.db as unknown as Kysely<unknown>;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-sqlfn-'));
});
afterAll(async () => {
  await env.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of the function files with some of them replaced. */
function filesWith(changes: Record<string, string>, name = `set-${Object.keys(changes).join('-')}`) {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  for (const f of fs.readdirSync(FUNCTIONS_DIR)) fs.copyFileSync(path.join(FUNCTIONS_DIR, f), path.join(folder, f));
  for (const [file, text] of Object.entries(changes)) fs.writeFileSync(path.join(folder, file), text);
  return readFunctionFiles(folder);
}

async function source(name: string): Promise<string> {
  const r = await sql<{ src: string }>`SELECT string_agg(prosrc, E'\n') AS src FROM pg_proc
    WHERE pronamespace = 'public'::regnamespace AND proname = ${name}`.execute(db);
  return r.rows[0]?.src ?? '';
}

function fileText(name: string): string {
  return fs.readFileSync(path.join(FUNCTIONS_DIR, `${name}.sql`), 'utf8');
}

describe('SQL function files', () => {
  it('leave a freshly migrated database with exactly their functions, recorded as applied', async () => {
    const r = await sql<{ name: string }>`SELECT p.proname AS name FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
      ORDER BY 1`.execute(db);
    const files = readFunctionFiles();
    expect(r.rows.map((x) => x.name)).toEqual([...files.map((f) => f.name), ...NOT_FROM_FILES].sort());
    const recorded = await sql<{ name: string; file_hash: string }>`SELECT name, file_hash FROM sql_function
      ORDER BY name`.execute(db);
    expect(recorded.rows).toEqual(files.map((f) => ({ name: f.name, file_hash: f.hash })));
  });

  it('are not applied again while nothing changed', async () => {
    expect(await applyFunctionFiles(db)).toEqual([]);
  });

  it('apply a changed file once', async () => {
    const changed = fileText('stat_level').replace('ELSE 1 END', 'ELSE 1 END -- changed');
    const files = filesWith({ 'stat_level.sql': changed });
    expect(await applyFunctionFiles(db, files)).toEqual(['stat_level']);
    expect(await source('stat_level')).toContain('-- changed');
    expect(await applyFunctionFiles(db, files)).toEqual([]);
    expect(await applyFunctionFiles(db)).toEqual(['stat_level']);
    expect(await source('stat_level')).not.toContain('-- changed');
  });

  it('put back a function that something else redefined', async () => {
    await sql`CREATE OR REPLACE FUNCTION stat_resume() RETURNS boolean LANGUAGE sql AS $$ SELECT false $$`.execute(db);
    expect(await applyFunctionFiles(db)).toEqual(['stat_resume']);
    expect(await source('stat_resume')).toContain('stat_merge_deltas()');
  });

  it('may call functions of files applied after them', async () => {
    const files = filesWith({
      'aaa_caller.sql':
        'CREATE OR REPLACE FUNCTION aaa_caller() RETURNS int LANGUAGE sql AS $$ SELECT zzz_callee() $$\n',
      'zzz_callee.sql': 'CREATE OR REPLACE FUNCTION zzz_callee() RETURNS int LANGUAGE sql AS $$ SELECT 7 $$\n',
    });
    expect(await applyFunctionFiles(db, files)).toEqual(['aaa_caller', 'zzz_callee']);
    const r = await sql<{ v: number }>`SELECT aaa_caller() AS v`.execute(db);
    expect(r.rows[0]?.v).toBe(7);
    await sql`DROP FUNCTION aaa_caller(), zzz_callee()`.execute(db);
    await sql`DELETE FROM sql_function WHERE name IN ('aaa_caller', 'zzz_callee')`.execute(db);
  });

  it('stop at a body with a syntax error, naming the file, and change nothing', async () => {
    const files = filesWith({
      'stat_level.sql': fileText('stat_level').replace('ELSE 1 END', 'ELSE 1 END -- changed'),
      'stat_resume.sql': fileText('stat_resume').replace('PERFORM stat_rebuild();', 'PERFORM stat_rebuild()'),
    });
    await expect(applyFunctionFiles(db, files)).rejects.toThrow(/stat_resume\.sql: syntax error/);
    expect(await source('stat_level')).not.toContain('-- changed');
    expect(await applyFunctionFiles(db)).toEqual([]);
  });

  it('refuse a file that is not one function named like it', () => {
    const folder = path.join(dir, 'misnamed');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'stat_x.sql'), fileText('stat_level'));
    expect(() => readFunctionFiles(folder)).toThrow(/stat_x\.sql: a function file holds one/);
  });
});
