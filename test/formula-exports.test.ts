/**
 * Exports never carry a live spreadsheet formula (security review, issue 18 part 3). Formula-like text enters the
 * way it does in production: a resident's address change approved by staff, registry fields, a renamed division,
 * a break-glass reason. Every CSV the product writes is then read back with the importer's own CSV reader.
 */
import { Readable } from 'node:stream';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, writeAudit } from '../src/modules/audit/audit.repository.ts';
import { csvRows } from '../src/modules/import/import.readers.ts';
import { importFile } from '../src/modules/import/import.test-support.ts';
import { MemorySmsSender, setSmsSender } from '../src/modules/portal/sms.ts';
import { cookieOf, createTestEnv, type TestEnv } from './support/context.ts';
import { personInput, validIdNumber } from './support/fixtures.ts';

const VILLAGE = '330205005003';
const TOWNSHIP = '330205005000';
const ADDRESS = '=HYPERLINK("http://x","y")';
/** Registry fields that take free text, each with one of the review's payloads. */
const FIELDS = { name: '@SUM(1,2)', spouseName: '+1+1', employer: '-2+3', landlord: "=cmd|' /C calc'!A0" };
const DIVISION_NAME = '=HYPERLINK("http://x","村")';
const REASON = '=HYPERLINK("http://x","y") 急诊转诊需要核实';
const TAB_REASON = '\t=1+1 以制表符开头的理由';

let env: TestEnv;
let village: string;
let idNumber: string;

function get(url: string, cookie: string) {
  return env.app.inject({ method: 'GET', url, headers: { cookie } });
}
function post(url: string, payload: object, cookie: string) {
  return env.app.inject({ method: 'POST', url, payload, headers: { cookie } });
}

/** The resident changes their address in the portal; the village manager approves it. */
async function approvedAddressChange(id: string, address: string) {
  const sms = new MemorySmsSender();
  setSmsSender(sms);
  expect(
    (await env.app.inject({ method: 'POST', url: '/api/portal/auth/code', payload: { idNumber: id } })).statusCode,
  ).toBe(202);
  const verified = await env.app.inject({
    method: 'POST',
    url: '/api/portal/auth/verify',
    payload: { idNumber: id, code: sms.lastCode() },
  });
  const resident = cookieOf(verified);
  expect((await post('/api/portal/consent', { terms: true, health: true }, resident)).statusCode).toBe(200);
  const asked = await post('/api/portal/contact-changes', { residenceAddress: address }, resident);
  expect(asked.statusCode, asked.body).toBe(201);
  const decided = await post(`/api/contact-changes/${asked.json().change.id}/decide`, { decision: 'approve' }, village);
  expect(decided.statusCode, decided.body).toBe(200);
}

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
  idNumber = validIdNumber();
  const created = await post('/api/persons', personInput({ idNumber, ...FIELDS }), village);
  expect(created.statusCode, created.body).toBe(201);
  await approvedAddressChange(idNumber, ADDRESS);
  // A division name reaches the report tables; nothing in the product renames one, so the fixture does.
  const other = await env.ctx.db
    .selectFrom('division')
    .select('code')
    .where('parent_code', '=', TOWNSHIP)
    .where('code', '!=', VILLAGE)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  await env.ctx.db.updateTable('division').set({ name: DIVISION_NAME }).where('code', '=', other.code).execute();
  const township2 = await env.login('township2');
  expect((await post('/api/persons/break-glass', { idNumber, reason: REASON }, township2)).statusCode).toBe(200);
  await writeAudit(env.ctx.db, SYSTEM_ACTOR, { action: 'test.formula', details: { reason: TAB_REASON } });
});
afterAll(() => env.close());

/** A CSV body as records of cells, parsed by the importer's reader (BOM and RFC 4180 quoting handled). */
async function records(body: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of csvRows(Readable.from([body]), 'utf8')) rows.push(row.cells.map(String));
  return rows;
}

const FORMULA_START = /^[=+\-@\t\r\n\0]/;
/** A cell a spreadsheet would run: starts like a formula and is not a plain (typed) number. */
const live = (cell: string) => FORMULA_START.test(cell) && !/^-\d+(\.\d+)?$/.test(cell);

