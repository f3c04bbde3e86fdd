import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieOf, createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';
import { OTP_MAX_ATTEMPTS } from './portal.auth.ts';
import { MemorySmsSender, setSmsSender } from './sms.ts';

let env: TestEnv;
let village: string;
let township: string;
const sms = new MemorySmsSender();

beforeAll(async () => {
  // Many sign-ins from one test address; the per-address limit is not what these tests are about.
  process.env.LIUDONG_PORTAL_RATE_PER_MINUTE = '10000';
  env = await createTestEnv();
  setSmsSender(sms);
  village = await env.login('village');
  township = await env.login('township');
});
afterAll(() => env.close());

async function register(overrides: Record<string, unknown> = {}) {
  const input = personInput({ idNumber: validIdNumber(), ...overrides });
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: { cookie: village },
    payload: input,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().person.id as string, idNumber: input.idNumber as string };
}

function post(url: string, payload: object, cookie?: string) {
  return env.app.inject({ method: 'POST', url, payload, headers: cookie ? { cookie } : {} });
}
function get(url: string, cookie: string) {
  return env.app.inject({ method: 'GET', url, headers: { cookie } });
}

async function signIn(idNumber: string): Promise<string> {
  expect((await post('/api/portal/auth/code', { idNumber })).statusCode).toBe(202);
  const res = await post('/api/portal/auth/verify', { idNumber, code: sms.lastCode() });
  expect(res.statusCode, res.body).toBe(200);
  return cookieOf(res);
}

async function signInConsented(idNumber: string, health = true): Promise<string> {
  const cookie = await signIn(idNumber);
  expect((await post('/api/portal/consent', { terms: true, health }, cookie)).statusCode).toBe(200);
  return cookie;
}

describe('resident sign-in', () => {
  it('signs in with the code sent to the phone on record and shows the consent step first', async () => {
    const { idNumber } = await register();
    const cookie = await signIn(idNumber);
    expect(sms.sent.at(-1)?.phone).toBe('13800001111');
    const me = await get('/api/portal/me', cookie);
    expect(me.json().consent).toEqual({ terms: false, health: false, reminders: false });
    expect(me.json().person).toBeUndefined();
    expect((await get('/api/portal/certificates', cookie)).statusCode).toBe(428);
  });

  it('answers an unregistered ID number exactly like a registered one and sends nothing', async () => {
    const before = sms.sent.length;
    const res = await post('/api/portal/auth/code', { idNumber: validIdNumber('110101', '1980-01-01', 'M') });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ sent: true, expiresInMinutes: 5 });
    expect(sms.sent.length).toBe(before);
  });

  it('accepts a code only once', async () => {
    const { idNumber } = await register();
    await post('/api/portal/auth/code', { idNumber });
    const code = sms.lastCode();
    expect((await post('/api/portal/auth/verify', { idNumber, code })).statusCode).toBe(200);
    expect((await post('/api/portal/auth/verify', { idNumber, code })).statusCode).toBe(401);
  });

  it('refuses an expired code', async () => {
    const { idNumber } = await register();
    await post('/api/portal/auth/code', { idNumber });
    await env.ctx.db
      .updateTable('resident_otp')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id_hash', '=', env.ctx.pii.blindIndex(idNumber))
      .execute();
    const res = await post('/api/portal/auth/verify', { idNumber, code: sms.lastCode() });
    expect(res.statusCode).toBe(401);
  });

  it('locks the code after repeated wrong guesses, even for the right code', async () => {
    const { idNumber } = await register();
    await post('/api/portal/auth/code', { idNumber });
    const code = sms.lastCode() as string;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < OTP_MAX_ATTEMPTS; i++) {
      expect((await post('/api/portal/auth/verify', { idNumber, code: wrong })).statusCode).toBe(401);
    }
    expect((await post('/api/portal/auth/verify', { idNumber, code })).statusCode).toBe(401);
  });

  it('throttles code requests for one ID number', async () => {
    const { idNumber } = await register();
    expect((await post('/api/portal/auth/code', { idNumber })).statusCode).toBe(202);
    expect((await post('/api/portal/auth/code', { idNumber })).statusCode).toBe(429);
  });

  it('never lets the resident account sign in to the staff console with a password', async () => {
    const { id, idNumber } = await register();
    await signIn(idNumber);
    const res = await post('/api/auth/login', { username: `resident-${id}`, password: 'otp-only' });
    expect(res.statusCode).toBe(401);
  });
});

