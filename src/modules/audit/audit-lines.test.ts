import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';

let env: TestEnv;
let auditor: string;
let village: string;
let personId = '';
let listed = 0;

interface Line {
  seq: string;
  action: string;
  actorName: string | null;
  actorUsername: string | null;
  person: { name: string; idNumberMasked: string } | null;
  personCount: number;
  rows: number;
}

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
  const idNumber = validIdNumber('520502', '1992-03-04');
  const created = await env.app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: { cookie: village },
    payload: personInput({ idNumber, name: '欧阳晓薇' }),
  });
  personId = created.json().person.id;
  await env.app.inject({ method: 'GET', url: `/api/persons/${personId}`, headers: { cookie: village } });
  // Two list reads of one page each: two lines, however many people each page held.
  for (let i = 0; i < 2; i++) {
    const list = await env.app.inject({ method: 'GET', url: '/api/persons?pageSize=20', headers: { cookie: village } });
    listed = list.json().items.length;
  }
  auditor = await env.login('auditor');
});
afterAll(() => env.close());

async function lines(query: string): Promise<{ items: Line[]; next: string | null }> {
  const res = await env.app.inject({ method: 'GET', url: `/api/audit?${query}`, headers: { cookie: auditor } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('auditor view, as people read it', () => {
  it('shows one list read as one line with the number of people in it', async () => {
    const { items } = await lines('action=person.list&username=village');
    expect(listed).toBeGreaterThan(1);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ personCount: listed, rows: listed, person: null });
  });

  it('names the person of a line by masked name and masked ID number', async () => {
    const { items } = await lines(`action=person.read&personId=${personId}`);
    expect(items[0]?.person).toEqual({
      name: '欧**薇',
      idNumberMasked: expect.stringMatching(/^520502\*+\d{3}[\dX]$/),
    });
    expect(JSON.stringify(items)).not.toContain('欧阳晓薇');
  });

  it('names users by display name, keeping the login name beside it', async () => {
    const { items } = await lines(`action=person.read&personId=${personId}`);
    expect(items[0]).toMatchObject({ actorName: '梅堰社区专职管理员', actorUsername: 'village' });
  });

  it('pages by whole lines: a list read is never split across pages', async () => {
    const first = await lines('action=person.list&username=village&pageSize=1');
    expect(first.items).toHaveLength(1);
    expect(first.items[0]?.personCount).toBe(listed);
    expect(first.next).not.toBeNull();
    const second = await lines(`action=person.list&username=village&pageSize=1&before=${first.next}`);
    expect(second.items).toHaveLength(1);
    expect(second.items[0]?.personCount).toBe(listed);
    expect(Number(second.items[0]?.seq)).toBeLessThan(Number(first.items[0]?.seq));
  });

  it('refuses a malformed cursor with the field named', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/audit?before=abc', headers: { cookie: auditor } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('before');
  });
});
