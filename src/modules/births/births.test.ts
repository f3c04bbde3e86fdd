import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';
import {
  allTransitions,
  BIRTH_TRANSITIONS,
  type BirthAction,
  type BirthStatus,
  verifyBirthPayload,
} from '../../core/services-birth.ts';
import { keyRingFor } from '../certificates/index.ts';
import { submitBirthRegistration } from './births.service.ts';

let env: TestEnv;
let township: string;
let township2: string;
let village: string;
let mother: string;

beforeAll(async () => {
  env = await createTestEnv();
  township = await env.login('township');
  township2 = await env.login('township2');
  village = await env.login('village');
  const res = await post(
    village,
    '/api/persons',
    personInput({ idNumber: validIdNumber('341221', '1994-05-06', 'F'), name: '孙丽' }),
  );
  mother = res.json().person.id;
});
afterAll(() => env.close());

function post(cookie: string, url: string, payload: object) {
  return env.app.inject({ method: 'POST', url, headers: { cookie }, payload });
}

/** A mother with no registration yet: a second open registration for one person is refused (409). */
async function newMother(): Promise<string> {
  // The same birth date every time (the verify tests check it); the fixture varies the sequence digits.
  const idNumber = validIdNumber('341221', '1994-05-06', 'F');
  const res = await post(village, '/api/persons', personInput({ idNumber, name: '孙丽' }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().person.id;
}

async function submit(cookie = village, overrides: object = {}) {
  return post(cookie, '/api/birth-registrations', {
    personId: await newMother(),
    placeBasis: 'residence',
    childOrder: 1,
    childBornOn: '2026-11-01',
    childSex: 'F',
    ...overrides,
  });
}

async function status(id: string): Promise<string> {
  const row = await env.ctx.db
    .selectFrom('birth_registration')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.status;
}

function act(id: string, action: BirthAction, cookie = township) {
  return post(cookie, `/api/birth-registrations/${id}/transitions`, {
    action,
    ...(action === 'request_info' ? { message: '请补充户口簿本人页' } : {}),
    ...(action === 'withdraw' ? { reason: '申请人要求撤回' } : {}),
  });
}

/** A registration in the given state, reached through allowed transitions only. */
async function registrationIn(state: BirthStatus): Promise<string> {
  const res = await submit();
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().registration.id as string;
  const path: Record<BirthStatus, BirthAction[]> = {
    submitted: [],
    needs_info: ['request_info'],
    registered: ['register'],
    withdrawn: ['withdraw'],
  };
  for (const action of path[state]) expect((await act(id, action)).statusCode).toBe(200);
  expect(await status(id)).toBe(state);
  return id;
}

describe('birth registration review transitions', () => {
  for (const t of allTransitions()) {
    it(`${t.allowed ? 'allows' : 'refuses'} ${t.action} from ${t.from}`, async () => {
      const id = await registrationIn(t.from);
      const events = async () =>
        (
          await env.ctx.db
            .selectFrom('birth_registration_event')
            .select('id')
            .where('registration_id', '=', id)
            .execute()
        ).length;
      const before = await events();
      const res = await act(id, t.action);
      if (t.allowed) {
        expect(res.statusCode, res.body).toBe(200);
        expect(await status(id)).toBe(BIRTH_TRANSITIONS[t.action].to);
        expect(await events()).toBe(before + 1);
      } else {
        expect(res.statusCode).toBe(400);
        expect(res.json().error.issues[0].path).toBe('action');
        expect(await status(id)).toBe(t.from);
        expect(await events()).toBe(before);
      }
    });
  }

  it('needs a message to ask for more information, and changes nothing without one', async () => {
    const id = await registrationIn('submitted');
    const res = await post(township, `/api/birth-registrations/${id}/transitions`, { action: 'request_info' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('message');
    expect(await status(id)).toBe('submitted');
  });

  it('leaves review to the reviewing office: a village manager may not register', async () => {
    const id = await registrationIn('submitted');
    const res = await act(id, 'register', village);
    expect(res.statusCode).toBe(403);
    expect(await status(id)).toBe('submitted');
  });

  it('answers 404 to another township', async () => {
    const id = await registrationIn('submitted');
    expect((await act(id, 'register', township2)).statusCode).toBe(404);
  });
});

describe('submission', () => {
  it('fills in what the registry knows and numbers the registration', async () => {
    const res = await submit(village, { pledge: true });
    expect(res.statusCode, res.body).toBe(201);
    const reg = res.json().registration;
    expect(reg.number).toMatch(/^SY330205\d{2}[0-9A-HJKMNP-TV-Z]{9}$/);
    expect(reg.division).toBe('330205005000');
    const detail = await env.app.inject({
      method: 'GET',
      url: `/api/birth-registrations/${reg.id}`,
      headers: { cookie: township },
    });
    expect(detail.json().registration).toMatchObject({
      pledge: true,
      prefilled: { name: '孙丽' },
      status: 'submitted',
    });
  });

  it('refuses a person outside the user’s scope with 404 naming the field, and writes nothing', async () => {
    const other = await post(
      township2,
      '/api/persons',
      personInput({ residenceDivision: '330205003001', name: '外街道' }),
    );
    expect(other.statusCode, other.body).toBe(201);
    const before = await env.ctx.db.selectFrom('birth_registration').select('id').execute();
    const res = await submit(village, { personId: other.json().person.id });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.issues[0].path).toBe('personId');
    expect(await env.ctx.db.selectFrom('birth_registration').select('id').execute()).toHaveLength(before.length);
  });

  it('refuses a birth date in the future, naming the field', async () => {
    const res = await submit(village, { childBornOn: '2999-01-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('childBornOn');
  });

  it('lets a resident (the portal) register for themself or their spouse, and for nobody else', async () => {
    const actor = { id: null, username: 'resident', role: 'resident', divisionCode: null, ip: null };
    const input = {
      placeBasis: 'residence' as const,
      channel: 'online' as const,
      childOrder: 1,
      childBornOn: '2026-11-01',
      childName: null,
      pledge: true,
    };
    const own = await submitBirthRegistration(env.ctx, { kind: 'resident', userId: null, personId: mother }, actor, {
      ...input,
      personId: mother,
    });
    expect(own.registration.status).toBe('submitted');
    const stranger = (await post(village, '/api/persons', personInput({ name: '陌生人' }))).json().person.id;
    await expect(
      submitBirthRegistration(env.ctx, { kind: 'resident', userId: null, personId: mother }, actor, {
        ...input,
        personId: stranger,
      }),
    ).rejects.toMatchObject({ status: 404, issues: [{ path: 'personId' }] });
  });

  it('accepts a registration before the birth with an expected date', async () => {
    // A due date in about three months (dates after 2099 are refused as typos).
    const expectedOn = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    const res = await submit(village, { childBornOn: null, expectedOn });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('registered: QR code and exchange queue', () => {
  async function registeredNumber(): Promise<string> {
    const id = await registrationIn('registered');
    const row = await env.ctx.db
      .selectFrom('birth_registration')
      .select('number')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row.number;
  }

  it('signs a QR payload with the certificate keys, verifiable on the public verify endpoints', async () => {
    const id = await registrationIn('registered');
    const detail = (
      await env.app.inject({ method: 'GET', url: `/api/birth-registrations/${id}`, headers: { cookie: township } })
    ).json().registration;
    expect(detail.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(verifyBirthPayload(detail.payload, await keyRingFor(env.ctx.db).keys())).toMatchObject({ ok: true });
    const scanned = await env.app.inject({
      method: 'POST',
      url: '/api/verify',
      payload: { payload: detail.verifyLink },
    });
    expect(scanned.json()).toMatchObject({
      result: 'valid',
      detailed: true,
      registration: { number: detail.number, maskedName: '孙*', childOrder: 1 },
    });
    expect(scanned.body).not.toContain('孙丽');
  });

  it('answers a number alone with the status only: no name, ID number or child order', async () => {
    const number = await registeredNumber();
    const res = await env.app.inject({ method: 'GET', url: `/api/verify/${number}` });
    expect(res.json()).toMatchObject({ result: 'valid', detailed: false, registration: { number } });
    expect(Object.keys(res.json().registration).sort()).toEqual(['number', 'office', 'registeredOn']);
  });

  it('shows the masked details for the number plus the birth date, the status only for a wrong one', async () => {
    const number = await registeredNumber();
    const right = await env.app.inject({
      method: 'POST',
      url: `/api/verify/${number}`,
      payload: { birthDate: '1994-05-06' },
    });
    expect(right.json()).toMatchObject({ detailed: true, registration: { maskedName: '孙*', childOrder: 1 } });
    const wrong = await env.app.inject({
      method: 'POST',
      url: `/api/verify/${number}`,
      payload: { birthDate: '1994-05-07' },
    });
    const alone = await env.app.inject({ method: 'GET', url: `/api/verify/${number}` });
    expect({ ...wrong.json(), checkedAt: null }).toEqual({ ...alone.json(), checkedAt: null });
  });

  it('calls an altered payload forged', async () => {
    const id = await registrationIn('registered');
    const row = await env.ctx.db
      .selectFrom('birth_registration')
      .select('payload')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const parts = (row.payload as string).split('.');
    const body = JSON.parse(Buffer.from(parts[2] as string, 'base64url').toString());
    body.c = 9;
    parts[2] = Buffer.from(JSON.stringify(body)).toString('base64url');
    const res = await env.app.inject({ method: 'POST', url: '/api/verify', payload: { payload: parts.join('.') } });
    expect(res.json().result).toBe('forged');
  });

  it('queues the result for the exchange', async () => {
    const id = await registrationIn('registered');
    const row = await env.ctx.db
      .selectFrom('birth_registration')
      .select(['exchange_notified_at', 'registered_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.registered_at).not.toBeNull();
    // The mother's household registration is in another county: the notification is queued with the change.
    expect(row.exchange_notified_at).not.toBeNull();
    const sent = await env.ctx.db
      .selectFrom('exchange_outbox')
      .select('event')
      .where('idempotency_key', '=', `birth:${id}`)
      .execute();
    expect(sent).toEqual([{ event: 'birth' }]);
  });
});

function multipart(name: string, type: string, content: Buffer) {
  const boundary = '----liudongtest';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function upload(id: string, name: string, type: string, content: Buffer) {
  const body = multipart(name, type, content);
  return env.app.inject({
    method: 'POST',
    url: `/api/birth-registrations/${id}/documents?documentKind=household_register`,
    headers: { cookie: village, ...body.headers },
    payload: body.payload,
  });
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

describe('uploads', () => {
  it('stores an image under a safe name and serves it only as an attachment of the sniffed type', async () => {
    const id = await registrationIn('submitted');
    const res = await upload(id, '../../户口簿"<x>.png', 'text/html', PNG);
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json().document;
    expect(doc).toMatchObject({ mediaType: 'image/png', size: PNG.length });
    expect(doc.fileName).not.toMatch(/[/"<>]/);
    const got = await env.app.inject({
      method: 'GET',
      url: `/api/birth-registrations/${id}/documents/${doc.id}`,
      headers: { cookie: township },
    });
    expect(got.headers['content-type']).toBe('image/png');
    expect(String(got.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(got.rawPayload.equals(PNG)).toBe(true);
  });

  it('refuses a file that is not an image or PDF, whatever its name, and stores nothing', async () => {
    const id = await registrationIn('submitted');
    const res = await upload(id, 'scan.pdf', 'application/pdf', Buffer.from('<script>alert(1)</script>'));
    expect(res.statusCode).toBe(415);
    expect(res.json().error.issues[0].path).toBe('file');
    const docs = await env.ctx.db
      .selectFrom('birth_registration_document')
      .select('id')
      .where('registration_id', '=', id)
      .execute();
    expect(docs).toHaveLength(0);
  });

  it('refuses a file over the size limit', async () => {
    const id = await registrationIn('submitted');
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024 + 10, 0x20)]);
    const res = await upload(id, 'big.pdf', 'application/pdf', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.issues[0].path).toBe('file');
  });
});
