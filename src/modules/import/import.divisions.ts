/**
 * Division cells as staff write them: a code (12, 9 or 6 digits) or a place as text, at any depth, with
 * or without suffixes, followed by a street address (core/place-text.ts). The tree is loaded in parts:
 * levels 1–3 once, the levels 4–5 of the jurisdiction's county once, other counties' when a text reaches
 * them. Each resolve() is a handful of queries for a whole batch, and every text is cached for the import.
 */
import { sql } from 'kysely';
import { levelOf, toFullCode } from '../../core/divisions.ts';
import type { LocalizedText } from '../../core/errors.ts';
import { type PlaceContext, PlaceIndex, type PlaceNode, type PlaceParse } from '../../core/place-text.ts';
import type { Db } from '../../db/database.ts';
import { subtree } from '../../db/scoped.ts';

/** The division, and what the text says after it (the address). */
export type Resolution = { code: string; rest: string } | { problem: LocalizedText };
/** Residence resolves inside the importer's county first; household registration anywhere in the country. */
export type PlaceKind = 'residence' | 'hukou';

/**
 * Texts cached per kind before the cache is cut back to the batch in hand. Small: most distinct texts carry a
 * street address and never repeat; at 200,000 (text + resolution, roughly 200 bytes each) a 1M-row import kept
 * some 40 MB of its 128 MB heap in them, and a 100,000-row profile spent 17% of its time in GC.
 */
const CACHE_MAX = 20_000;
/** Rounds of loading (subtrees, then names found in the database, then their subtrees) before giving up. */
const MAX_ROUNDS = 4;

const clip = (s: string) => (s.length > 30 ? `${s.slice(0, 30)}…` : s);

export class DivisionResolver {
  private readonly cache: Record<PlaceKind, Map<string, Resolution>> = { residence: new Map(), hukou: new Map() };
  private readonly index = new PlaceIndex();
  private readonly counties: string[] = [];
  private ready: Promise<void> | null = null;
  /**
   * Texts no division of levels 1–3 starts: divisions of levels 4–5 the database has by that exact name. Per kind:
   * the two kinds of a batch resolve at the same time, and one cutting its entries back must not drop the other's.
   */
  private readonly roots: Record<PlaceKind, Map<string, Set<string>>> = { residence: new Map(), hukou: new Map() };
  private readonly contexts: Record<PlaceKind, PlaceContext>;
  private readonly home: string;

  constructor(
    private readonly db: Db,
    jurisdiction: string,
    private readonly cacheMax = CACHE_MAX,
  ) {
    this.home = levelOf(jurisdiction) >= 3 ? `${jurisdiction.slice(0, 6)}000000` : jurisdiction;
    const scope = subtree(this.home).prefix;
    this.contexts = {
      residence: { scope, near: jurisdiction, preferScope: true, roots: undefined },
      hukou: { scope: null, near: jurisdiction, preferScope: false, roots: undefined },
    };
  }

  get(text: string, kind: PlaceKind): Resolution | undefined {
    return this.cache[kind].get(text.replace(/\s+/g, ''));
  }

  /** Resolves every text not yet cached. */
  async resolve(texts: Iterable<string>, kind: PlaceKind): Promise<void> {
    const cache = this.cache[kind];
    const wanted = new Set([...texts].map((t) => t.replace(/\s+/g, '')));
    const todo = [...wanted].filter((t) => t && !cache.has(t));
    if (todo.length === 0) return;
    // Cut back to what this batch still reads with get(): clearing everything dropped its already cached texts,
    // and a 1M-row import reported a thousand good rows as 无法识别 (the bench, 2026-12-07).
    if (cache.size + todo.length > this.cacheMax) {
      for (const key of cache.keys()) if (!wanted.has(key)) cache.delete(key);
      for (const key of this.roots[kind].keys()) if (!wanted.has(key)) this.roots[kind].delete(key);
    }
    const codes = new Map<string, string>();
    const names: string[] = [];
    for (const text of todo) {
      if (/^\d+$/.test(text)) {
        const code = toFullCode(text);
        if (code) codes.set(text, code);
        else
          cache.set(text, {
            problem: { zh: '区划代码应为6、9或12位数字', en: 'a division code has 6, 9 or 12 digits' },
          });
      } else names.push(text);
    }
    await this.resolveCodes(codes, cache);
    if (names.length > 0) await this.resolveNames(names, kind);
  }

  private async resolveCodes(codes: Map<string, string>, cache: Map<string, Resolution>): Promise<void> {
    if (codes.size === 0) return;
    const rows = await this.db
      .selectFrom('division')
      .select('code')
      .where('code', 'in', [...new Set(codes.values())])
      .execute();
    const known = new Set(rows.map((r) => r.code));
    for (const [text, code] of codes) {
      cache.set(
        text,
        known.has(code)
          ? { code, rest: '' }
          : { problem: { zh: `区划代码${text}不存在`, en: `unknown division code ${text}` } },
      );
    }
  }

