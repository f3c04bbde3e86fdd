/**
 * Division cells as staff write them: a 12-digit code, a short code (341221), or names such as
 * 安徽省阜阳市临泉县 or 临泉县. Names are matched by the suffixes of the text against division.name
 * (indexed) and confirmed on full_name, so one query serves a whole batch. Cached per import.
 */
import { sql } from 'kysely';
import { toFullCode } from '../../core/divisions.ts';
import type { LocalizedText } from '../../core/errors.ts';
import type { Db } from '../audit/audit.repository.ts';

export type Resolution = { code: string } | { problem: LocalizedText };

const CACHE_MAX = 200_000;

export class DivisionResolver {
  private readonly cache = new Map<string, Resolution>();

  constructor(private readonly db: Db) {}

  get(text: string): Resolution | undefined {
    return this.cache.get(text.replace(/\s+/g, ''));
  }

  /** Resolves every text not yet cached, in at most two queries. */
  async resolve(texts: Iterable<string>): Promise<void> {
    const todo = [...new Set([...texts].map((t) => t.replace(/\s+/g, '')))].filter((t) => t && !this.cache.has(t));
    if (todo.length === 0) return;
    if (this.cache.size + todo.length > CACHE_MAX) this.cache.clear();
    const codes = new Map<string, string>();
    const names: string[] = [];
    for (const text of todo) {
      if (/^\d+$/.test(text)) {
        const code = toFullCode(text);
        if (code) codes.set(text, code);
        else
          this.cache.set(text, {
            problem: { zh: '区划代码应为6、9或12位数字', en: 'a division code has 6, 9 or 12 digits' },
          });
      } else names.push(text);
    }
    await this.resolveCodes(codes);
    await this.resolveNames(names);
  }

  private async resolveCodes(codes: Map<string, string>): Promise<void> {
    if (codes.size === 0) return;
    const rows = await this.db
      .selectFrom('division')
      .select('code')
      .where('code', 'in', [...new Set(codes.values())])
      .execute();
    const known = new Set(rows.map((r) => r.code));
    for (const [text, code] of codes) {
      this.cache.set(
        text,
        known.has(code) ? { code } : { problem: { zh: `区划代码${text}不存在`, en: `unknown division code ${text}` } },
      );
    }
  }

  private async resolveNames(names: string[]): Promise<void> {
    if (names.length === 0) return;
    const suffixes = new Set<string>();
    for (const name of names) for (let i = 0; i < name.length - 1; i++) suffixes.add(name.slice(i));
    const rows = await this.db
      .selectFrom('division')
      .select(['code', 'full_name', 'level'])
      .where(sql<boolean>`name COLLATE "C" = ANY(${[...suffixes]}::text[])`)
      .execute();
    for (const name of names) {
      const matches = rows.filter((r) => r.full_name.endsWith(name));
      const exact = matches.filter((r) => r.full_name === name);
      const pick = exact.length === 1 ? exact : matches;
      if (pick.length === 1) this.cache.set(name, { code: (pick[0] as { code: string }).code });
      else if (pick.length === 0)
        this.cache.set(name, {
          problem: {
            zh: `找不到行政区划“${name}”，请填写区划代码或完整名称`,
            en: `no division named "${name}"; give its code or full name`,
          },
        });
      else {
        const examples = pick.slice(0, 3).map((r) => r.full_name);
        this.cache.set(name, {
          problem: {
            zh: `“${name}”对应多个区划（如${examples.join('、')}），请填写完整名称或区划代码`,
            en: `"${name}" matches several divisions (e.g. ${examples.join(', ')}); give the full name or the code`,
          },
        });
      }
    }
  }
}
