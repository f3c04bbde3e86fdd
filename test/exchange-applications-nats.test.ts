/**
 * A certificate without a trip home (issue 26 part 1) between two deployments over the real NATS JetStream on
 * 127.0.0.1:4222 (required: the suite fails without it). The residence (江北区) routes an inflow resident's standard
 * application to the origin (临泉县) as an urgent 协查; the origin's office issues it (the signed payload travels
 * back) or declines it with a reason; the residence and the resident see the outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateSigningKey } from '../src/modules/certificates/index.ts';
import { DEMO_PASSWORD } from '../src/modules/demo/demo.generator.ts';
import { MemorySmsSender, setSmsSender } from '../src/modules/portal/sms.ts';
import { upsertUser } from '../src/modules/users/index.ts';
import { cookieOf } from './support/context.ts';
import { type Deployment, runningDeployments, waitFor } from './support/exchange.ts';
import { personInput, VILLAGE, validIdNumber } from './support/fixtures.ts';

let residence: Deployment;
let origin: Deployment;
let close: (() => Promise<void>) | undefined;
let village: string;
let township: string;
let linquan: string;
const sms = new MemorySmsSender();

beforeAll(async () => {
  process.env.LIUDONG_PORTAL_RATE_PER_MINUTE = '10000';
  ({ residence, origin, close } = await runningDeployments());
  setSmsSender(sms);
  village = await residence.env.login('village');
  township = await residence.env.login('township');
  await upsertUser(origin.env.ctx.db, {
    username: 'linquan',
    displayName: '临泉县卫健委',
    role: 'township_officer',
    divisionCode: '341221000000',
    password: DEMO_PASSWORD,
  });
  linquan = await origin.env.login('linquan');
  // The origin runs under its own data key (twoDeployments), so it signs certificates with a key of its own.
  await rotateSigningKey(origin.env.ctx.db, origin.env.ctx.pii);
}, 180_000);

afterAll(() => close?.());

const post = (d: Deployment, url: string, payload: object, cookie?: string) =>
  d.env.app.inject({ method: 'POST', url, payload, headers: cookie ? { cookie } : {} });
const get = (d: Deployment, url: string, cookie: string) =>
  d.env.app.inject({ method: 'GET', url, headers: { cookie } });

/**
 * One person known to both registries (the origin's outflow record, the residence's inflow record), signed in to
 * the residence's portal, with a standard application filed there.
 */
async function applied(birthDate: string) {
  const input = personInput({ idNumber: validIdNumber('341221', birthDate) });
  const atOrigin = await post(origin, '/api/persons', { ...input, residenceDivision: VILLAGE }, linquan);
  expect(atOrigin.statusCode, atOrigin.body).toBe(201);
  const atResidence = await post(residence, '/api/persons', input, village);
  expect(atResidence.statusCode, atResidence.body).toBe(201);
  const idNumber = input.idNumber as string;
  await post(residence, '/api/portal/auth/code', { idNumber });
  const cookie = cookieOf(await post(residence, '/api/portal/auth/verify', { idNumber, code: sms.lastCode() }));
  expect((await post(residence, '/api/portal/consent', { terms: true, health: true }, cookie)).statusCode).toBe(200);
  const res = await post(residence, '/api/portal/applications', { kind: 'standard', purpose: '办理就业手续' }, cookie);
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json().application.routedToOrigin).toBe(true);
  return { cookie, applicationId: res.json().application.id as string };
}

/** The application as the origin's office sees it in its queue, once the inquiry has arrived. */
const inOriginQueue = (id: string) =>
  waitFor('the application in the origin queue', async () =>
    (await get(origin, '/api/certificate-applications', linquan)).json().items.find((a: { id: string }) => a.id === id),
  );

const residenceRow = (id: string) =>
  residence.env.ctx.db.selectFrom('certificate_application').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('a standard certificate across two deployments', () => {
  it('is issued at the origin and reaches the resident with its signed payload and QR code', async () => {
    const { cookie, applicationId } = await applied('1989-02-03');
    const queued = await inOriginQueue(applicationId);
    expect(queued).toMatchObject({ status: 'submitted', fromResidence: true, kind: 'standard' });
    // Meanwhile the residence sees it waiting for the origin.
    const waiting = (await get(residence, '/api/certificate-applications', township)).json().items;
    expect(waiting.find((a: { id: string }) => a.id === applicationId)).toMatchObject({ routedToOrigin: true });

    const decided = await post(
      origin,
      `/api/certificate-applications/${applicationId}/decide`,
      { decision: 'issue' },
      linquan,
    );
    expect(decided.statusCode, decided.body).toBe(200);
    const issued = await origin.env.ctx.db
      .selectFrom('certificate')
      .select(['number', 'payload'])
      .where('id', '=', decided.json().application.certificateId)
      .executeTakeFirstOrThrow();

    const settled = await waitFor('the decision at the residence', async () => {
      const row = await residenceRow(applicationId);
      return row.status === 'issued' ? row : undefined;
    });
    expect(settled.origin_certificate).toMatchObject({ number: issued.number, payload: issued.payload });
    const mine = (await get(residence, '/api/portal/certificates', cookie)).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ number: issued.number, kind: 'standard', status: 'valid' });
    expect(mine[0].verifyUrl).toContain(issued.payload);
    expect(mine[0].qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const applications = (await get(residence, '/api/portal/applications', cookie)).json().items;
    expect(applications[0]).toMatchObject({ status: 'issued', originCertificate: { number: issued.number } });
  });

  it('is declined at the origin with a reason the resident reads', async () => {
    const { cookie, applicationId } = await applied('1989-02-04');
    await inOriginQueue(applicationId);
    const note = '请先在户籍地更正婚姻状况登记';
    const decided = await post(
      origin,
      `/api/certificate-applications/${applicationId}/decide`,
      { decision: 'reject', note },
      linquan,
    );
    expect(decided.statusCode, decided.body).toBe(200);
    await waitFor('the decline at the residence', async () =>
      (await residenceRow(applicationId)).status === 'rejected' ? true : undefined,
    );
    const applications = (await get(residence, '/api/portal/applications', cookie)).json().items;
    expect(applications[0]).toMatchObject({ status: 'rejected', note, originCertificate: null });
    expect((await get(residence, '/api/portal/certificates', cookie)).json().items).toEqual([]);
  });
});
