/**
 * Targets are set by the level above (issue 19): a user sets them only for units strictly below their own
 * division; every change is kept with who made it; the county publishes a year's targets for all its townships
 * in one step from an xlsx template.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import ExcelJS from '../../http/exceljs.ts';

type Workbook = InstanceType<typeof ExcelJS.Workbook>;
type Worksheet = ReturnType<Workbook['addWorksheet']>;
type Cell = ReturnType<Worksheet['getCell']>;

let env: TestEnv;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  env = await createTestEnv();
  for (const u of ['admin', 'township']) cookies[u] = await env.login(u);
  // The county's target for the township, in force before the township officer tries anything.
  const res = await put('admin', { division: YONGJIANG, year: YEAR, targets: [rate(90)] });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(() => env.close());

const COUNTY = '330205000000';
const YONGJIANG = '330205005000';
const KONGPU = '330205003000';
const VILLAGE = '330205005003';
const YEAR = 2031;
const rate = (value: number) => ({ indicator: 'verification_rate', comparator: '>=', value });

const get = (user: string, url: string) => env.app.inject({ method: 'GET', url, headers: { cookie: cookies[user] } });
const put = (user: string, payload: object) =>
  env.app.inject({ method: 'PUT', url: '/api/stats/targets', headers: { cookie: cookies[user] }, payload });

async function verificationTarget(division: string) {
  const res = await get('admin', `/api/stats/targets?division=${division}&year=${YEAR}`);
  return res.json().targets.find((t: { indicator: string }) => t.indicator === 'verification_rate');
}

function upload(user: string, bytes: Buffer, year = YEAR) {
  const boundary = '----liudongtargets';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="targets.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`;
  return env.app.inject({
    method: 'POST',
    url: `/api/stats/targets/publish?year=${year}`,
    headers: { cookie: cookies[user], 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

async function template(): Promise<Workbook> {
  const res = await get('admin', `/api/stats/targets/template?year=${YEAR}`);
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

/** The template's row of a unit, and the column of an indicator by its header. */
function cellOf(wb: Workbook, code: string, header: string): Cell {
  const ws = wb.worksheets[0] as Worksheet;
  const col = (ws.getRow(3).values as unknown[]).findIndex((v) => String(v).startsWith(header));
  for (let r = 4; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === code) return ws.getRow(r).getCell(col);
  throw new Error(`no row for ${code}`);
}

describe('who sets targets', () => {
  it('refuses a township officer’s targets for their own township (403) and keeps the county’s', async () => {
    const res = await put('township', { division: YONGJIANG, year: YEAR, targets: [rate(50)] });
    expect(res.statusCode).toBe(403);
    expect(await verificationTarget(YONGJIANG)).toMatchObject({ value: 90, setAt: YONGJIANG });
  });

  it('refuses targets for a unit above the user’s own (403)', async () => {
    const res = await put('township', { division: COUNTY, year: YEAR, targets: [rate(50)] });
    expect(res.statusCode).toBe(403);
  });

  it('answers 404 for a unit outside the user’s subtree', async () => {
    const res = await put('township', { division: KONGPU, year: YEAR, targets: [rate(50)] });
    expect(res.statusCode).toBe(404);
  });

  it('lets a township officer set targets for a community below', async () => {
    const res = await put('township', { division: VILLAGE, year: YEAR, targets: [rate(93)] });
    expect(res.statusCode).toBe(200);
    expect(await verificationTarget(VILLAGE)).toMatchObject({ value: 93, setAt: VILLAGE });
  });

  it('keeps every change with who made it, newest first', async () => {
    await put('admin', { division: KONGPU, year: YEAR, targets: [rate(80)] });
    await put('admin', { division: KONGPU, year: YEAR, targets: [rate(85)] });
    const res = await get('admin', `/api/stats/targets/history?division=${KONGPU}&year=${YEAR}`);
    expect(res.statusCode).toBe(200);
    const changes = res.json().changes;
    expect(changes.map((c: { targets: { value: number }[] }) => c.targets[0]?.value)).toEqual([85, 80]);
    expect(changes[0]).toMatchObject({ source: 'api', setBy: { username: 'admin' }, setByDivision: COUNTY });
  });
});

describe('publishing a year’s targets from the xlsx template', () => {
  it('sets every township’s targets in one step, recorded as from the template', async () => {
    const wb = await template();
    expect(cellOf(wb, YONGJIANG, '验证率').value).toBe(90);
    cellOf(wb, YONGJIANG, '验证率').value = 96;
    cellOf(wb, KONGPU, '办证率').value = 97.5;
    const res = await upload('admin', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode, res.body).toBe(200);
    expect(await verificationTarget(YONGJIANG)).toMatchObject({ value: 96, setAt: YONGJIANG });
    const kongpu = (await get('admin', `/api/stats/targets?division=${KONGPU}&year=${YEAR}`)).json().targets;
    expect(kongpu.find((t: { indicator: string }) => t.indicator === 'certificate_rate')).toMatchObject({
      value: 97.5,
      setAt: KONGPU,
    });
    const history = (await get('admin', `/api/stats/targets/history?division=${YONGJIANG}&year=${YEAR}`)).json();
    expect(history.changes[0]).toMatchObject({ source: 'xlsx', setBy: { username: 'admin' } });
  });

  it('refuses a file with a bad value, naming the row, and changes nothing', async () => {
    const wb = await template();
    cellOf(wb, YONGJIANG, '验证率').value = 40;
    cellOf(wb, KONGPU, '验证率').value = 140;
    const res = await upload('admin', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toMatch(/^rows\.\d+\.verification_rate$/);
    expect(await verificationTarget(YONGJIANG)).toMatchObject({ value: 96 });
  });

  it('refuses a file that is not the template', async () => {
    const res = await upload('admin', Buffer.from('not a spreadsheet'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('file');
  });
});
