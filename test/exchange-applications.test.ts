/**
 * A certificate without a trip home (issue 26 part 1), inside one deployment: an inflow resident's application
 * for a standard certificate goes to the origin as an urgent 协查, the origin's office issues or declines it, and
 * the residence and the resident see the outcome. (test/exchange-applications-nats.test.ts: two deployments.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/modules/demo/demo.generator.ts';
import { ExchangeWorker } from '../src/modules/exchange/exchange.worker.ts';
import { MemorySmsSender, setSmsSender } from '../src/modules/portal/sms.ts';
import { upsertUser } from '../src/modules/users/index.ts';
import { cookieOf, createTestEnv, type TestEnv } from './support/context.ts';
import { personInput, validIdNumber } from './support/fixtures.ts';

let env: TestEnv;
let village: string;
let township: string;
let origin: string;
let worker: ExchangeWorker;
const sms = new MemorySmsSender();

beforeAll(async () => {
  process.env.LIUDONG_PORTAL_RATE_PER_MINUTE = '10000';
  env = await createTestEnv();
  setSmsSender(sms);
  village = await env.login('village');
  township = await env.login('township');
  // The origin's certificate office (临泉县), served by the same deployment.
  await upsertUser(env.ctx.db, {
    username: 'linquan',
    displayName: '临泉县卫健委',
    role: 'township_officer',
    divisionCode: '341221000000',
    password: DEMO_PASSWORD,
  });
  origin = await env.login('linquan');
  worker = new ExchangeWorker({
    db: env.ctx.db,
    pii: env.ctx.pii,
    config: { served: [], natsUrl: null, peers: [], subjectPrefix: 'x', stream: 'X', consumer: 'x', pollMs: 50 },
  });
});
afterAll(() => env.close());

const post = (url: string, payload: object, cookie?: string) =>
  env.app.inject({ method: 'POST', url, payload, headers: cookie ? { cookie } : {} });
const get = (url: string, cookie: string) => env.app.inject({ method: 'GET', url, headers: { cookie } });

async function drain() {
  while ((await worker.dispatchOnce()) > 0) {
    // until the outbox has nothing due
  }
}

/** An inflow resident (household registration in 临泉县) signed in to the portal. */
async function resident(birthDate: string): Promise<{ id: string; cookie: string }> {
  const input = personInput({ idNumber: validIdNumber('341221', birthDate) });
  const created = await post('/api/persons', input, village);
  expect(created.statusCode, created.body).toBe(201);
  const idNumber = input.idNumber as string;
  await post('/api/portal/auth/code', { idNumber });
  const cookie = cookieOf(await post('/api/portal/auth/verify', { idNumber, code: sms.lastCode() }));
  expect((await post('/api/portal/consent', { terms: true, health: true }, cookie)).statusCode).toBe(200);
  return { id: created.json().person.id, cookie };
}

async function apply(cookie: string, kind: 'standard' | 'temporary' = 'standard') {
  const res = await post('/api/portal/applications', { kind, purpose: '办理就业手续' }, cookie);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().application as { id: string; routedToOrigin: boolean; status: string };
}

const queueItem = async (cookie: string, id: string) =>
  (await get('/api/certificate-applications', cookie)).json().items.find((a: { id: string }) => a.id === id);

describe('a standard certificate applied for at the residence', () => {
  it('goes to the origin as an urgent inquiry with the certificate purpose', async () => {
    const r = await resident('1990-01-02');
    const application = await apply(r.cookie);
    expect(application.routedToOrigin).toBe(true);
    const [sent, ...more] = await env.ctx.db
      .selectFrom('exchange_outbox')
      .selectAll()
      .where('idempotency_key', '=', `application:${application.id}`)
      .execute();
    expect(more).toEqual([]);
    expect(sent).toMatchObject({ kind: 'inquiry', event: 'certificate', urgent: true, needs_reply: true });
    expect(sent?.to_division.startsWith('341221')).toBe(true);
    expect(sent?.payload).toMatchObject({
      purpose: 'certificate_verification',
      application: { id: application.id, kind: 'standard' },
    });
  });

  it('cannot be decided by the residence, which sees it routed', async () => {
    const r = await resident('1990-01-03');
    const application = await apply(r.cookie);
    const item = await queueItem(township, application.id);
    expect(item).toMatchObject({ status: 'submitted', routedToOrigin: true });
    const res = await post(`/api/certificate-applications/${application.id}/decide`, { decision: 'issue' }, township);
    expect(res.statusCode).toBe(409);
    expect((await queueItem(township, application.id)).status).toBe('submitted');
  });

  it('is in the origin queue, issued there, and the resident sees the certificate with its QR code', async () => {
    const r = await resident('1990-01-04');
    const application = await apply(r.cookie);
    await drain();
    const queued = await queueItem(origin, application.id);
    expect(queued).toMatchObject({ status: 'submitted', fromResidence: true });
    const inquiry = await env.ctx.db
      .selectFrom('exchange_inbox')
      .select(['outcome', 'needs_reply', 'replied_at'])
      .where('idempotency_key', '=', `application:${application.id}`)
      .executeTakeFirstOrThrow();
    expect(inquiry).toMatchObject({ outcome: 'certificate_queue', needs_reply: true, replied_at: null });

    const decided = await post(`/api/certificate-applications/${application.id}/decide`, { decision: 'issue' }, origin);
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().application.status).toBe('issued');
    await drain();
    const answered = await env.ctx.db
      .selectFrom('exchange_inbox')
      .select(['replied_at'])
      .where('idempotency_key', '=', `application:${application.id}`)
      .executeTakeFirstOrThrow();
    expect(answered.replied_at).not.toBeNull();
    expect((await queueItem(township, application.id)) ?? null).toBeNull(); // no longer waiting
    const mine = (await get('/api/portal/applications', r.cookie)).json().items[0];
    expect(mine).toMatchObject({ id: application.id, status: 'issued', routedToOrigin: true });
    const certificates = (await get('/api/portal/certificates', r.cookie)).json().items;
    expect(certificates).toHaveLength(1);
    expect(certificates[0]).toMatchObject({ kind: 'standard', status: 'valid' });
    expect(certificates[0].qrDataUrl).toMatch(/^data:image\/png;base64,/);
  });

  it('declined by the origin with a reason: the residence and the resident see the reason', async () => {
    const r = await resident('1990-01-05');
    const application = await apply(r.cookie);
    await drain();
    const res = await post(
      `/api/certificate-applications/${application.id}/decide`,
      { decision: 'reject', note: '户籍地登记的婚姻状况需本人先更正' },
      origin,
    );
    expect(res.statusCode, res.body).toBe(200);
    await drain();
    const mine = (await get('/api/portal/applications', r.cookie)).json().items[0];
    expect(mine).toMatchObject({ status: 'rejected', note: '户籍地登记的婚姻状况需本人先更正' });
    expect((await get('/api/portal/certificates', r.cookie)).json().items).toEqual([]);
  });

  it('leaves a temporary certificate to the residence', async () => {
    const r = await resident('1990-01-06');
    const application = await apply(r.cookie, 'temporary');
    expect(application.routedToOrigin).toBe(false);
    const res = await post(`/api/certificate-applications/${application.id}/decide`, { decision: 'issue' }, township);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().application.status).toBe('issued');
  });
});
