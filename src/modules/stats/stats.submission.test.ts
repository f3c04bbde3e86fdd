/**
 * Reporting up the tree (逐级上报): a township submits a closed month's table to its county; the table is frozen,
 * a correction is a new version with a reason, and the county sees each township's state and figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';
import { chinaToday } from '../../core/china-time.ts';
import { monthsEndingWith } from '../../core/indicators.ts';
import { rebuildSnapshots } from './stats.history.ts';

let env: TestEnv;
let admin: string;
let township: string;
let village: string;
beforeAll(async () => {
  env = await createTestEnv();
  [admin, township, village] = [await env.login('admin'), await env.login('township'), await env.login('village')];
});
afterAll(() => env.close());

const TOWNSHIP = '330205005000'; // 甬江街道
const today = chinaToday();
const lastMonth = monthsEndingWith(today.slice(0, 7), 2)[0] as string;
const GENERATED = /生成时间：[^\r\n"]*/g;

const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  env.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
const submit = (cookie: string, payload: object) => call(cookie, 'POST', '/api/stats/submissions', payload);
const versionsOf = async () =>
  (await call(admin, 'GET', `/api/stats/submissions?division=${TOWNSHIP}&period=${lastMonth}`)).json().versions as {
    id: string;
    version: number;
    status: string;
    reason: string | null;
  }[];

describe('submitting a month to the level above', () => {
  it('refuses the month in progress, naming the period field in Chinese', async () => {
    const res = await submit(township, { period: today.slice(0, 7) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({ path: 'period' });
    expect(res.json().error.issues[0].message).toContain('尚未结束');
    expect(await versionsOf()).toEqual([]);
  });

  it('is not for a village manager (403)', async () => {
    expect((await submit(village, { period: lastMonth })).statusCode).toBe(403);
  });

  it('freezes the township table as it was: the submitted file stays the same after new activity and a recomputed history', async () => {
    const live = await call(township, 'GET', `/api/stats/reports/monthly?period=${lastMonth}&format=csv`);
    const res = await submit(township, { period: lastMonth });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ version: 1, status: 'submitted', submitter: expect.any(String) });
    const url = `/api/stats/submissions/${res.json().id}/report?format=csv`;
    const first = (await call(admin, 'GET', url)).body;
    expect(first.replace(GENERATED, '')).toBe(live.body.replace(GENERATED, ''));
    // A late registration with an arrival inside the month, then the history recomputed: the live report moves,
    // the submitted one does not.
    const person = await call(admin, 'POST', '/api/persons', {
      ...personInput({ idNumber: validIdNumber('341221', '1993-03-01', 'F') }),
      residenceDivision: '330205005003',
      arrivedOn: `${lastMonth}-10`,
    });
    expect(person.statusCode, person.body).toBe(201);
    await rebuildSnapshots(env.ctx.db, 2);
    const relive = await call(township, 'GET', `/api/stats/reports/monthly?period=${lastMonth}&format=csv`);
    expect(relive.body.replace(GENERATED, '')).not.toBe(live.body.replace(GENERATED, ''));
    expect((await call(admin, 'GET', url)).body.replace(GENERATED, '')).toBe(first.replace(GENERATED, ''));
  });

  it('refuses a second submission without a reason, naming the reason field, and writes nothing', async () => {
    const res = await submit(township, { period: lastMonth });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({ path: 'reason' });
    expect(res.json().error.issues[0].message).toContain('更正原因');
    expect((await versionsOf()).length).toBe(1);
  });

  it('makes a correction a new version with its reason; the earlier one is kept, superseded', async () => {
    const res = await submit(township, { period: lastMonth, reason: '补录迟报的流入人员' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ version: 2, reason: '补录迟报的流入人员' });
    const list = await versionsOf();
    expect(list.map((v) => [v.version, v.status])).toEqual([
      [2, 'submitted'],
      [1, 'superseded'],
    ]);
  });

  it('audits the submission and the correction', async () => {
    const rows = await env.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_username'])
      .where('action', 'like', 'stats.submission.%')
      .where('actor_username', '=', 'township')
      .execute();
    expect(rows.map((r) => r.action).sort()).toEqual(['stats.submission.correct', 'stats.submission.submit']);
  });

  it('shows the county each township with its state and submitted figures', async () => {
    const res = await call(admin, 'GET', `/api/stats/submissions/overview?period=${lastMonth}`);
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json();
    expect(o).toMatchObject({ closed: true, label: expect.stringMatching(/^截至\d{4}-\d{2}-\d{2}$/), canSubmit: true });
    const yongjiang = o.units.find((u: { code: string }) => u.code === TOWNSHIP);
    expect(yongjiang).toMatchObject({ state: 'corrected', current: { version: 2, origin: null } });
    const versions = await versionsOf();
    const frozen = await call(admin, 'GET', `/api/stats/submissions/${versions[0]?.id}/report`);
    const total = frozen.json().table.rows.find((r: { kind: string }) => r.kind === 'total');
    expect(yongjiang.total).toEqual(total.cells);
    const others = o.units.filter((u: { code: string }) => u.code !== TOWNSHIP);
    expect(others.length).toBeGreaterThan(0);
    expect(
      others.every((u: { state: string; total: unknown }) => u.state === 'not_submitted' && u.total === null),
    ).toBe(true);
  });

  it('assembles the county table from the submissions: the total is the submitted units only', async () => {
    const res = await call(admin, 'GET', `/api/stats/submissions/assembled?period=${lastMonth}`);
    expect(res.statusCode, res.body).toBe(200);
    const t = res.json();
    const submitted = t.rows.filter((r: { name: string }) => r.name.includes('第2版'));
    expect(submitted).toHaveLength(1);
    expect(t.rows.filter((r: { name: string }) => r.name.includes('未上报')).length).toBeGreaterThan(0);
    const total = t.rows.find((r: { kind: string }) => r.kind === 'total');
    // Counts, and rates recomputed from their two parts, equal the one unit that submitted; a rate whose parts
    // are not both in the table is left blank rather than guessed.
    const shown = total.cells.flatMap((c: unknown, i: number) => (c === null ? [] : [i]));
    expect(shown.map((i: number) => total.cells[i])).toEqual(shown.map((i: number) => submitted[0].cells[i]));
    const rate = t.columns.findIndex(
      (c: { indicator: string; part: string }) => c.indicator === 'certificate_rate' && c.part === 'value',
    );
    expect(total.cells[rate]).toMatch(/%$/);
  });

  it('answers 404 for a submission outside the viewer’s area', async () => {
    const versions = await versionsOf();
    const other = await env.login('township2');
    const res = await call(other, 'GET', `/api/stats/submissions/${versions[0]?.id}/report`);
    expect(res.statusCode).toBe(404);
  });
});
