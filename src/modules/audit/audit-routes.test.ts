import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';

let env: TestEnv;
let auditor: string;
let personId = '';

beforeAll(async () => {
  env = await createTestEnv();
  const village = await env.login('village');
  const idNumber = validIdNumber('520502', '1991-09-09');
  const created = await env.app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: { cookie: village },
    payload: personInput({ idNumber }),
  });
  personId = created.json().person.id;
  const township2 = await env.login('township2');
  await env.app.inject({
    method: 'POST',
    url: '/api/persons/break-glass',
    headers: { cookie: township2 },
    payload: { idNumber, reason: '急诊转诊需要核实此人的基本信息' },
  });
  auditor = await env.login('auditor');
});
afterAll(() => env.close());

const get = (url: string) => env.app.inject({ method: 'GET', url, headers: { cookie: auditor } });

describe('auditor view', () => {
  it('lists every access to one person, newest first', async () => {
    const items = (await get(`/api/audit?personId=${personId}`)).json().items as { action: string; seq: string }[];
    expect(items.map((i) => i.action)).toEqual(expect.arrayContaining(['person.create', 'person.break_glass']));
    expect(Number(items[0]?.seq)).toBeGreaterThan(Number(items[items.length - 1]?.seq));
  });

  it('flags break-glass grants with their reason', async () => {
    const items = (await get('/api/audit?action=person.break_glass')).json().items;
    expect(items[0]).toMatchObject({
      flagged: true,
      actorUsername: 'township2',
      reason: expect.stringContaining('转诊'),
    });
  });

  it('filters by date', async () => {
    expect((await get('/api/audit?from=2000-01-01&to=2000-01-02')).json().items).toEqual([]);
  });

  it('exports CSV with a BOM for Excel, and audits the export', async () => {
    const res = await get('/api/audit/export?action=person.create');
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.startsWith('\uFEFFseq,at,actor')).toBe(true);
    expect(res.body).toContain(personId);
    const exports = await env.ctx.db
      .selectFrom('audit_log')
      .select('actor_username')
      .where('action', '=', 'audit.export')
      .execute();
    expect(exports.map((e) => e.actor_username)).toContain('auditor');
  });

  it('refuses a malformed date with the field named', async () => {
    const res = await get('/api/audit?from=yesterday');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('from');
  });
});
