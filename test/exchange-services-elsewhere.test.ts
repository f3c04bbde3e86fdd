/**
 * Services count where the person is from, too (issue 26 part 4): a check-up or counselling given at the residence
 * reaches the origin as a fact (coarse kind, date, type of place; nothing clinical), and the origin counts it as
 * 异地服务 apart from the services it gave itself.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/core/certificate.ts';
import { today } from '../src/core/china-time.ts';
import type { Envelope } from '../src/core/exchange.ts';
import { applyEnvelope, ExchangeWorker } from '../src/modules/exchange/exchange.worker.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';
import { personInput, validIdNumber } from './support/fixtures.ts';

let env: TestEnv;
let village: string;
let worker: ExchangeWorker;
const SERVED = addDays(today(), -3);
const ORIGIN = '341221000000';

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
  worker = new ExchangeWorker({
    db: env.ctx.db,
    pii: env.ctx.pii,
    config: { served: [], natsUrl: null, peers: [], subjectPrefix: 'x', stream: 'X', consumer: 'x', pollMs: 50 },
  });
});
afterAll(() => env.close());

const post = (url: string, payload: object) =>
  env.app.inject({ method: 'POST', url, headers: { cookie: village }, payload });

async function drain() {
  while ((await worker.dispatchOnce()) > 0) {
    // until every queued message is delivered
  }
}

async function person(hukouDivision = ORIGIN): Promise<string> {
  const res = await post(
    '/api/persons',
    personInput({ idNumber: validIdNumber(hukouDivision.slice(0, 6)), hukouDivision }),
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().person.id;
}

async function serve(personId: string, serviceKind: string, outcome: object = {}) {
  const res = await post('/api/services', {
    personId,
    serviceKind,
    status: 'done',
    serviceDate: SERVED,
    consent: true,
    payer: 'public_health_funds',
    outcome,
    notes: '复查：一切正常',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().service.id as string;
}

const serviceNotices = (personId: string) =>
  env.ctx.db
    .selectFrom('exchange_inbox')
    .select(['payload', 'division_code'])
    .where('person_id', '=', personId)
    .where('event', '=', 'service')
    .execute();

async function rollup(measure: string, division: string): Promise<number> {
  const rows = await env.ctx.db
    .selectFrom('stat_rollup')
    .select('value')
    .where('measure', '=', measure)
    .where('division_code', '=', division)
    .where('period', '=', SERVED.slice(0, 7))
    .where('sex', '=', '')
    .where('birth_year', '=', 0)
    .execute();
  return rows.reduce((sum, r) => sum + Number(r.value), 0);
}

describe('a service received away from home', () => {
  it('reaches the origin as a fact: coarse kind, date and type of place, nothing clinical', async () => {
    const id = await person();
    await serve(id, 'reproductive_checkup', { result: 'follow_up' });
    await drain();
    const [notice, ...more] = await serviceNotices(id);
    expect(more).toEqual([]);
    expect(notice?.division_code.startsWith('341221')).toBe(true);
    expect(notice?.payload.service).toEqual({ kind: 'checkup', date: SERVED, placeType: 'community' });
    // Beside the masked ID number the receiver keeps of every message, nothing else travels.
    expect(Object.keys(notice?.payload ?? {}).filter((k) => k !== 'idNumberMasked')).toEqual(['service']);
  });

  it('never names prenatal care or contraceptive counselling to the origin', async () => {
    const id = await person();
    await serve(id, 'prenatal_care');
    await serve(id, 'contraceptive_counselling');
    await drain();
    const kinds = (await serviceNotices(id)).map((n) => (n.payload.service as { kind: string }).kind).sort();
    expect(kinds).toEqual(['checkup', 'counselling']);
    expect(JSON.stringify(await serviceNotices(id))).not.toMatch(/prenatal|contracept|follow_up|复查/);
  });

  it('is not sent for health education, nor for a person registered in this county', async () => {
    const away = await person();
    await serve(away, 'health_education', { topic: '健康讲座' });
    const local = await person('330205005003');
    await serve(local, 'reproductive_checkup', { result: 'normal' });
    await drain();
    expect(await serviceNotices(away)).toEqual([]);
    const sent = await env.ctx.db
      .selectFrom('exchange_outbox')
      .select('id')
      .where('person_id', '=', local)
      .where('event', '=', 'service')
      .execute();
    expect(sent).toEqual([]);
  });

  it('counts at the origin as 异地服务, and in neither place twice', async () => {
    const [elsewhereBefore, originOwnBefore, residenceBefore] = [
      await rollup('service.elsewhere', ORIGIN),
      await rollup('service', ORIGIN),
      await rollup('service', '330205000000'),
    ];
    const id = await person();
    await serve(id, 'mental_health_counselling');
    await drain();
    expect(await rollup('service.elsewhere', ORIGIN)).toBe(elsewhereBefore + 1);
    // The origin gave no service itself; the residence counts the one it gave, once.
    expect(await rollup('service', ORIGIN)).toBe(originOwnBefore);
    expect(await rollup('service', '330205000000')).toBe(residenceBefore + 1);
  });

  it('is answered at the origin by the indicator services_elsewhere, by coarse kind', async () => {
    // One of this county's own people, served in Anhui: the notice arrives as it would from that deployment.
    const idNumber = validIdNumber('330205');
    const res = await post('/api/persons', personInput({ idNumber, hukouDivision: '330205005003' }));
    expect(res.statusCode, res.body).toBe(201);
    const notice: Envelope = {
      v: 1,
      id: crypto.randomUUID(),
      key: `test-service:${crypto.randomUUID()}`,
      kind: 'notification',
      event: 'service',
      caseId: crypto.randomUUID(),
      fromSide: 'residence',
      from: ORIGIN,
      to: '330205005003',
      urgent: false,
      dueOn: null,
      inReplyTo: null,
      sentAt: new Date().toISOString(),
      payload: { idNumber, service: { kind: 'counselling', date: SERVED, placeType: 'health_centre' } },
    };
    const cookie = await env.login('admin');
    const indicator = async () => {
      const answer = await env.app.inject({
        method: 'GET',
        url: `/api/stats/indicators/services_elsewhere?division=330205000000&period=${SERVED.slice(0, 7)}&by=detail`,
        headers: { cookie },
      });
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json().value as number;
    };
    // The demo already has some (its outflow people served where they live).
    const before = await indicator();
    expect((await applyEnvelope(env.ctx, notice, 'local', null)).status).toBe('applied');
    expect(await indicator()).toBe(before + 1);
  });
});
