/**
 * Every 协查 has a lawful purpose (issue 26 part 8): a closed list, a note within it, the consent of a referral
 * recorded with it, and the resident sees the inquiries about them with their purpose in the portal.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../src/core/china-time.ts';
import { checkEnvelope, INQUIRY_PURPOSES } from '../src/core/exchange.ts';
import { MemorySmsSender, setSmsSender } from '../src/modules/portal/sms.ts';
import { cookieOf, createTestEnv, type TestEnv } from './support/context.ts';
import { personInput, validIdNumber } from './support/fixtures.ts';

let env: TestEnv;
let township: string;
const sms = new MemorySmsSender();

beforeAll(async () => {
  env = await createTestEnv();
  setSmsSender(sms);
  township = await env.login('township');
});
afterAll(() => env.close());

const post = (url: string, payload: object, cookie?: string) =>
  env.app.inject({ method: 'POST', url, payload, headers: cookie ? { cookie } : {} });

/** An inflow resident (household registration in Anhui) registered by the township. */
async function inflowPerson(birthDate = '1991-05-06') {
  const input = personInput({ idNumber: validIdNumber('341221', birthDate) });
  const res = await post('/api/persons', input, township);
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().person.id as string, idNumber: input.idNumber as string };
}

const inquiriesAbout = (personId: string) =>
  env.ctx.db
    .selectFrom('exchange_outbox')
    .select(['payload', 'urgent'])
    .where('person_id', '=', personId)
    .where('kind', '=', 'inquiry')
    .execute();

describe('an inquiry (协查)', () => {
  it('is refused without a purpose, naming the field, and nothing is sent', async () => {
    const person = await inflowPerson('1991-05-07');
    const res = await post('/api/exchange/inquiries', { personId: person.id, text: '请协助联系该居民。' }, township);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({ path: 'purpose', message: expect.stringContaining('协查事由') });
    expect(await inquiriesAbout(person.id)).toEqual([]);
  });

  it('is refused with a purpose outside the closed list', async () => {
    const person = await inflowPerson('1991-05-08');
    const res = await post('/api/exchange/inquiries', { personId: person.id, purpose: 'status_check' }, township);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('purpose');
    expect(await inquiriesAbout(person.id)).toEqual([]);
  });

  it('for a service referral needs the day the person agreed', async () => {
    const person = await inflowPerson('1991-05-09');
    const res = await post('/api/exchange/inquiries', { personId: person.id, purpose: 'service_referral' }, township);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({
      path: 'consentOn',
      message: expect.stringContaining('本人同意'),
    });
    expect(await inquiriesAbout(person.id)).toEqual([]);
  });

  it('carries its purpose, the note and the consent of a referral', async () => {
    const person = await inflowPerson('1991-05-10');
    const res = await post(
      '/api/exchange/inquiries',
      {
        personId: person.id,
        purpose: 'service_referral',
        urgent: true,
        consentOn: today(),
        text: '转介：该居民需要孕产期保健服务，请协助联系。',
      },
      township,
    );
    expect(res.statusCode, res.body).toBe(201);
    const [sent] = await inquiriesAbout(person.id);
    expect(sent?.payload).toMatchObject({
      purpose: 'service_referral',
      consentOn: today(),
      text: '转介：该居民需要孕产期保健服务，请协助联系。',
    });
  });

  it('takes the note as optional', async () => {
    const person = await inflowPerson('1991-05-11');
    const res = await post('/api/exchange/inquiries', { personId: person.id, purpose: 'contact_update' }, township);
    expect(res.statusCode, res.body).toBe(201);
    const [sent] = await inquiriesAbout(person.id);
    expect(sent?.payload).toMatchObject({ purpose: 'contact_update' });
    expect(sent?.payload).not.toHaveProperty('text');
  });

  it('on the wire is malformed without a purpose', () => {
    const envelope = {
      v: 1,
      id: crypto.randomUUID(),
      key: 'k',
      kind: 'inquiry',
      event: null,
      caseId: crypto.randomUUID(),
      fromSide: 'origin',
      from: '341221000000',
      to: '330205005000',
      urgent: false,
      dueOn: null,
      inReplyTo: null,
      sentAt: new Date().toISOString(),
      payload: { text: '请核实' },
    };
    expect(() => checkEnvelope(envelope)).toThrow(/purpose/);
    expect(checkEnvelope({ ...envelope, payload: { purpose: INQUIRY_PURPOSES[0] } }).payload.purpose).toBe(
      'registration_pairing',
    );
  });

  it('is in the resident portal access log with its purpose', async () => {
    const person = await inflowPerson('1991-05-12');
    const sent = await post(
      '/api/exchange/inquiries',
      { personId: person.id, purpose: 'certificate_verification', text: '请协助核验证明。' },
      township,
    );
    expect(sent.statusCode, sent.body).toBe(201);
    await post('/api/portal/auth/code', { idNumber: person.idNumber });
    const cookie = cookieOf(await post('/api/portal/auth/verify', { idNumber: person.idNumber, code: sms.lastCode() }));
    expect((await post('/api/portal/consent', { terms: true, health: true }, cookie)).statusCode).toBe(200);
    const log = await env.app.inject({ method: 'GET', url: '/api/portal/access-log', headers: { cookie } });
    expect(log.statusCode, log.body).toBe(200);
    const inquiry = log.json().items.find((r: { action: string }) => r.action === 'exchange.inquiry');
    expect(inquiry?.purpose).toEqual({ zh: '证明核验', en: 'Certificate verification' });
  });
});
