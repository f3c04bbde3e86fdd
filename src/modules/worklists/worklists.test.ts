import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { addDays, addMonths } from '../../core/certificate.ts';
import { today } from '../../core/china-time.ts';

let env: TestEnv;
let township: string;

beforeAll(async () => {
  env = await createTestEnv();
  township = await env.login('township');
});
afterAll(() => env.close());

const summary = async (cookie: string) =>
  (await env.app.inject({ method: 'GET', url: '/api/worklists/summary', headers: { cookie } })).json();

/**
 * The arrival rule written independently in SQL: people living in 甬江街道 registered in another county,
 * still there, whose 15-day deadline falls within the last 365 days or later.
 */
async function arrivalCountsBySql(prefix: string) {
  const day = today();
  const result = await sql<{ status: string; n: string }>`
    SELECT CASE WHEN EXISTS (SELECT 1 FROM certificate_check k WHERE k.person_id = p.id AND k.checked_at::date >= p.arrived_on) THEN 'done'
                WHEN p.arrived_on + 15 < ${day}::date THEN 'overdue' ELSE 'due' END AS status, count(*) AS n
    FROM person p
    WHERE p.residence_division LIKE ${`${prefix}%`} AND p.departed_on IS NULL AND p.arrived_on IS NOT NULL
      AND left(p.hukou_division, 6) <> left(p.residence_division, 6)
      AND p.arrived_on + 15 >= ${day}::date - 365
    GROUP BY 1`.execute(env.ctx.db);
  const counts = { due: 0, overdue: 0, done: 0 };
  for (const r of result.rows) counts[r.status as keyof typeof counts] = Number(r.n);
  return counts;
}

/**
 * First check-up: married women aged 15–49 among those arrivals, due one month after arrival; done when a
 * check-up (given or declined) is recorded on or after arrival (issue 4).
 */
async function firstCheckupCountBySql(prefix: string) {
  const day = today();
  const result = await sql<{ n: string; done: string }>`
    SELECT count(*) AS n, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM service_record s WHERE s.person_id = p.id
      AND s.kind = 'reproductive_checkup' AND s.service_date >= p.arrived_on)) AS done FROM person p
    WHERE p.residence_division LIKE ${`${prefix}%`} AND p.departed_on IS NULL AND p.arrived_on IS NOT NULL
      AND left(p.hukou_division, 6) <> left(p.residence_division, 6)
      AND p.sex = 'F' AND p.marital_status IN ('first_marriage', 'remarried')
      AND p.birth_date > (${day}::date - interval '50 years') AND p.birth_date <= (${day}::date - interval '15 years')
      AND (p.arrived_on + interval '1 month')::date >= ${day}::date - 365`.execute(env.ctx.db);
  return { total: Number(result.rows[0]?.n), done: Number(result.rows[0]?.done) };
}

describe('deadline work lists', () => {
  it('count arrival checks the same as an independent query over the demo data', async () => {
    const body = await summary(township);
    expect(body.byKind.arrival_check).toEqual(await arrivalCountsBySql('330205005'));
    expect(body.byKind.arrival_check.due + body.byKind.arrival_check.overdue).toBeGreaterThan(0);
  });

  it('count first check-ups the same as an independent query, done where a check-up was recorded', async () => {
    const body = await summary(township);
    const { due, overdue, done } = body.byKind.first_checkup;
    const expected = await firstCheckupCountBySql('330205005');
    expect(due + overdue + done).toBe(expected.total);
    expect(done).toBe(expected.done);
    expect(done).toBeGreaterThan(0);
  });

  it('give each staff member the counts of their own list', async () => {
    const body = await summary(township);
    const villageRow = body.byStaff.find((s: { username: string }) => s.username === 'village');
    const own = await summary(await env.login('village'));
    expect({ due: villageRow.due, overdue: villageRow.overdue, done: villageRow.done }).toEqual(own.totals);
  });

  it('mark an arrival done once a check is recorded', async () => {
    const village = township;
    const items = await env.app.inject({
      method: 'GET',
      url: '/api/worklists/items?kind=arrival_check&status=overdue',
      headers: { cookie: village },
    });
    const item = items.json().items[0];
    expect(item.person.idNumberMasked).toContain('********');
    await env.app.inject({
      method: 'POST',
      url: '/api/certificate-checks',
      headers: { cookie: village },
      payload: { noneHeld: true, personId: item.person.id },
    });
    const after = await env.app.inject({
      method: 'GET',
      url: '/api/worklists/items?kind=arrival_check&status=done',
      headers: { cookie: village },
    });
    expect(after.json().items.map((i: { personId: string }) => i.personId)).toContain(item.person.id);
  });

  it('list certificates expiring within 30 days as due', async () => {
    const person = await env.ctx.db
      .selectFrom('person')
      .select('id')
      .where('hukou_division', 'like', '330205005%')
      .executeTakeFirstOrThrow();
    const cert = await env.app.inject({
      method: 'POST',
      url: '/api/certificates',
      headers: { cookie: township },
      payload: { personId: person.id, kind: 'standard', validMonths: 1 },
    });
    expect(cert.statusCode, cert.body).toBe(201);
    const items = await env.app.inject({
      method: 'GET',
      url: '/api/worklists/items?kind=certificate_expiry',
      headers: { cookie: township },
    });
    expect(items.json().items).toContainEqual(
      expect.objectContaining({
        certificateId: cert.json().certificate.id,
        status: 'due',
        dueOn: addDays(addMonths(today(), 1), -1),
      }),
    );
  });

  it('rejects a division outside the jurisdiction naming the field', async () => {
    const res = await env.app.inject({
      method: 'GET',
      url: '/api/worklists/items?division=330205003000',
      headers: { cookie: township },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('division');
  });
});
