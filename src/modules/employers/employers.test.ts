/** Employers and landlords: registry, links from the person record, agreements, outreach list, scope. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, VILLAGE, validIdNumber } from '../../../test/support/fixtures.ts';
import { addDays } from '../../core/certificate.ts';
import { today } from '../../core/china-time.ts';

let env: TestEnv;
let village: string;
let township2: string;

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
  township2 = await env.login('township2');
});
afterAll(() => env.close());

async function call(cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) {
  return env.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
}

async function newParty(kind: 'employer' | 'landlord' | 'property_manager', name: string): Promise<string> {
  const res = await call(village, 'POST', '/api/employers', {
    kind,
    divisionCode: VILLAGE,
    name,
    contactName: '王经理',
    contactPhone: '0574-87654321',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().party.id;
}

async function newPerson(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await call(village, 'POST', '/api/persons', personInput({ idNumber: validIdNumber(), ...overrides }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().person.id;
}

describe('employers and landlords', () => {
  it('links a person to an employer and a landlord, shows them both ways and records the change', async () => {
    const employer = await newParty('employer', '宁波甬江电器有限公司');
    const landlord = await newParty('landlord', '李房东');
    const personId = await newPerson({ name: '链接人' });
    const put = await call(village, 'PUT', `/api/persons/${personId}/employer-links`, {
      employerId: employer,
      landlordId: landlord,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().employer.name).toBe('宁波甬江电器有限公司');
    expect(put.json().landlord.name).toBe('李房东');
    const party = await call(village, 'GET', `/api/employers/${employer}`);
    expect(party.json().residents.map((r: { id: string }) => r.id)).toContain(personId);
    const history = await call(village, 'GET', `/api/persons/${personId}/history`);
    expect(history.body).toContain('employerId');
  });

  it('a link is a new version of the person: an edit made from the older version is refused, not applied over it', async () => {
    const employer = await newParty('employer', '宁波版本电器有限公司');
    const personId = await newPerson({ name: '版本人' });
    const before = (await call(village, 'GET', `/api/persons/${personId}`)).json().person;
    const put = await call(village, 'PUT', `/api/persons/${personId}/employer-links`, {
      employerId: employer,
      landlordId: null,
    });
    expect(put.statusCode, put.body).toBe(200);
    const after = (await call(village, 'GET', `/api/persons/${personId}`)).json().person;
    expect(after.version).toBe(before.version + 1);
    const stale = await call(village, 'PATCH', `/api/persons/${personId}`, {
      version: before.version,
      employer: '旧表单里的单位',
    });
    expect(stale.statusCode, stale.body).toBe(409);
    const history = (await call(village, 'GET', `/api/persons/${personId}/history`)).json();
    const versions = (history.history ?? history.items ?? history).map((h: { version: number }) => h.version);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('refuses a landlord given as the employer, naming the field', async () => {
    const landlord = await newParty('landlord', '张房东');
    const personId = await newPerson();
    const res = await call(village, 'PUT', `/api/persons/${personId}/employer-links`, {
      employerId: landlord,
      landlordId: null,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('employerId');
  });

  it('has no way to report a pregnancy or an income: such fields are refused', async () => {
    const res = await call(village, 'POST', '/api/employers', {
      kind: 'employer',
      divisionCode: VILLAGE,
      name: '某厂',
      pregnancyReports: true,
      monthlyIncome: 5000,
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .error.issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['monthlyIncome', 'pregnancyReports']);
  });

  it('records a cooperation agreement for on-site service days', async () => {
    const employer = await newParty('employer', '宁波北站物流园');
    const res = await call(village, 'POST', `/api/employers/${employer}/agreements`, {
      kind: 'onsite_service_days',
      signedOn: '2026-03-01',
      validUntil: '2027-02-28',
      serviceDaysPerYear: 4,
      details: '每季度在园区开展一次免费体检和咨询',
    });
    expect(res.statusCode, res.body).toBe(201);
    const list = await call(village, 'GET', '/api/employers?kind=employer');
    const item = list.json().items.find((p: { id: string }) => p.id === employer);
    expect(item.agreements).toEqual(['onsite_service_days']);
  });

  it('puts employers whose residents have services due first on the outreach list', async () => {
    const busy = await newParty('employer', '甲模具厂');
    const quiet = await newParty('employer', '乙服装厂');
    const newcomer = await newPerson({
      idNumber: validIdNumber('341221', '1995-01-02', 'F'),
      arrivedOn: addDays(today(), -2),
    });
    await call(village, 'PUT', `/api/persons/${newcomer}/employer-links`, { employerId: busy, landlordId: null });
    const res = await call(village, 'GET', '/api/employers/outreach-list?kind=employer');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; residentsWithServicesDue: number }[];
    const busyAt = items.findIndex((i) => i.id === busy);
    expect(items[busyAt]?.residentsWithServicesDue).toBe(1);
    expect(busyAt).toBeLessThan(items.findIndex((i) => i.id === quiet));
  });

  it('registers a property-management company (物业服务企业) as a third kind, hosting a distribution point', async () => {
    const company = await newParty('property_manager', '宁波甬江物业服务有限公司');
    const agreement = await call(village, 'POST', `/api/employers/${company}/agreements`, {
      kind: 'distribution_point',
      signedOn: '2026-04-01',
      details: '在小区物业服务中心设免费避孕药具发放点',
    });
    expect(agreement.statusCode, agreement.body).toBe(201);
    const list = await call(village, 'GET', '/api/employers?kind=property_manager');
    expect(list.json().items.map((p: { id: string; kind: string }) => [p.id, p.kind])).toEqual([
      [company, 'property_manager'],
    ]);
    const outreach = await call(village, 'GET', '/api/employers/outreach-list?kind=property_manager');
    expect(outreach.json().items.map((p: { id: string }) => p.id)).toEqual([company]);
  });

  it('never links a person to a property-management company as employer or landlord', async () => {
    const company = await newParty('property_manager', '宁波孔浦物业管理有限公司');
    const personId = await newPerson();
    const res = await call(village, 'PUT', `/api/persons/${personId}/employer-links`, {
      employerId: company,
      landlordId: null,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('employerId');
  });

  it('answers 404 for an employer outside the user’s township', async () => {
    const employer = await newParty('employer', '丙电子厂');
    expect((await call(township2, 'GET', `/api/employers/${employer}`)).statusCode).toBe(404);
    expect((await call(township2, 'GET', '/api/employers')).body).not.toContain(employer);
  });
});
