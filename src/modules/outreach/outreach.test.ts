/** Outreach events and the figures for the annual summary. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, VILLAGE } from '../../../test/support/fixtures.ts';
import { outreachFigures } from './outreach.repository.ts';

let env: TestEnv;
let village: string;
let township: string;
let township2: string;

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
  township = await env.login('township');
  township2 = await env.login('township2');
});
afterAll(() => env.close());

async function call(cookie: string, method: 'GET' | 'POST', url: string, payload?: object) {
  return env.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
}

const event = (overrides: Record<string, unknown> = {}) => ({
  divisionCode: VILLAGE,
  kind: 'womens_day',
  title: '三八妇女节服务日',
  place: '梅堰社区文化广场',
  heldOn: '2026-03-08',
  materialsCount: 200,
  materials: '计划生育宣传手册、知识100问',
  attendance: 85,
  ...overrides,
});

async function serviceRecord(): Promise<string> {
  const person = await call(village, 'POST', '/api/persons', personInput());
  const row = await env.ctx.db
    .insertInto('service_record')
    .values({
      person_id: person.json().person.id,
      division_code: VILLAGE,
      kind: 'reproductive_checkup',
      status: 'done',
      service_date: '2026-03-08',
      consent: true,
      outcome: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('outreach events', () => {
  it('records an event with materials, attendance and linked services', async () => {
    const service = await serviceRecord();
    const res = await call(
      village,
      'POST',
      '/api/outreach-events',
      event({ serviceRecordIds: [service], servicesCount: 3 }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().event).toMatchObject({
      materialsCount: 200,
      attendance: 85,
      linkedServices: 1,
      servicesCount: 3,
    });
  });

  it('sums the figures per township for a year, for the annual summary', async () => {
    const prefix = VILLAGE.slice(0, 9);
    const before = await outreachFigures(env.ctx.db, { prefix, from: '2025-01-01', to: '2025-12-31', groupLength: 9 });
    await call(
      village,
      'POST',
      '/api/outreach-events',
      event({ heldOn: '2025-09-10', kind: 'regulation_month', materialsCount: 1000, attendance: 300 }),
    );
    await call(
      village,
      'POST',
      '/api/outreach-events',
      event({ heldOn: '2025-02-01', kind: 'holiday', materialsCount: 500, attendance: 120 }),
    );
    await call(village, 'POST', '/api/outreach-events', event({ heldOn: '2024-12-31', materialsCount: 7 }));
    const after = await outreachFigures(env.ctx.db, { prefix, from: '2025-01-01', to: '2025-12-31', groupLength: 9 });
    const b = before[0] ?? { events: 0, materials: 0, attendance: 0 };
    expect(after).toHaveLength(1);
    expect(after[0]?.divisionCode).toBe('330205005000');
    expect(after[0]?.events).toBe(b.events + 2);
    expect(after[0]?.materials).toBe(b.materials + 1500);
    expect(after[0]?.attendance).toBe(b.attendance + 420);
    const res = await call(township, 'GET', '/api/outreach-events/figures?from=2025-01-01&to=2025-12-31');
    expect(res.json().total.materials).toBe(after[0]?.materials);
    expect(res.json().byDivision[0].divisionCode).toBe(VILLAGE);
  });

  it('refuses negative counts and changes nothing', async () => {
    const res = await call(village, 'POST', '/api/outreach-events', event({ materialsCount: -5, title: '负数活动' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('materialsCount');
    const rows = await env.ctx.db.selectFrom('outreach_event').select('id').where('title', '=', '负数活动').execute();
    expect(rows).toEqual([]);
  });

  it('refuses linking a service record outside the scope', async () => {
    const service = await serviceRecord();
    const res = await call(
      township2,
      'POST',
      '/api/outreach-events',
      event({ divisionCode: '330205003000', serviceRecordIds: [service] }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('serviceRecordIds');
  });

  it('hides events of another township', async () => {
    const created = await call(village, 'POST', '/api/outreach-events', event({ title: '只在甬江' }));
    const id = created.json().event.id;
    expect((await call(township2, 'GET', `/api/outreach-events/${id}`)).statusCode).toBe(404);
    expect((await call(township2, 'GET', '/api/outreach-events')).body).not.toContain(id);
  });
});
