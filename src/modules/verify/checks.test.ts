import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { inflowPeople, issue, newOutflowPerson } from '../certificates/certificates.fixtures.ts';

let env: TestEnv;
let township: string;
let village: string;
let cert: { id: string; number: string; payload: string; personId: string };

beforeAll(async () => {
  env = await createTestEnv();
  township = await env.login('township');
  village = await env.login('village');
  const person = await newOutflowPerson(env, township);
  cert = (await issue(env, township, { personId: person.id, kind: 'standard' })).json().certificate;
});
afterAll(() => env.close());

const check = (cookie: string, payload: object) =>
  env.app.inject({ method: 'POST', url: '/api/certificate-checks', headers: { cookie }, payload });

describe('recording a check at the place of residence', () => {
  it('records a valid certificate presented by QR, with who, where and the result', async () => {
    const res = await check(village, { payload: cert.payload, place: '梅堰社区服务站' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ check: { method: 'qr', result: 'valid' }, incident: null });
    const row = await env.ctx.db
      .selectFrom('certificate_check')
      .selectAll()
      .where('id', '=', res.json().check.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ division_code: '330205005003', certificate_id: cert.id, person_id: cert.personId });
  });

  it('opens a misuse incident for a forged certificate', async () => {
    const forged = `${cert.payload.slice(0, -3)}xyz`;
    const res = await check(village, { payload: forged, place: '梅堰社区' });
    expect(res.json()).toMatchObject({ check: { result: 'forged' }, incident: { id: expect.any(String) } });
    const list = await env.app.inject({ method: 'GET', url: '/api/misuse-incidents', headers: { cookie: township } });
    expect(list.json().items[0]).toMatchObject({ status: 'open', place: '梅堰社区', method: 'qr' });
  });

  it('lets the township refer an incident to public security', async () => {
    const res = await check(village, { payload: 'LD1.fake', place: '梅堰社区' });
    const id = res.json().incident.id;
    const refer = await env.app.inject({
      method: 'POST',
      url: `/api/misuse-incidents/${id}/refer`,
      headers: { cookie: township },
      payload: { referredTo: '江北区公安分局' },
    });
    expect(refer.json().incident).toMatchObject({ status: 'referred', referredTo: '江北区公安分局' });
  });

  it('records "holds no certificate" for a person, which is not an incident', async () => {
    const [person] = await inflowPeople(env, 1, '330205005003');
    const res = await check(village, { noneHeld: true, personId: person?.id });
    expect(res.json()).toMatchObject({ check: { method: 'none_held', result: 'none_held' }, incident: null });
  });

  it('asks for exactly one of QR, number or "holds none"', async () => {
    const res = await check(village, { payload: cert.payload, number: cert.number });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('payload');
  });

  it('answers 404 for a person outside the jurisdiction', async () => {
    const elsewhere = await newOutflowPerson(env, township, { hukouDivision: '330205005008' });
    const res = await check(village, { noneHeld: true, personId: elsewhere.id });
    expect(res.statusCode).toBe(404);
  });
});
