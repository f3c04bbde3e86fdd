import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { ORIGIN_COUNTY, personInput, VILLAGE, validIdNumber } from '../../../test/support/fixtures.ts';
import { addDays } from '../../core/certificate.ts';
import { today } from '../../core/china-time.ts';
import { queuePendingBirthNotifications } from './exchange.births.ts';

let env: TestEnv;
let township: string;
let village: string;
let inflowMother: string;
let localMother: string;

beforeAll(async () => {
  env = await createTestEnv();
  township = await env.login('township');
  village = await env.login('village');
  inflowMother = (
    await post(village, '/api/persons', personInput({ idNumber: validIdNumber('341221', '1995-03-04', 'F') }))
  ).json().person.id;
  localMother = (
    await post(
      village,
      '/api/persons',
      personInput({ idNumber: validIdNumber('330205', '1993-07-08', 'F'), hukouDivision: VILLAGE }),
    )
  ).json().person.id;
});
afterAll(() => env.close());

function post(cookie: string, url: string, payload: object) {
  return env.app.inject({ method: 'POST', url, headers: { cookie }, payload });
}

// Each registration is for a further child: a second one for the same child is refused (409) unless confirmed.
let childOrder = 0;
async function registered(personId: string, placeBasis = 'residence'): Promise<string> {
  childOrder += 1;
  const res = await post(village, '/api/birth-registrations', {
    personId,
    placeBasis,
    childOrder,
    // One child each: a second registration of the same birth date is the same child (issue 26 part 7).
    childBornOn: `2026-10-${String(childOrder).padStart(2, '0')}`,
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().registration.id as string;
  const reg = await post(township, `/api/birth-registrations/${id}/transitions`, { action: 'register' });
  expect(reg.statusCode, reg.body).toBe(200);
  return id;
}

const outbox = (id: string) =>
  env.ctx.db.selectFrom('exchange_outbox').selectAll().where('idempotency_key', '=', `birth:${id}`).execute();
const marker = async (id: string) =>
  (
    await env.ctx.db
      .selectFrom('birth_registration')
      .select('exchange_notified_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).exchange_notified_at;

describe('birth registrations reach the other area', () => {
  it('queues one notification to the household-registration place when registered at the residence', async () => {
    const id = await registered(inflowMother);
    const rows = await outbox(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'notification',
      event: 'birth',
      person_id: inflowMother,
      from_side: 'residence',
      status: 'pending',
    });
    expect(rows[0]?.to_division.startsWith(ORIGIN_COUNTY.slice(0, 6))).toBe(true);
    expect(rows[0]?.from_division.startsWith('330205')).toBe(true);
    expect(await marker(id)).not.toBeNull();
  });

  it('does not queue a second message when registering again is retried', async () => {
    const id = await registered(inflowMother);
    const again = await post(township, `/api/birth-registrations/${id}/transitions`, { action: 'register' });
    expect(again.statusCode).toBe(400);
    expect(await outbox(id)).toHaveLength(1);
  });

  it('queues nothing when both areas are in this county', async () => {
    const id = await registered(localMother);
    expect(await outbox(id)).toHaveLength(0);
    expect(await marker(id)).toBeNull();
  });

  it('queues a registration registered before the wiring at start-up, once', async () => {
    const id = await registered(inflowMother);
    // As before the wiring: registered, no message, no marker.
    await env.ctx.db.deleteFrom('exchange_outbox').where('idempotency_key', '=', `birth:${id}`).execute();
    await env.ctx.db
      .updateTable('birth_registration')
      .set({ exchange_notified_at: null })
      .where('id', '=', id)
      .execute();
    expect(await queuePendingBirthNotifications(env.ctx.db)).toBeGreaterThanOrEqual(1);
    expect(await outbox(id)).toHaveLength(1);
    expect(await marker(id)).not.toBeNull();
    expect(await queuePendingBirthNotifications(env.ctx.db)).toBe(0);
    // Even with the marker lost, the idempotency key keeps it to one message.
    await env.ctx.db
      .updateTable('birth_registration')
      .set({ exchange_notified_at: null })
      .where('id', '=', id)
      .execute();
    await queuePendingBirthNotifications(env.ctx.db);
    expect(await outbox(id)).toHaveLength(1);
  });
});

describe('referrals of a floating person', () => {
  it('send an urgent inquiry with a 15-day deadline to the other area', async () => {
    const facilities = await env.app.inject({ method: 'GET', url: '/api/facilities', headers: { cookie: village } });
    const facilityId = facilities.json().items[0].id as string;
    const res = await post(village, '/api/referrals', {
      personId: inflowMother,
      facilityId,
      serviceKind: 'prenatal_care',
      consentOn: today(),
    });
    expect(res.statusCode, res.body).toBe(201);
    const referralId = res.json().referral.id as string;
    const rows = await env.ctx.db
      .selectFrom('exchange_outbox')
      .selectAll()
      .where('idempotency_key', '=', `referral:${referralId}`)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'inquiry', event: 'referral', urgent: true, needs_reply: true });
    expect(rows[0]?.due_on).toBe(addDays(today(), 15));
    expect(rows[0]?.to_division.startsWith(ORIGIN_COUNTY.slice(0, 6))).toBe(true);
  });

  it('carry the purpose and the consent date, and tell the other area nothing without consent', async () => {
    const facilities = await env.app.inject({ method: 'GET', url: '/api/facilities', headers: { cookie: village } });
    const facilityId = facilities.json().items[0].id as string;
    const withConsent = await post(village, '/api/referrals', {
      personId: inflowMother,
      facilityId,
      serviceKind: 'reproductive_checkup',
      consentOn: today(),
    });
    const sent = await env.ctx.db
      .selectFrom('exchange_outbox')
      .select('payload')
      .where('id', '=', withConsent.json().referral.exchangeMessageId)
      .executeTakeFirstOrThrow();
    expect(sent.payload).toMatchObject({ purpose: 'service_referral', consentOn: today() });
    const without = await post(village, '/api/referrals', {
      personId: inflowMother,
      facilityId,
      serviceKind: 'health_education',
    });
    expect(without.statusCode, without.body).toBe(201);
    expect(without.json().referral.exchangeMessageId).toBeNull();
  });

  it('send nothing for a person whose both areas are in this county', async () => {
    const facilities = await env.app.inject({ method: 'GET', url: '/api/facilities', headers: { cookie: village } });
    const facilityId = facilities.json().items[0].id as string;
    const res = await post(village, '/api/referrals', {
      personId: localMother,
      facilityId,
      serviceKind: 'prenatal_care',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().referral.exchangeMessageId).toBeNull();
  });
});