  private async resolveNames(names: string[], kind: PlaceKind): Promise<void> {
    this.ready ??= this.loadUpper();
    await this.ready;
    const cache = this.cache[kind];
    let pending = names;
    const triedRoots = new Set<string>();
    for (let round = 0; pending.length > 0 && round < MAX_ROUNDS; round++) {
      const loads = new Set<string>();
      const lookups: string[] = [];
      const again: string[] = [];
      for (const text of pending) {
        const parsed = this.index.parse(text, { ...this.contexts[kind], roots: this.roots[kind].get(text) });
        if (parsed.kind === 'load') {
          for (const s of parsed.scopes) loads.add(s);
          again.push(text);
        } else if (
          parsed.kind === 'unknown' &&
          parsed.under === null &&
          !this.roots[kind].has(text) &&
          !triedRoots.has(text)
        ) {
          triedRoots.add(text);
          lookups.push(text);
          again.push(text);
        } else cache.set(text, this.describe(text, parsed));
      }
      await Promise.all([this.loadSubtrees([...loads]), this.findRoots(lookups, kind)]);
      pending = again;
    }
    for (const text of pending) cache.set(text, { problem: notFound(text) });
  }

  private describe(text: string, parsed: Exclude<PlaceParse, { kind: 'load' }>): Resolution {
    if (parsed.kind === 'ok') return { code: parsed.node.code, rest: parsed.rest };
    if (parsed.kind === 'ambiguous') {
      const [best, ...others] = parsed.candidates.map((n) => n.fullName);
      const list = others.slice(0, 4).join('、');
      return {
        problem: {
          zh: `“${clip(text)}”对应多个区划：最可能是“${best}”，其他候选：${list}；请改写为完整名称或区划代码后重新导入`,
          en: `"${clip(text)}" matches several divisions: most likely "${best}", also ${others.slice(0, 4).join(', ')}; write the full name or the code and import again`,
        },
      };
    }
    const [best, ...others] = parsed.candidates;
    if (!best) return { problem: notFound(parsed.segment, parsed.under) };
    const where = parsed.under ? `${parsed.under.fullName}下` : '';
    const whereEn = parsed.under ? ` under ${parsed.under.fullName}` : '';
    const also = others.map((n) => n.name);
    return {
      problem: {
        zh: `${where}没有“${parsed.segment}”，最可能是“${best.fullName}”${also.length ? `，其他候选：${also.join('、')}` : ''}；请更正后重新导入`,
        en: `no "${parsed.segment}"${whereEn}; most likely "${best.fullName}"${also.length ? `, also ${also.join(', ')}` : ''}; correct it and import again`,
      },
    };
  }

  /** Levels 1–3 of the country (about 3,600 rows) and levels 4–5 of the jurisdiction's county. */
  private async loadUpper(): Promise<void> {
    const rows = await this.db
      .selectFrom('division')
      .select(['code', 'name', 'full_name', 'level'])
      .where('level', '<=', 3)
      .execute();
    this.index.add(rows.map(toNode));
    for (const r of rows) if (r.level === 3) this.counties.push(r.code);
    await this.loadSubtrees([this.home]);
  }

  /** Levels 4–5 under counties or cities, one query for all of them. */
  private async loadSubtrees(scopes: string[]): Promise<void> {
    if (scopes.length === 0) return;
    const prefixes = scopes.map((code) => subtree(code).prefix);
    const rows = await this.db
      .selectFrom('division')
      .select(['code', 'name', 'full_name', 'level'])
      .where('level', '>=', 4)
      .where((eb) => eb.or(prefixes.map((p) => eb('code', 'like', `${p}%`))))
      .execute();
    this.index.add(rows.map(toNode));
    for (const scope of scopes) this.index.markLoaded(scope);
    // A city or province loaded whole: each of its counties is loaded too.
    for (const p of prefixes.filter((x) => x.length < 6))
      for (const county of this.counties) if (county.startsWith(p)) this.index.markLoaded(county);
  }

  /**
   * Texts that start with no known division: divisions of levels 4–5 anywhere whose exact name starts the text
   * (城关镇…, 蓼城街道…), in one query; they may then begin the text, and their counties load as needed.
   */
  private async findRoots(texts: string[], kind: PlaceKind): Promise<void> {
    if (texts.length === 0) return;
    const prefixes = new Set<string>();
    for (const t of texts) for (let k = 2; k <= Math.min(t.length, 20); k++) prefixes.add(t.slice(0, k));
    const rows = await this.db
      .selectFrom('division')
      .select(['code', 'name', 'full_name', 'level'])
      .where(sql<boolean>`name COLLATE "C" = ANY(${[...prefixes]}::text[])`)
      .where('level', '>=', 4)
      .limit(1000)
      .execute();
    this.index.add(rows.map(toNode));
    for (const t of texts)
      this.roots[kind].set(t, new Set(rows.filter((r) => t.startsWith(r.name)).map((r) => r.code)));
  }
}

function toNode(r: { code: string; name: string; full_name: string; level: number }): PlaceNode {
  return { code: r.code, name: r.name, fullName: r.full_name, level: r.level };
}

function notFound(text: string, under?: PlaceNode | null): LocalizedText {
  const where = under ? `${under.fullName}下` : '';
  return {
    zh: `找不到${where}行政区划“${clip(text)}”，请填写区划代码或完整名称`,
    en: `no division named "${clip(text)}"${under ? ` under ${under.fullName}` : ''}; give its code or full name`,
  };
}
