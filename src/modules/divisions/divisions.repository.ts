import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export interface DivisionRef {
  code: string;
  name: string;
  fullName: string;
  level: number;
}

export interface DivisionNode extends DivisionRef {
  parentCode: string | null;
  hasChildren: boolean;
}

const COLUMNS = ['code', 'name', 'full_name', 'level', 'parent_code', 'has_children'] as const;

type Row = {
  code: string;
  name: string;
  full_name: string;
  level: number;
  parent_code: string | null;
  has_children: boolean;
};

function toNode(r: Row): DivisionNode {
  return {
    code: r.code,
    name: r.name,
    fullName: r.full_name,
    level: r.level,
    parentCode: r.parent_code,
    hasChildren: r.has_children,
  };
}

/** Top of the loaded tree: the provinces (or whatever has no parent). */
export async function listRoots(db: Db): Promise<DivisionNode[]> {
  const rows = await db
    .selectFrom('division')
    .select(COLUMNS)
    .where('parent_code', 'is', null)
    .orderBy('code')
    .execute();
  return rows.map(toNode);
}

export async function listChildren(db: Db, code: string): Promise<DivisionNode[]> {
  const rows = await db
    .selectFrom('division')
    .select(COLUMNS)
    .where('parent_code', '=', code)
    .orderBy('code')
    .execute();
  return rows.map(toNode);
}

export async function getDivision(db: Db, code: string): Promise<DivisionNode | null> {
  const row = await db.selectFrom('division').select(COLUMNS).where('code', '=', code).executeTakeFirst();
  return row ? toNode(row) : null;
}

/** Ancestors from the top down to and including the node, in one indexed query. */
export async function getPath(db: Db, code: string): Promise<DivisionRef[]> {
  const prefixes = [2, 4, 6, 9, 12].map((n) => code.slice(0, n).padEnd(12, '0'));
  const rows = await db
    .selectFrom('division')
    .select(['code', 'name', 'full_name', 'level'])
    .where('code', 'in', [...new Set(prefixes)])
    .orderBy('level')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, fullName: r.full_name, level: r.level }));
}

/** Search by code prefix, name prefix or pinyin-initials prefix; each branch uses its own index. */
export async function searchDivisions(db: Db, q: string, limit: number, near?: string): Promise<DivisionNode[]> {
  const term = q.trim();
  const escaped = term.replace(/[\\%_]/g, (c) => `\\${c}`);
  let query = db.selectFrom('division').select(COLUMNS);
  if (/^\d+$/.test(term)) query = query.where('code', 'like', `${escaped}%`);
  else if (/^[a-z]+$/i.test(term)) query = query.where('initials', 'like', `${escaped.toLowerCase()}%`);
  else query = query.where('name', 'like', `${escaped}%`);
  // Rank places in the user's own county, then own province, first: 甬江街道 before every other yjjd.
  if (near) {
    query = query
      .orderBy(sql`code LIKE ${`${near.slice(0, 6)}%`}`, 'desc')
      .orderBy(sql`code LIKE ${`${near.slice(0, 2)}%`}`, 'desc');
  }
  const rows = await query.orderBy('level').orderBy('code').limit(limit).execute();
  return rows.map(toNode);
}

export async function existingCodes(db: Db, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('division').select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code));
}

/**
 * Division names are reference data that change only when codes are (re)loaded, so refs are cached
 * per process; the cache is bounded and only ever holds codes that exist.
 */
const refCache = new Map<string, DivisionRef>();
const REF_CACHE_MAX = 50_000;

export async function divisionRefs(db: Db, codes: string[]): Promise<Map<string, DivisionRef>> {
  const out = new Map<string, DivisionRef>();
  const missing: string[] = [];
  for (const code of new Set(codes)) {
    const hit = refCache.get(code);
    if (hit) out.set(code, hit);
    else missing.push(code);
  }
  if (missing.length === 0) return out;
  const rows = await db
    .selectFrom('division')
    .select(['code', 'name', 'full_name', 'level'])
    .where('code', 'in', missing)
    .execute();
  if (refCache.size + rows.length > REF_CACHE_MAX) refCache.clear();
  for (const r of rows) {
    const ref = { code: r.code, name: r.name, fullName: r.full_name, level: r.level };
    refCache.set(r.code, ref);
    out.set(r.code, ref);
  }
  return out;
}