describe('a resident sees only their own data', () => {
  it('shows the own record with the ID number masked', async () => {
    const { idNumber } = await register({ name: '李四' });
    const cookie = await signInConsented(idNumber);
    const me = (await get('/api/portal/me', cookie)).json();
    expect(me.person.name).toBe('李四');
    expect(me.person.idNumberMasked).not.toContain(idNumber.slice(6, 14));
  });

  it('cannot open staff routes or another person by id, whatever id is tried', async () => {
    const mine = await register();
    const other = await register({ name: '王五' });
    const cookie = await signInConsented(mine.idNumber);
    for (const url of [`/api/persons/${other.id}`, `/api/persons/${mine.id}`, '/api/persons', '/api/complaints']) {
      expect((await get(url, cookie)).statusCode, url).toBe(403);
    }
    const me = await get(`/api/portal/me?personId=${other.id}`, cookie);
    expect(me.json().person.name).toBe('测试人');
    expect(me.body).not.toContain('王五');
  });

  it('answers 404 to guessed complaint and booking ids of another person', async () => {
    const mine = await register();
    const other = await register();
    const otherCookie = await signInConsented(other.idNumber);
    const filed = await post(
      '/api/portal/complaints',
      { type: 'complaint', category: 'service_quality', subject: '服务态度', body: '窗口工作人员态度不好' },
      otherCookie,
    );
    expect(filed.statusCode).toBe(201);
    await env.app.inject({
      method: 'POST',
      url: `/api/complaints/${filed.json().complaint.id}/reply`,
      headers: { cookie: village },
      payload: { reply: '已核实并整改' },
    });
    const cookie = await signInConsented(mine.idNumber);
    const rate = await post(`/api/portal/complaints/${filed.json().complaint.id}/rating`, { rating: 1 }, cookie);
    expect(rate.statusCode).toBe(404);
    expect((await get('/api/portal/complaints', cookie)).json().items).toEqual([]);
  });

  it('tries ID enumeration: codes for other numbers never open a session', async () => {
    const mine = await register();
    await signInConsented(mine.idNumber);
    for (let i = 0; i < 3; i++) {
      const idNumber = validIdNumber('341221', `1990-01-0${i + 1}`, 'F');
      await post('/api/portal/auth/code', { idNumber });
      const res = await post('/api/portal/auth/verify', { idNumber, code: '123456' });
      expect(res.statusCode).toBe(401);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });
});

describe('consent', () => {
  it('hides services when the health consent is revoked', async () => {
    const { idNumber } = await register();
    const cookie = await signInConsented(idNumber, true);
    expect((await get('/api/portal/services', cookie)).json().hidden).toBe(false);
    await post('/api/portal/consent', { terms: true, health: false }, cookie);
    expect((await get('/api/portal/services', cookie)).json().hidden).toBe(true);
    const events = await env.ctx.db.selectFrom('consent_event').select(['kind', 'granted']).execute();
    expect(events).toContainEqual({ kind: 'health', granted: false });
  });

  it('refuses a booking without the health consent', async () => {
    const { idNumber } = await register();
    const cookie = await signInConsented(idNumber, false);
    const res = await post('/api/portal/bookings', { slotId: '00000000-0000-4000-8000-000000000000' }, cookie);
    expect(res.statusCode).toBe(428);
  });
});

describe('what a resident can do', () => {
  it('applies for a certificate, which the township issues, and then sees it with a QR code', async () => {
    const { idNumber } = await register({ residenceDivision: '330205005003', hukouDivision: '330205005003' });
    const cookie = await signInConsented(idNumber);
    const applied = await post('/api/portal/applications', { kind: 'standard', purpose: '办理居住证' }, cookie);
    expect(applied.statusCode, applied.body).toBe(201);
    const queue = (await get('/api/certificate-applications', township)).json().items;
    const item = queue.find((a: { id: string }) => a.id === applied.json().application.id);
    expect(item).toBeTruthy();
    const decided = await env.app.inject({
      method: 'POST',
      url: `/api/certificate-applications/${item.id}/decide`,
      headers: { cookie: township },
      payload: { decision: 'issue' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const certs = (await get('/api/portal/certificates', cookie)).json().items;
    expect(certs).toHaveLength(1);
    expect(certs[0].qrDataUrl).toMatch(/^data:image\/png;base64,/);
  });

  it('refusing an application needs a reason, which the resident then sees', async () => {
    const { idNumber } = await register({ residenceDivision: '330205005003', hukouDivision: '330205005003' });
    const cookie = await signInConsented(idNumber);
    const applied = await post('/api/portal/applications', { kind: 'temporary' }, cookie);
    const url = `/api/certificate-applications/${applied.json().application.id}/decide`;
    const bare = await env.app.inject({
      method: 'POST',
      url,
      headers: { cookie: township },
      payload: { decision: 'reject' },
    });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.issues[0].path).toBe('note');
    expect((await get('/api/portal/applications', cookie)).json().items[0].status).toBe('submitted');
    const refused = await env.app.inject({
      method: 'POST',
      url,
      headers: { cookie: township },
      payload: { decision: 'reject', note: '请携带户口簿到窗口办理' },
    });
    expect(refused.statusCode, refused.body).toBe(200);
    expect((await get('/api/portal/applications', cookie)).json().items[0]).toMatchObject({
      status: 'rejected',
      note: '请携带户口簿到窗口办理',
    });
  });

  it('changes the phone only after the village approves', async () => {
    const { id, idNumber } = await register();
    const cookie = await signInConsented(idNumber);
    const asked = await post('/api/portal/contact-changes', { phone: '13912345678' }, cookie);
    expect(asked.statusCode, asked.body).toBe(201);
    const before = (await get(`/api/persons/${id}`, village)).json().person.phone;
    expect(before).toBe('13800001111');
    const decide = await env.app.inject({
      method: 'POST',
      url: `/api/contact-changes/${asked.json().change.id}/decide`,
      headers: { cookie: village },
      payload: { decision: 'approve' },
    });
    expect(decide.statusCode, decide.body).toBe(200);
    expect((await get(`/api/persons/${id}`, village)).json().person.phone).toBe('13912345678');
  });

  it('books a published slot once', async () => {
    const { idNumber } = await register();
    const slot = await post(
      '/api/service-slots',
      {
        kind: 'reproductive_checkup',
        facility: '甬江街道社区卫生服务中心',
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        capacity: 1,
      },
      village,
    );
    expect(slot.statusCode, slot.body).toBe(201);
    const cookie = await signInConsented(idNumber);
    const slots = (await get('/api/portal/slots', cookie)).json().items;
    expect(slots.map((s: { id: string }) => s.id)).toContain(slot.json().slot.id);
    expect((await post('/api/portal/bookings', { slotId: slot.json().slot.id }, cookie)).statusCode).toBe(201);
    expect((await post('/api/portal/bookings', { slotId: slot.json().slot.id }, cookie)).statusCode).toBe(409);
  });

  it('shows who accessed the record by role and office, never a staff name', async () => {
    const { id, idNumber } = await register();
    await get(`/api/persons/${id}`, village);
    const cookie = await signInConsented(idNumber);
    const log = await get('/api/portal/access-log', cookie);
    const staffRead = log.json().items.find((r: { action: string }) => r.action === 'person.read');
    expect(staffRead).toMatchObject({ role: 'village_manager', self: false });
    expect(staffRead.office).toContain('梅堰社区');
    expect(log.body).not.toContain('"village"');
    expect(log.body).not.toContain('username');
  });
});

describe('attachments', () => {
  function form(content: Buffer, filename: string, contentType = 'image/png') {
    const boundary = '----liudongtest';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
    return {
      payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    };
  }
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);

  async function complaintOf(cookie: string): Promise<string> {
    const res = await post(
      '/api/portal/complaints',
      { type: 'complaint', category: 'other', subject: '附件测试', body: '请看附件中的照片' },
      cookie,
    );
    return res.json().complaint.id;
  }
  function upload(cookie: string, id: string, f: ReturnType<typeof form>) {
    return env.app.inject({
      method: 'POST',
      url: `/api/portal/complaints/${id}/attachments`,
      payload: f.payload,
      headers: { ...f.headers, cookie },
    });
  }

  it('accepts a real PNG and staff download it as an attachment with the sniffed type', async () => {
    const { idNumber } = await register();
    const cookie = await signInConsented(idNumber);
    const id = await complaintOf(cookie);
    const res = await upload(cookie, id, form(PNG, '../../<b>x.html'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().attachment.fileName).toMatch(/^[^/<>]+\.png$/);
    const file = await get(`/api/complaints/${id}/attachments/${res.json().attachment.id}`, village);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    expect(file.rawPayload.equals(PNG)).toBe(true);
  });

  it('refuses HTML named like a picture', async () => {
    const { idNumber } = await register();
    const cookie = await signInConsented(idNumber);
    const id = await complaintOf(cookie);
    const res = await upload(cookie, id, form(Buffer.from('<html><script>alert(1)</script></html>'), 'photo.png'));
    expect(res.statusCode).toBe(415);
    const rows = await env.ctx.db
      .selectFrom('complaint_attachment')
      .select('id')
      .where('complaint_id', '=', id)
      .execute();
    expect(rows).toEqual([]);
  });

  it('refuses a file over the size limit', async () => {
    const { idNumber } = await register();
    const cookie = await signInConsented(idNumber);
    const id = await complaintOf(cookie);
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024, 0)]);
    expect((await upload(cookie, id, form(big, 'big.png'))).statusCode).toBe(413);
  });

  it('answers 404 for another person’s complaint', async () => {
    const other = await register();
    const otherId = await complaintOf(await signInConsented(other.idNumber));
    const { idNumber } = await register();
    const cookie = await signInConsented(idNumber);
    expect((await upload(cookie, otherId, form(PNG, 'a.png'))).statusCode).toBe(404);
  });
});
