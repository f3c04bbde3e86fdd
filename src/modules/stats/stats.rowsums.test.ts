/**
 * Report tables whose rows add up (issue 19): activity recorded at a unit's own office (certificates, checks,
 * outreach at the township itself) gets a 本级 row, so in every countable column the rows sum to 合计, in every
 * report kind, for a running and a closed period.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { chinaToday } from '../../core/china-time.ts';
import { monthsEndingWith, type PeriodSpec } from '../../core/indicators.ts';
import { buildReport } from './stats.reports.ts';
import { indicatorOrThrow } from './stats.service.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  // Work done at the township office itself, this month and last month.
  for (const day of [today, `${lastMonth}-15`]) {
    await sql`INSERT INTO outreach_event (division_code, kind, title, place, held_on, materials_count, attendance)
      VALUES (${TOWNSHIP}, 'health_talk', '街道宣传', '街道办', ${day}, 120, 30)`.execute(env.ctx.db);
    await sql`INSERT INTO certificate_check (division_code, person_id, method, result, checked_by, checked_at)
      SELECT ${TOWNSHIP}, NULL, 'none_held', 'none', id, ${`${day}T10:00:00+08:00`}::timestamptz
      FROM app_user WHERE username = 'admin'`.execute(env.ctx.db);
  }
});
afterAll(() => env.close());

const COUNTY = '330205000000';
const TOWNSHIP = '330205005000';
const today = chinaToday();
const lastMonth = monthsEndingWith(today.slice(0, 7), 2)[0] as string;
const admin = { role: 'county_admin' as const, divisionCode: COUNTY };

const CASES: { kind: 'monthly' | 'annual'; period: PeriodSpec }[] = [
  { kind: 'monthly', period: { kind: 'month', month: today.slice(0, 7) } },
  { kind: 'monthly', period: { kind: 'month', month: lastMonth } },
  { kind: 'annual', period: { kind: 'year', year: Number(today.slice(0, 4)) } },
  { kind: 'annual', period: { kind: 'year', year: Number(today.slice(0, 4)) - 1 } },
];

describe('report rows', () => {
  for (const { kind, period } of CASES) {
    for (const unit of [COUNTY, TOWNSHIP]) {
      it(`add up to 合计 in every countable column: ${kind} ${JSON.stringify(period)} at ${unit}`, async () => {
        const table = await buildReport(env.ctx, admin, kind, unit, period, false);
        const total = table.rows.find((r) => r.kind === 'total');
        const parts = table.rows.filter((r) => r.kind !== 'total');
        table.columns.forEach((c, i) => {
          const def = indicatorOrThrow(c.indicator);
          // A rate does not add up; its numerator and denominator columns do.
          if (c.part === 'value' && def.denominator) return;
          const sum = parts.reduce((a, r) => a + Number(r.cells[i] ?? 0), 0);
          expect(sum, `${c.group}-${c.label}`).toBe(Number(total?.cells[i] ?? 0));
        });
      });
    }
  }

  it('shows a 本级 row for the township office’s own work', async () => {
    const table = await buildReport(env.ctx, admin, 'monthly', TOWNSHIP, CASES[0]?.period as PeriodSpec, false);
    const own = table.rows.find((r) => r.kind === 'own');
    expect(own?.name).toBe('本级');
    const events = table.columns.findIndex((c) => c.indicator === 'outreach_events');
    expect(own?.cells[events]).toBeGreaterThanOrEqual(1);
  });
});
