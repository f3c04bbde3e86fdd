/**
 * Import benchmark: CSV and xlsx import of N generated persons against a raw COPY of the same rows
 * (the rows the CSV import wrote, dumped: already encrypted and indexed, so COPY does only the database's
 * part) into the same tables, plus peak RSS. Runs on a fresh database: PostgreSQL `liudong_bench_import`,
 * or a PGlite folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Config } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { SeededRandom } from '../src/core/demo-random.ts';
import { MARITAL_LABELS } from '../src/core/person.ts';
import ExcelJS from '../src/http/exceljs.ts';
import { type DemoPerson, demoPerson, demoPools, loadDemo } from '../src/modules/demo/demo.generator.ts';
import { openContext } from '../src/server.ts';
import { profileFlags } from './support.ts';

export interface ImportFigures {
  persons: number;
  xlsxPersons: number;
  /** Persons per second, COPYing every row the import wrote for them. */
  copyRowsPerSecond: number;
  /** The same, without the exchange rows (person, history and episode only). */
  narrowCopyRowsPerSecond: number;
  csvRowsPerSecond: number;
  xlsxRowsPerSecond: number;
  peakRssMb: number;
  csvPeakRssMb: number;
  xlsxPeakRssMb: number;
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
/**
 * Places as sheets write them, so the import bench includes division resolution (import.divisions.ts): a
 * quarter of the rows give codes, a quarter full names, a quarter the residence's full name with the street
 * address in the same cell, and a quarter partial names (without the province; the residence without its county).
 */
type Names = ReadonlyMap<string, string>;
function places(p: DemoPerson, names: Names, i: number): [string, string, string] {
  const full = (code: string) => names.get(code) ?? code;
  const address = p.address ?? '';
  switch (i % 4) {
    case 0:
      return [p.hukou, p.residence, address];
    case 1:
      return [full(p.hukou), full(p.residence), address];
    case 2:
      return [full(p.hukou), `${full(p.residence)}${address}`, ''];
    default:
      return [
        full(p.hukou).replace(/^.+?(省|自治区|市)/, ''),
        full(p.residence).replace('浙江省宁波市江北区', ''),
        address,
      ];
  }
}

const cells = (p: DemoPerson, names: Names, i: number) => {
  const [hukou, residence, address] = places(p, names, i);
  return [
    p.name,
    p.idNumber,
    hukou,
    residence,
    address,
    p.arrivedOn,
    MARITAL_LABELS[p.marital].zh,
    p.phone,
    p.employer ?? '',
    p.landlord ?? '',
  ];
};

async function people(ctx: AppContext, n: number, seed: number): Promise<{ list: DemoPerson[]; names: Names }> {
  const rng = new SeededRandom(seed);
  const pools = await demoPools(ctx.db);
  const used = new Set<string>();
  const list = Array.from({ length: n }, () => demoPerson(rng, new Date(), used, pools));
  const codes = [...new Set(list.flatMap((p) => [p.hukou, p.residence]))];
  const rows = codes.length
    ? await ctx.db.selectFrom('division').select(['code', 'full_name']).where('code', 'in', codes).execute()
    : [];
  return { list, names: new Map(rows.map((r) => [r.code, r.full_name])) };
}

async function writeFiles({ list, names }: { list: DemoPerson[]; names: Names }, xlsxCount: number, dir: string) {
  const csv = path.join(dir, 'persons.csv');
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [HEADER.join(','), ...list.map((p, i) => cells(p, names, i).map(q).join(','))];
  fs.writeFileSync(csv, `${lines.join('\n')}\n`);
  const xlsx = path.join(dir, 'persons.xlsx');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx });
  const ws = wb.addWorksheet('人员');
  ws.addRow(HEADER).commit();
  for (const [i, p] of list.slice(0, xlsxCount).entries()) ws.addRow(cells(p, names, i)).commit();
  ws.commit();
  await wb.commit();
  return { csv, xlsx };
}

/**
 * The tables an import of new people writes its rows into: each person, their first history entry and
 * residence episode, and for people registered from another county the inflow notification to the origin
 * (exchange outbox) with its case. The baseline COPYs exactly the rows the CSV import wrote, dumped from
 * these tables; the narrow baseline leaves out the two exchange tables (the baseline of earlier runs).
 */
