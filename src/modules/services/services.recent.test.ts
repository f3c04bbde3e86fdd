import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { inflowPeople } from '../certificates/certificates.fixtures.ts';

let env: TestEnv;
let township: string;

beforeAll(async () => {
  env = await createTestEnv();
  township = await env.login('township');
});
afterAll(() => env.close());

const get = (url: string, cookie = township) => env.app.inject({ method: 'GET', url, headers: { cookie } });

describe("the jurisdiction's recent services", () => {
  it('come newest first with the person named and the ID number masked', async () => {
    const res = await get('/api/services?pageSize=10');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBeGreaterThan(10);
    expect(body.items).toHaveLength(10);
    const dates = body.items.map((i: { serviceDate: string }) => i.serviceDate);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(body.items[0].person.idNumberMasked).toMatch(/\*{4,}/);
    expect(body.items.every((i: { division: string }) => i.division.startsWith('330205005'))).toBe(true);
  });

  it('show a service just recorded on the first page', async () => {
    const [person] = await inflowPeople(env, 1);
    const saved = await env.app.inject({
      method: 'POST',
      url: '/api/services',
      headers: { cookie: township },
      payload: {
        personId: person?.id,
        serviceKind: 'health_education',
        status: 'done',
        serviceDate: new Date().toISOString().slice(0, 10),
        consent: true,
        payer: 'public_health_funds',
        outcome: { topic: '优生优育' },
      },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const first = (await get('/api/services?pageSize=20')).json().items.map((i: { id: string }) => i.id);
    expect(first).toContain(saved.json().service.id);
  });

  it('are audited as reads of each person listed', async () => {
    const item = (await get('/api/services?pageSize=1')).json().items[0];
    const log = await get(`/api/persons/${item.person.id}/access-log`);
    expect(log.json().items.map((i: { action: string }) => i.action)).toContain('service.list');
  });

  it('refuse a page size over 100, naming the field', async () => {
    const res = await get('/api/services?pageSize=500');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('pageSize');
  });
});

describe('birth registrations of one person', () => {
  it('list only that person', async () => {
    const any = (await get('/api/birth-registrations?pageSize=1')).json().items[0];
    expect(any).toBeDefined();
    const res = await get(`/api/birth-registrations?personId=${any.personId}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.length).toBeGreaterThan(0);
    expect(res.json().items.every((i: { personId: string }) => i.personId === any.personId)).toBe(true);
  });
});
