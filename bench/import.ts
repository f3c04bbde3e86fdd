/**
 * Import benchmark: CSV and xlsx import of N generated persons against a raw COPY of the same rows
 * (already encrypted and indexed, so COPY does only the database's part) into the same tables, plus
 * peak RSS. Runs on a fresh database each time: PostgreSQL `liudong_bench_import`, or a PGlite folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Config } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { maskIdNumber } from '../src/core/id-number.ts';
import { MARITAL_LABELS } from '../src/core/person.ts';
import { pinyinFull, pinyinInitials } from '../src/core/pinyin.ts';
import { type DemoPerson, demoPerson, demoPools, loadDemo } from '../src/modules/demo/demo.generator.ts';
import { SeededRandom } from '../src/modules/demo/demo.random.ts';
import { openContext } from '../src/server.ts';
import { profileFlags } from './support.ts';

export interface ImportFigures {
  persons: number;
  xlsxPersons: number;
  copyRowsPerSecond: number;
  csvRowsPerSecond: number;
  xlsxRowsPerSecond: number;
  peakRssMb: number;
}

const HEADER = [
  '姓名',
  '身份证号',
  '户籍地',
  '现居住地',
  '住址',
  '来本地时间',
  '婚姻状况',
  '联系电话',
  '工作单位',
  '房东',
];
const cells = (p: DemoPerson) => [
  p.name,
  p.idNumber,
  p.hukou,
  p.residence,
  p.address ?? '',
  p.arrivedOn,
  MARITAL_LABELS[p.marital].zh,
  p.phone,
  p.employer ?? '',
  p.landlord ?? '',
];

async function people(ctx: AppContext, n: number, seed: number): Promise<DemoPerson[]> {
  const rng = new SeededRandom(seed);
  const pools = await demoPools(ctx.db);
  const used = new Set<string>();
  return Array.from({ length: n }, () => demoPerson(rng, new Date(), used, pools));
}

async function writeFiles(list: DemoPerson[], xlsxCount: number, dir: string) {
  const csv = path.join(dir, 'persons.csv');
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [HEADER.join(','), ...list.map((p) => cells(p).map(q).join(','))];
  fs.writeFileSync(csv, `${lines.join('\n')}\n`);
  const xlsx = path.join(dir, 'persons.xlsx');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx });
  const ws = wb.addWorksheet('人员');
  ws.addRow(HEADER).commit();
  for (const p of list.slice(0, xlsxCount)) ws.addRow(cells(p)).commit();
  ws.commit();
  await wb.commit();
  return { csv, xlsx };
}

/** COPY text format: tab-separated, \N for NULL, backslash escapes. */
function copyLine(values: (string | null)[]): string {
  return `${values.map((v) => (v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string))).join('\t')}\n`;
}

function copyTexts(ctx: AppContext, list: DemoPerson[], actorId: string) {
  const person: string[] = [];
  const history: string[] = [];
  const episode: string[] = [];
  for (const p of list) {
    const id = crypto.randomUUID();
    person.push(
      copyLine([
        id,
        ctx.pii.encrypt(p.idNumber),
        ctx.pii.blindIndex(p.idNumber),
        `{${ctx.pii.prefixIndexes(p.idNumber).join(',')}}`,
        maskIdNumber(p.idNumber),
        p.name,
        pinyinInitials(p.name),
        pinyinFull(p.name),
        p.sex,
        p.birthDate,
        p.hukou,
        p.residence,
        p.address,
        p.arrivedOn,
        p.marital,
        ctx.pii.encrypt(p.phone), // stored encrypted, as every writer does
        p.employer,
        p.landlord,
        '[]',
        actorId,
      ]),
    );
    history.push(
      copyLine([id, p.residence, '1', 'create', JSON.stringify({ name: { from: null, to: p.name } }), actorId]),
    );
    episode.push(copyLine([id, p.residence, p.address, p.arrivedOn]));
  }
  return [
    [
      'person (id, id_number_enc, id_hash, id_prefix_hashes, id_masked, name, name_initials, name_pinyin, sex, birth_date, hukou_division, residence_division, residence_address, arrived_on, marital_status, phone, employer, landlord, children, created_by)',
      person,
    ],
    ['person_history (person_id, division_code, version, kind, changes, actor_id)', history],
    ['person_episode (person_id, residence_division, residence_address, arrived_on)', episode],
  ] as const;
}

async function copyPostgres(url: string, tables: ReturnType<typeof copyTexts>): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  await client.query('BEGIN');
  for (const [target, lines] of tables)
    await pipeline(Readable.from(lines), client.query(copyFrom(`COPY ${target} FROM STDIN`)));
  await client.query('COMMIT');
  const ms = performance.now() - started;
  await client.end();
  return ms;
}

async function copyPglite(dataDir: string, tables: ReturnType<typeof copyTexts>): Promise<number> {
  const db = await PGlite.create(`${dataDir}/pgdata`);
  const started = performance.now();
  await db.exec('BEGIN');
  for (const [target, lines] of tables)
    await db.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob(lines) });
  await db.exec('COMMIT');
  const ms = performance.now() - started;
  await db.close();
  return ms;
}

/**
 * Back to no persons for the next run. TRUNCATE fires no row triggers, so the statistics derived from
 * persons are emptied and rebuilt too: each run then starts from the same empty rollups as the COPY did.
 */
async function clearPersons(ctx: AppContext): Promise<void> {
  await sql`TRUNCATE person, person_history, person_episode, import_error, import_job, stat_person CASCADE`.execute(
    ctx.db,
  );
  await sql`SELECT stat_rebuild()`.execute(ctx.db);
}

/** Runs one import in a child process and reads back its rate and peak RSS. */
function childImport(config: Config, file: string): { rowsPerSecond: number; peakRssMb: number } {
  // The same bounded heap as `liudong import` (bin/liudong.js).
  const run = spawnSync(
    process.execPath,
    ['--max-old-space-size=160', ...profileFlags(), '--import', 'tsx', 'bench/import-child.ts', file],
    {
      env: { ...process.env, BENCH_IMPORT_CONFIG: JSON.stringify(config) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (run.status !== 0) throw new Error(`import child failed (${run.status})`);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
}

export async function benchImport(
  config: Config,
  persons: number,
  xlsxPersons: number,
  dir: string,
): Promise<ImportFigures> {
  fs.mkdirSync(dir, { recursive: true });
  let { ctx, handle } = await openContext(config);
  await loadDemo(ctx, { persons: 0, seed: 1 });
  const admin = await ctx.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  const list = await people(ctx, persons, 7);
  const files = await writeFiles(list, xlsxPersons, dir);
  const tables = copyTexts(ctx, list, admin.id);
  let copyMs: number;
  if (config.databaseUrl) copyMs = await copyPostgres(config.databaseUrl, tables);
  else {
    await handle.close();
    copyMs = await copyPglite(config.dataDir, tables);
    ({ ctx, handle } = await openContext(config));
  }
  await clearPersons(ctx);
  await handle.close();
  const csv = childImport(config, files.csv);
  ({ ctx, handle } = await openContext(config));
  await clearPersons(ctx);
  await handle.close();
  const xlsx = childImport(config, files.xlsx);
  return {
    persons,
    xlsxPersons,
    copyRowsPerSecond: persons / (copyMs / 1000),
    csvRowsPerSecond: csv.rowsPerSecond,
    xlsxRowsPerSecond: xlsx.rowsPerSecond,
    peakRssMb: Math.max(csv.peakRssMb, xlsx.peakRssMb),
  };
}