const IMPORTED_TABLES = ['person', 'person_history', 'person_episode', 'exchange_outbox', 'exchange_case'] as const;
const PERSON_TABLES = IMPORTED_TABLES.slice(0, 3);
type Table = (typeof IMPORTED_TABLES)[number];

const dumpFile = (dir: string, table: Table) => path.join(dir, `${table}.copy`);

async function dumpPostgres(url: string, dir: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const table of IMPORTED_TABLES)
    await pipeline(client.query(copyTo(`COPY ${table} TO STDOUT`)), fs.createWriteStream(dumpFile(dir, table)));
  await client.end();
}

async function copyPostgres(url: string, dir: string, tables: readonly Table[]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  await client.query('BEGIN');
  for (const table of tables)
    await pipeline(fs.createReadStream(dumpFile(dir, table)), client.query(copyFrom(`COPY ${table} FROM STDIN`)));
  await client.query('COMMIT');
  const ms = performance.now() - started;
  await client.end();
  return ms;
}

async function dumpPglite(dataDir: string, dir: string): Promise<void> {
  const db = await PGlite.create(`${dataDir}/pgdata`);
  for (const table of IMPORTED_TABLES) {
    const result = await db.query(`COPY ${table} TO '/dev/blob'`);
    fs.writeFileSync(dumpFile(dir, table), Buffer.from(await (result.blob as Blob).arrayBuffer()));
  }
  await db.close();
}

async function copyPglite(dataDir: string, dir: string, tables: readonly Table[]): Promise<number> {
  const db = await PGlite.create(`${dataDir}/pgdata`);
  const blobs = tables.map((table) => [table, new Blob([fs.readFileSync(dumpFile(dir, table))])] as const);
  const started = performance.now();
  await db.exec('BEGIN');
  for (const [table, blob] of blobs) await db.query(`COPY ${table} FROM '/dev/blob'`, [], { blob });
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
  // Every timed run starts alike: planner statistics fresh, no checkpoint of earlier writes pending.
  await sql`VACUUM ANALYZE`.execute(ctx.db);
  await sql`CHECKPOINT`.execute(ctx.db);
}

/** Runs one import in a child process and reads back its rate and peak RSS. */
function childImport(config: Config, file: string): { rowsPerSecond: number; peakRssMb: number } {
  // The same bounded heap as `liudong import` (bin/liudong.js).
  const run = spawnSync(
    process.execPath,
    ['--max-old-space-size=128', ...profileFlags(), '--import', 'tsx', 'bench/import-child.ts', file],
    {
      env: { ...process.env, BENCH_IMPORT_CONFIG: JSON.stringify(config) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (run.status !== 0) throw new Error(`import child failed (${run.status})`);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
}

/** Times a raw COPY of the dumped rows into emptied tables; the context is closed and reopened around it. */
async function timedCopy(config: Config, dir: string, tables: readonly Table[]): Promise<number> {
  const { ctx, handle } = await openContext(config);
  await clearPersons(ctx);
  await handle.close();
  return config.databaseUrl ? copyPostgres(config.databaseUrl, dir, tables) : copyPglite(config.dataDir, dir, tables);
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
  const files = await writeFiles(await people(ctx, persons, 7), xlsxPersons, dir);
  await clearPersons(ctx);
  await handle.close();
  const csv = childImport(config, files.csv);
  // The rows the CSV import wrote, dumped and then COPYed back into the emptied tables: the same rows.
  if (config.databaseUrl) await dumpPostgres(config.databaseUrl, dir);
  else await dumpPglite(config.dataDir, dir);
  const copyMs = await timedCopy(config, dir, IMPORTED_TABLES);
  const narrowCopyMs = await timedCopy(config, dir, PERSON_TABLES);
  ({ ctx, handle } = await openContext(config));
  await clearPersons(ctx);
  await handle.close();
  const xlsx = childImport(config, files.xlsx);
  for (const table of IMPORTED_TABLES) fs.rmSync(dumpFile(dir, table), { force: true });
  return {
    persons,
    xlsxPersons,
    copyRowsPerSecond: persons / (copyMs / 1000),
    narrowCopyRowsPerSecond: persons / (narrowCopyMs / 1000),
    csvRowsPerSecond: csv.rowsPerSecond,
    xlsxRowsPerSecond: xlsx.rowsPerSecond,
    peakRssMb: Math.max(csv.peakRssMb, xlsx.peakRssMb),
    csvPeakRssMb: csv.peakRssMb,
    xlsxPeakRssMb: xlsx.peakRssMb,
  };
}
