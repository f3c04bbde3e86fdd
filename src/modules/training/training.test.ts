/** Staff training records (issue 26 part 7): recorded by the county and townships, counted in the annual summary. */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { chinaToday } from '../../core/china-time.ts';

let env: TestEnv;
let township: string;
let village: string;
const today = chinaToday();
const year = Number(today.slice(0, 4));

beforeAll(async () => {
  env = await createTestEnv();
  township = await env.login('township');
  village = await env.login('village');
});
afterAll(() => env.close());

const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  env.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

async function staffIds(cookie = township): Promise<string[]> {
  const res = await call(cookie, 'GET', '/api/trainings/staff');
  expect(res.statusCode).toBe(200);
  return res.json().items.map((s: { id: string }) => s.id);
}

const session = (attendeeIds: string[], extra: object = {}) => ({
  title: '流动人口服务管理业务培训班',
  topic: '《流动人口计划生育工作条例》、避孕药具发放',
  heldOn: today,
  hours: 3.5,
  divisionCode: '330205005',
  attendeeIds,
  ...extra,
});

describe('staff training records', () => {
  it('records a session with its attending staff and lists it for the year', async () => {
    const ids = (await staffIds()).slice(0, 3);
    const res = await call(township, 'POST', '/api/trainings', session(ids));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().training).toMatchObject({ hours: 3.5, heldOn: today });
    expect(res.json().training.attendees).toHaveLength(3);
    const list = await call(village, 'GET', `/api/trainings?year=${year}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((t: { id: string }) => t.id)).toContain(res.json().training.id);
  });

  it('refuses an attendee outside the jurisdiction, naming the field, and records nothing', async () => {
    const before = (await call(township, 'GET', `/api/trainings?year=${year}`)).json().items.length;
    const other = await env.login('township2');
    const outside = await staffIds(other);
    const mine = new Set(await staffIds());
    const stranger = outside.find((id) => !mine.has(id)) as string;
    const res = await call(township, 'POST', '/api/trainings', session([stranger]));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({ path: 'attendeeIds' });
    expect(res.json().error.issues[0].message).toMatch(/^参训人员：/);
    expect((await call(township, 'GET', `/api/trainings?year=${year}`)).json().items).toHaveLength(before);
  });

  it('refuses hours that are not half hours and a date in the future', async () => {
    const ids = (await staffIds()).slice(0, 1);
    const res = await call(township, 'POST', '/api/trainings', session(ids, { hours: 1.3, heldOn: '2099-01-01' }));
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .error.issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['heldOn', 'hours']);
  });

  it('lets the village read the records but not write them', async () => {
    const res = await call(village, 'POST', '/api/trainings', session(await staffIds()));
    expect(res.statusCode).toBe(403);
  });

  it('counts sessions, hours and attendances in the draft annual summary', async () => {
    const totals = (await call(township, 'GET', `/api/trainings?year=${year}`)).json().totals;
    expect(totals.sessions).toBeGreaterThan(0);
    const res = await call(township, 'GET', `/api/stats/summary?year=${year}&division=330205005000`);
    expect(res.statusCode, res.body).toBe(200);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const text = xml.replace(/<[^>]+>/g, '');
    const hours = Number.isInteger(totals.hours) ? String(totals.hours) : totals.hours.toFixed(1);
    expect(text).toContain(`组织工作人员业务培训${totals.sessions}期，共${hours}学时，参训${totals.attendances}人次。`);
  });
});
