import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import type { WorkItem } from '../../core/deadlines.ts';
import { inflowPeople, issue, newOutflowPerson } from '../certificates/certificates.fixtures.ts';
import { computeItems } from './worklists.service.ts';

let env: TestEnv;
let township: string;

beforeAll(async () => {
  env = await createTestEnv();
  township = await env.login('township');
});
afterAll(() => env.close());

const get = (url: string, cookie = township) => env.app.inject({ method: 'GET', url, headers: { cookie } });
const workItems = async (personId: string, cookie = township) =>
  (await get(`/api/persons/${personId}/work-items`, cookie)).json() as { items: WorkItem[]; issueKinds: string[] };

let taken = 0;
/** Someone in the township's list with an overdue arrival check, from the work list itself; a new one each call. */
async function overdueArrival(): Promise<string> {
  const res = await get('/api/worklists/items?kind=arrival_check&status=overdue&pageSize=200');
  const ids: string[] = res.json().items.map((i: WorkItem) => i.personId);
  const id = ids[ids.length - 1 - taken++];
  if (!id) throw new Error('the demo has no overdue arrival check');
  return id;
}

describe("a person's open work items", () => {
  it("are the township's open work-list items of that person, kind for kind", async () => {
    const all = await computeItems(env.ctx, '330205005000');
    // Someone with at least two open items, so the comparison is more than one row.
    const counts = new Map<string, number>();
    for (const i of all) if (i.status !== 'done') counts.set(i.personId, (counts.get(i.personId) ?? 0) + 1);
    const personId = [...counts].find(([id, n]) => n >= 2 && id)?.[0];
    expect(personId).toBeDefined();
    const expected = all.filter((i) => i.personId === personId && i.status !== 'done');
    const body = await workItems(personId as string);
    const key = (i: WorkItem) => `${i.kind}|${i.dueOn}|${i.status}|${i.certificateId ?? ''}|${i.serviceKind ?? ''}`;
    expect(body.items.map(key).sort()).toEqual(expected.map(key).sort());
  });

  it('list an overdue arrival check that the work list shows', async () => {
    const personId = await overdueArrival();
    const body = await workItems(personId);
    expect(body.items).toContainEqual(expect.objectContaining({ kind: 'arrival_check', status: 'overdue' }));
  });

  it('are audited as a read of the person', async () => {
    const personId = await overdueArrival();
    await workItems(personId);
    const log = await get(`/api/persons/${personId}/access-log`);
    expect(log.json().items.map((i: { action: string }) => i.action)).toContain('person.read_work_items');
  });

  it('answer 404 for a person outside the jurisdiction', async () => {
    const elsewhere = await env.ctx.db
      .selectFrom('person')
      .select('id')
      .where('residence_division', 'like', '330205003%')
      .where('hukou_division', 'not like', '330205005%')
      .executeTakeFirstOrThrow();
    expect((await get(`/api/persons/${elsewhere.id}/work-items`)).statusCode).toBe(404);
  });

  it('offer a temporary certificate where the person lives and a standard one at the origin', async () => {
    const [inflow] = await inflowPeople(env, 1);
    expect((await workItems(inflow?.id as string)).issueKinds).toEqual(['temporary']);
    const outflow = await newOutflowPerson(env, township);
    expect((await workItems(outflow.id)).issueKinds).toEqual(['standard', 'temporary']);
    const [ownVillage] = await inflowPeople(env, 1, '330205005003');
    expect((await workItems(ownVillage?.id as string, await env.login('village'))).issueKinds).toEqual([]);
  });
});

describe('recording the arrival check from the person page', () => {
  it('closes the 来后15日内登记核验 item: gone from the person, done in the work list', async () => {
    const personId = await overdueArrival();
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/certificate-checks',
      headers: { cookie: township },
      payload: { noneHeld: true, personId },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await workItems(personId)).items.map((i) => i.kind)).not.toContain('arrival_check');
    const done = await get('/api/worklists/items?kind=arrival_check&status=done&pageSize=200');
    expect(done.json().items.map((i: WorkItem) => i.personId)).toContain(personId);
  });

  it("closes it with the person's own certificate number", async () => {
    const personId = await overdueArrival();
    const cert = await issue(env, township, { personId, kind: 'temporary' });
    expect(cert.statusCode, cert.body).toBe(201);
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/certificate-checks',
      headers: { cookie: township },
      payload: { number: cert.json().certificate.number, personId },
    });
    expect(res.json()).toMatchObject({ check: { method: 'number', result: 'valid', personId } });
    expect((await workItems(personId)).items.map((i) => i.kind)).not.toContain('arrival_check');
  });

  it("refuses someone else's certificate, naming the field, and records nothing", async () => {
    const personId = await overdueArrival();
    const other = await newOutflowPerson(env, township);
    const cert = (await issue(env, township, { personId: other.id, kind: 'standard' })).json().certificate;
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/certificate-checks',
      headers: { cookie: township },
      payload: { number: cert.number, personId },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({
      path: 'number',
      message: expect.stringContaining('不属于此人'),
    });
    const checks = await env.ctx.db
      .selectFrom('certificate_check')
      .select('id')
      .where('person_id', '=', personId)
      .execute();
    expect(checks).toEqual([]);
    expect((await workItems(personId)).items.map((i) => i.kind)).toContain('arrival_check');
  });
});
