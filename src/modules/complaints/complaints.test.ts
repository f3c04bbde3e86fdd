import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { addDays } from '../../core/certificate.ts';
import { today } from '../../core/china-time.ts';
import { scoped } from '../../db/scoped.ts';
import { findDemoResident } from './complaints.demo.ts';
import { complaintCountsByDivision } from './complaints.repository.ts';
import { complaintWorklist, escalate } from './complaints.service.ts';

let env: TestEnv;
let village: string;
let township2: string;

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
  township2 = await env.login('township2');
});
afterAll(() => env.close());

const intake = {
  channel: 'hotline',
  type: 'complaint',
  category: 'service_quality',
  subject: '体检预约难',
  body: '打了三次电话都没有约上免费体检',
  contactName: '张女士',
  contactPhone: '13800002222',
};

async function file(cookie = village, body: object = intake) {
  const res = await env.app.inject({ method: 'POST', url: '/api/complaints', headers: { cookie }, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().complaint;
}

describe('complaints', () => {
  it('takes a hotline complaint with a deadline in working days', async () => {
    const c = await file(village, { ...intake, receivedOn: '2026-09-30' });
    expect(c.dueOn).toBe('2026-10-13');
    expect(c.number).toMatch(/^WQ2026\d{6}$/);
    expect(c.contactPhone).toBe('13800002222');
  });

  it('escalates a complaint past its deadline and shows it on the work list (controlled clock)', async () => {
    const c = await file();
    const day = today();
    const before = await complaintWorklist(env.ctx, '330205005003', day);
    expect(before.escalated.map((e) => e.id)).not.toContain(c.id);
    const later = addDays(c.dueOn, 1);
    const after = await complaintWorklist(env.ctx, '330205005003', later);
    expect(after.escalated.map((e) => e.id)).toContain(c.id);
    const row = await env.ctx.db
      .selectFrom('complaint')
      .select('escalated_at')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.escalated_at).not.toBeNull();
    const summary = await env.app.inject({
      method: 'GET',
      url: '/api/worklists/summary',
      headers: { cookie: village },
    });
    expect(summary.statusCode).toBe(200);
    expect(summary.json().complaints).toHaveProperty('escalated');
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', c.id)
      .where('action', '=', 'complaint.escalate')
      .execute();
    expect(audit).toHaveLength(1);
    expect(await escalate(env.ctx, '330205005003', later)).toBe(0);
  });

  it('does not escalate a complaint answered before its deadline', async () => {
    const c = await file();
    await env.app.inject({
      method: 'POST',
      url: `/api/complaints/${c.id}/reply`,
      headers: { cookie: village },
      payload: { reply: '已为您预约12月3日上午' },
    });
    const after = await complaintWorklist(env.ctx, '330205005003', addDays(c.dueOn, 3));
    expect(after.escalated.map((e) => e.id)).not.toContain(c.id);
  });

  it('answers 404 to staff outside the complaint’s division', async () => {
    const c = await file();
    const res = await env.app.inject({ method: 'GET', url: `/api/complaints/${c.id}`, headers: { cookie: township2 } });
    expect(res.statusCode).toBe(404);
  });

  it('refuses a second reply', async () => {
    const c = await file();
    const reply = () =>
      env.app.inject({
        method: 'POST',
        url: `/api/complaints/${c.id}/reply`,
        headers: { cookie: village },
        payload: { reply: '已处理' },
      });
    expect((await reply()).statusCode).toBe(200);
    expect((await reply()).statusCode).toBe(409);
  });

  it('records an administrative review request with its 60-day statutory deadline', async () => {
    const c = await file();
    const res = await env.app.inject({
      method: 'POST',
      url: `/api/complaints/${c.id}/legal-requests`,
      headers: { cookie: village },
      payload: { kind: 'administrative_review', knownOn: '2026-11-01', filedOn: '2026-11-20' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().legalRequest).toMatchObject({ deadlineOn: '2026-12-31', inTime: true });
  });

  it('stores HTML in free text as plain text', async () => {
    const c = await file(village, {
      ...intake,
      subject: '<img src=x onerror=alert(1)>',
      body: '<script>alert(1)</script>',
    });
    const res = await env.app.inject({ method: 'GET', url: `/api/complaints/${c.id}`, headers: { cookie: village } });
    expect(res.json().complaint.body).toBe('<script>alert(1)</script>');
    expect(res.headers['content-type']).toContain('application/json');
  });

  it('counts received, resolved and resolved in time per division', async () => {
    const late = await file(village, { ...intake, receivedOn: '2026-01-05' });
    await env.app.inject({
      method: 'POST',
      url: `/api/complaints/${late.id}/reply`,
      headers: { cookie: village },
      payload: { reply: '迟到的答复' },
    });
    const counts = await complaintCountsByDivision(scoped(env.ctx.db, '330205005000'), {
      from: '2026-01-01',
      to: '2026-01-31',
      groupLength: 12,
    });
    expect(counts).toEqual([{ division: '330205005003', received: 1, resolved: 1, resolvedInTime: 0 }]);
  });

  it('names the field when the input is bad', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/complaints',
      headers: { cookie: village },
      payload: { ...intake, subject: 'x' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].message).toContain('标题');
  });
});

describe('demo data', () => {
  it('has complaints in each state, published slots and a demo resident with a phone', async () => {
    const states = await env.ctx.db.selectFrom('complaint').select('status').distinct().execute();
    expect(states.map((s) => s.status).sort()).toEqual(['closed', 'open', 'replied']);
    const slots = await env.ctx.db.selectFrom('service_slot').select('id').execute();
    expect(slots.length).toBeGreaterThanOrEqual(4);
    const resident = await findDemoResident(env.ctx);
    expect(resident?.idNumber).toMatch(/^\d{17}[\dX]$/);
  });
});

describe('hostile input', () => {
  const hostile = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.constantFrom("'; DROP TABLE complaint; --", '<script>alert(1)</script>', '\u202Eevil', '𠀀𠀁', '9'.repeat(5000)),
    fc.integer(),
    fc.constantFrom(null, true, [], {}, 1e308),
  );
  const body = fc.dictionary(
    fc.constantFrom(
      'channel',
      'type',
      'category',
      'subject',
      'body',
      'personId',
      'divisionCode',
      'contactPhone',
      'receivedOn',
      'extra',
    ),
    hostile,
  );

  it('never answers 5xx to staff intake and writes nothing when it refuses', async () => {
    const before = await env.ctx.db
      .selectFrom('complaint')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const res = await env.app.inject({
          method: 'POST',
          url: '/api/complaints',
          headers: { cookie: village },
          payload,
        });
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode === 201) accepted++;
        else expect(res.json().error.code).toBeTypeOf('string');
      }),
      { numRuns: 150 },
    );
    const after = await env.ctx.db
      .selectFrom('complaint')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(accepted);
  });
});
