/**
 * MISSION.md "What we do not build": no field, state or table for pregnancies "in violation", remedial
 * measures (补救措施), deposits (暂时性扣款), social maintenance fees (社会抚养费), rewards for reporting births,
 * or third parties reporting pregnancies or incomes. (A residence permit is a real service and not listed.)
 * This asserts it against the migrated schema itself:
 * table and column names, and the values allowed by CHECK constraints (states, kinds).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INQUIRY_PURPOSE_NAMES, INQUIRY_PURPOSES } from '../src/core/exchange.ts';
import { DEFAULT_TARGETS, INDICATOR_BY_CODE } from '../src/core/indicators.ts';
import { REMINDER_KINDS, reminderText } from '../src/core/reminders.ts';
import { contraceptiveAnswer, SERVICE_KINDS } from '../src/core/services.ts';
import { PAYERS, TECHNICAL_KINDS } from '../src/core/services-technical.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';

const FORBIDDEN = [
  /violat/i,
  /remedi/i,
  /补救/,
  /deposit/i,
  /扣款/,
  /maintenance_fee/i,
  /social_?maintenance/i,
  /抚养费/,
  /^fines?$|fine_amount/i,
  /penalt/i,
  /pregnan/i,
  /reward/i,
  /bounty/i,
  /income/i,
  /quota/i,
];

/** What no 协查 may ask about: a pregnancy, contraception, or whether a birth complied with anything. */
const SURVEILLANCE = [
  /pregnan/i,
  /contracept/i,
  /complian/i,
  /complies/i,
  /\biud\b/i,
  /孕/,
  /避孕/,
  /节育/,
  /上环|放环|取环|结扎/,
  /政策外|计划外|超生|合规|违/,
];

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('excluded items (MISSION.md)', () => {
  it('have no table or column', async () => {
    const rows = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`.execute(env.ctx.db);
    expect(rows.rows.length).toBeGreaterThan(100);
    const names = rows.rows.flatMap((r) => [r.table_name, r.column_name]);
    const hits = names.filter((n) => FORBIDDEN.some((re) => re.test(n)));
    expect(hits).toEqual([]);
  });

  it('have no state or kind in any CHECK constraint', async () => {
    const rows = await sql<{ def: string }>`
      SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
      JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND c.contype = 'c'`.execute(env.ctx.db);
    expect(rows.rows.some((r) => r.def.includes('registered'))).toBe(true);
    const hits = rows.rows.filter((r) => FORBIDDEN.some((re) => re.test(r.def)));
    expect(hits).toEqual([]);
  });

  it('have no audit action or report among the service routes', async () => {
    const urls = env.app.routeTable.map((r) => r.url);
    expect(urls.filter((u) => FORBIDDEN.some((re) => re.test(u)))).toEqual([]);
  });

  // Issue 26: free technical services (放取环, 皮埋, 结扎) are services people request, never targets.
  it('lets the technical services, payers and reminders pass the list', () => {
    const words = [...SERVICE_KINDS, ...PAYERS, ...REMINDER_KINDS, ...REMINDER_KINDS.map((k) => reminderText(k))];
    expect(words.filter((w) => FORBIDDEN.some((re) => re.test(w)))).toEqual([]);
  });

  it('feeds no technical service into contraceptive prevalence or any target', () => {
    for (const kind of TECHNICAL_KINDS) expect(contraceptiveAnswer(kind, 'done', true)).toBeNull();
    const measures = DEFAULT_TARGETS.flatMap((t) => {
      const def = INDICATOR_BY_CODE.get(t.indicator);
      return def ? [def.numerator.measure, def.denominator?.measure ?? ''] : [];
    });
    expect(measures.length).toBeGreaterThan(0);
    expect(measures.filter((m) => m === 'service' || TECHNICAL_KINDS.some((k) => m.includes(k)))).toEqual([]);
  });

  it("have no inquiry purpose: none asks about a pregnancy, contraception or a birth's compliance", () => {
    const words = INQUIRY_PURPOSES.flatMap((p) => [p, INQUIRY_PURPOSE_NAMES[p].zh, INQUIRY_PURPOSE_NAMES[p].en]);
    expect(words.filter((w) => SURVEILLANCE.some((re) => re.test(w)))).toEqual([]);
  });

  it('let the exchange tables carry no other inquiry purpose than the closed list', async () => {
    const rows = await sql<{ def: string }>`
      SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
      WHERE c.conname IN ('exchange_outbox_purpose_check', 'exchange_inbox_purpose_check')`.execute(env.ctx.db);
    expect(rows.rows).toHaveLength(2);
    for (const { def } of rows.rows) {
      const allowed = [...def.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]).filter((w) => w !== 'purpose');
      allowed.sort();
      expect(allowed).toEqual([...INQUIRY_PURPOSES].sort());
    }
  });
});