describe('every CSV the product writes', () => {
  const producers = [
    {
      name: 'the person export',
      url: `/api/exports/persons?division=${VILLAGE}&format=csv`,
      user: 'village',
      planted: [ADDRESS, ...Object.values(FIELDS)],
    },
    {
      name: 'a report table',
      url: `/api/stats/reports/annual?division=${TOWNSHIP}&format=csv`,
      user: 'township',
      planted: [DIVISION_NAME],
    },
    {
      name: 'the audit log',
      url: '/api/audit/export',
      user: 'auditor',
      planted: [REASON, TAB_REASON],
    },
  ];

  for (const p of producers) {
    it(`neutralises formula cells in ${p.name}`, async () => {
      const res = await get(p.url, await env.login(p.user));
      expect(res.statusCode, res.body).toBe(200);
      const cells = (await records(res.body)).flat();
      expect(cells.filter(live)).toEqual([]);
      for (const value of p.planted) expect(cells).toContain(`'${value}`);
    });
  }
});

describe('the person export after an approved address change', () => {
  it('holds the address in the xlsx as an inline text cell, and the sheet has no formula', async () => {
    const res = await get(`/api/exports/persons?division=${VILLAGE}&format=xlsx`, village);
    const sheet = await sheetXml(res.rawPayload);
    const escaped = ADDRESS.replaceAll('"', '&quot;');
    expect(sheet).toContain(`t="inlineStr"><is><r><t>${escaped}</t></r></is></c>`);
    expect(sheet).not.toMatch(/<f[ >]/);
    expect(sheet).not.toContain('t="str"');
  });

  it('imports back from its own CSV unchanged: the added quotes are dropped', async () => {
    const township = await env.login('township');
    const res = await get(`/api/exports/persons?division=${VILLAGE}&format=csv&idNumbers=full`, township);
    // The export's own header line and this person's line, byte for byte.
    const lines = res.body.split('\r\n');
    const own = lines.find((l) => l.includes(idNumber)) ?? '';
    expect(own).toContain(`'${ADDRESS.replaceAll('"', '""')}`);
    const csv = `${lines[0]}\r\n${own}\r\n`;
    const job = await importFile(env, township, 'round-trip.csv', csv, true);
    expect(job).toMatchObject({ status: 'done', unchanged: 1, updated: 0, failed: 0 });
    const stored = await env.ctx.db
      .selectFrom('person')
      .select(['residence_address', 'name', 'employer', 'landlord', 'spouse_name'])
      .where('residence_address', '=', ADDRESS)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      residence_address: ADDRESS,
      name: FIELDS.name,
      employer: FIELDS.employer,
      landlord: FIELDS.landlord,
      spouse_name: FIELDS.spouseName,
    });
  });
});

/** The first sheet's XML of an xlsx answer. */
async function sheetXml(body: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(body);
  return (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
}

describe('the import error report', () => {
  it('holds a bad row’s formula-like cell as inline text, never a formula', async () => {
    const township = await env.login('township');
    const quoted = `"${ADDRESS.replaceAll('"', '""')}"`;
    const csv = `姓名,身份证号,户籍地,现居住地,婚姻状况\n${quoted},123,341221000000,${VILLAGE},初婚\n`;
    const job = await importFile(env, township, 'formula.csv', csv);
    expect(job).toMatchObject({ failed: 1 });
    const res = await get(`/api/imports/${job.id}/errors.xlsx`, township);
    const sheet = await sheetXml(res.rawPayload);
    expect(sheet).toContain(`t="inlineStr"><is><r><t>${ADDRESS.replaceAll('"', '&quot;')}</t></r></is></c>`);
    expect(sheet).not.toMatch(/<f[ >]/);
    expect(sheet).not.toContain('t="str"');
  });
});

describe('the report workbook', () => {
  it('holds a formula-like division name as a shared-string text cell, never a formula', async () => {
    const res = await get(`/api/stats/reports/annual?division=${TOWNSHIP}&format=xlsx`, await env.login('township'));
    const zip = await JSZip.loadAsync(res.rawPayload);
    const strings = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
    expect(strings).toContain(`<t>${DIVISION_NAME.replaceAll('"', '&quot;')}</t>`);
    expect(await sheetXml(res.rawPayload)).not.toMatch(/<f[ >]/);
  });
});
