/** Households, twelve-household groups, the rota over the API, the wall roster PDF, visits and scope. */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, VILLAGE, validIdNumber } from '../../../test/support/fixtures.ts';
import { addDays } from '../../core/certificate.ts';
import { today } from '../../core/china-time.ts';

let env: TestEnv;
let village: string;
let township2: string;
let otherVillage: string;
let township: string;

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
  township2 = await env.login('township2');
  township = await env.login('township');
  const sibling = await env.ctx.db
    .selectFrom('division')
    .select('code')
    .where('parent_code', '=', '330205005000')
    .where('code', '<>', VILLAGE)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  otherVillage = sibling.code;
});
afterAll(() => env.close());

async function call(cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  return env.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
}

async function newPerson(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await call(village, 'POST', '/api/persons', personInput(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().person.id;
}

async function newHousehold(address: string, name: string): Promise<string> {
  const personId = await newPerson({ name, idNumber: validIdNumber('341221', '1990-02-03', 'M') });
  const res = await call(village, 'POST', '/api/households', {
    divisionCode: VILLAGE,
    address,
    members: [{ personId, relation: 'head' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().household.id;
}

async function newGroup(size: number, name: string) {
  const ids: string[] = [];
  for (let i = 1; i <= size; i++)
    ids.push(await newHousehold(`${name}${i}号`, `欧${'一二三四五六七八九十甲乙丙'[i]}明`));
  const res = await call(village, 'POST', '/api/household-groups', {
    divisionCode: VILLAGE,
    name,
    householdIds: ids,
    leaderHouseholdId: ids[0],
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().group.id as string, households: ids };
}

describe('twelve-household groups', () => {
  it('generates a 12-month roster in which each of twelve households is on duty once, in order', async () => {
    const group = await newGroup(12, '槐树路联勤一组');
    const res = await call(village, 'POST', `/api/household-groups/${group.id}/roster`, {
      fromMonth: '2027-01',
      months: 12,
    });
    expect(res.statusCode, res.body).toBe(200);
    const roster = res.json().roster as { month: string; householdId: string }[];
    expect(roster.map((r) => r.month)[0]).toBe('2027-01');
    expect(roster.map((r) => r.householdId)).toEqual(group.households);
  });

  it('skips a household that is away and gives it the month it comes back', async () => {
    const group = await newGroup(4, '槐树路联勤二组');
    const away = group.households[1] as string;
    const absence = await call(village, 'POST', `/api/households/${away}/absences`, {
      fromMonth: '2027-02',
      toMonth: '2027-02',
      reason: '返乡过年',
    });
    expect(absence.statusCode, absence.body).toBe(201);
    const res = await call(village, 'POST', `/api/household-groups/${group.id}/roster`, { fromMonth: '2027-01' });
    const [h1, h2, h3, h4] = group.households;
    const roster = res.json().roster as { householdId: string; skipped: string[] }[];
    expect(roster.slice(0, 5).map((r) => r.householdId)).toEqual([h1, h3, h2, h4, h1]);
    expect(roster[1]?.skipped).toEqual([h2]);
  });

  it('continues the rota from the stored months when regenerated from a later month', async () => {
    const group = await newGroup(3, '槐树路联勤三组');
    await call(village, 'POST', `/api/household-groups/${group.id}/roster`, { fromMonth: '2027-01', months: 2 });
    const res = await call(village, 'POST', `/api/household-groups/${group.id}/roster`, {
      fromMonth: '2027-03',
      months: 3,
    });
    const [h1, h2, h3] = group.households;
    expect((res.json().roster as { householdId: string }[]).map((r) => r.householdId)).toEqual([h1, h2, h3, h1, h2]);
  });

  it('refuses a household that is already in another group, naming the field', async () => {
    const group = await newGroup(2, '槐树路联勤四组');
    const res = await call(village, 'POST', '/api/household-groups', {
      divisionCode: VILLAGE,
      name: '重复小组',
      householdIds: [group.households[0]],
      leaderHouseholdId: group.households[0],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('householdIds.0');
  });

  it('refuses a member who does not live in the household’s village', async () => {
    const created = await call(township, 'POST', '/api/persons', personInput({ residenceDivision: otherVillage }));
    const elsewhere = created.json().person.id;
    const res = await call(village, 'POST', '/api/households', {
      divisionCode: VILLAGE,
      address: '人民路1号',
      members: [{ personId: elsewhere, relation: 'head' }],
    });
    // The village manager of 梅堰社区 cannot even see a person living in another community.
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('members.0.personId');
  });

  it('answers 404 for a group outside the user’s township', async () => {
    const group = await newGroup(1, '槐树路联勤五组');
    const res = await call(township2, 'GET', `/api/household-groups/${group.id}`);
    expect(res.statusCode).toBe(404);
    const list = await call(township2, 'GET', '/api/household-groups');
    expect(list.body).not.toContain(group.id);
  });

  it('audits a group read against the people it shows', async () => {
    const group = await newGroup(1, '槐树路联勤六组');
    const reads = async () => {
      await env.ctx.readAudit.flush();
      return env.ctx.db
        .selectFrom('audit_log')
        .select(['person_id'])
        .where('action', '=', 'household_group.read')
        .where('entity_id', '=', group.id)
        .execute();
    };
    const before = (await reads()).length;
    await call(village, 'GET', `/api/household-groups/${group.id}`);
    const after = await reads();
    expect(after.length).toBe(before + 1);
    expect(after.every((r) => r.person_id !== null)).toBe(true);
  });
});

describe('wall roster PDF', () => {
  it('prints the group, the rota by month and the rules in Chinese, without ID numbers', async () => {
    const group = await newGroup(3, '庆丰路联勤组');
    await call(village, 'POST', `/api/household-groups/${group.id}/roster`, { fromMonth: '2027-01', months: 12 });
    const res = await call(village, 'GET', `/api/household-groups/${group.id}/roster.pdf?from=2027-01`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: res.rawPayload, encoding: 'utf8' });
    expect(text).toContain('十二户联勤小组名单和值班制度');
    expect(text).toContain('庆丰路联勤组');
    expect(text).toContain('2027年1月');
    expect(text).toContain('2027年12月');
    expect(text).toContain('值班制度');
    expect(text).toContain('欧*明');
    expect(text).not.toMatch(/\d{6}\*{8}/);
    const info = execFileSync('pdfinfo', ['-'], { input: res.rawPayload, encoding: 'utf8' });
    expect(info).toMatch(/\(A4\)/);
    expect(info).toMatch(/Pages:\s+1\b/);
  });
});

describe('visits', () => {
  it('shows the services due for the person when a visit is recorded', async () => {
    const personId = await newPerson({
      name: '新来人',
      idNumber: validIdNumber('341221', '1994-05-06', 'F'),
      arrivedOn: addDays(today(), -3),
    });
    const res = await call(village, 'POST', '/api/visits', {
      personId,
      visitedOn: today(),
      purpose: 'arrival_registration',
      outcome: 'met',
      notes: '<b>已告知免费体检</b>',
    });
    expect(res.statusCode, res.body).toBe(201);
    const kinds = (res.json().due as { kind: string }[]).map((d) => d.kind).sort();
    expect(kinds).toEqual(['arrival_check', 'first_checkup']);
    const list = await call(village, 'GET', `/api/persons/${personId}/visits`);
    expect(list.json().items[0].notes).toBe('<b>已告知免费体检</b>');
    expect(list.json().due.length).toBe(2);
  });

  it('refuses a visit dated in the future and writes nothing', async () => {
    const personId = await newPerson({ idNumber: validIdNumber() });
    const res = await call(village, 'POST', '/api/visits', {
      personId,
      visitedOn: addDays(today(), 2),
      purpose: 'follow_up',
      outcome: 'met',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('visitedOn');
    const rows = await env.ctx.db.selectFrom('visit').select('id').where('person_id', '=', personId).execute();
    expect(rows).toEqual([]);
  });

  it('files a duty log under the household on duty that month', async () => {
    const group = await newGroup(2, '宝庆路联勤组');
    await call(village, 'POST', `/api/household-groups/${group.id}/roster`, { fromMonth: '2027-01', months: 2 });
    const res = await call(village, 'POST', `/api/household-groups/${group.id}/duty-logs`, {
      dutyDate: '2027-02-10',
      activities: '登记新来住户1户，提醒2人免费体检',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().dutyLog.householdId).toBe(group.households[1]);
  });
});

describe('household members who move', () => {
  it('are no longer listed once their residence leaves the village', async () => {
    const householdId = await newHousehold('康庄南路5号', '搬家人');
    const household = (await call(village, 'GET', `/api/households/${householdId}`)).json().household;
    const personId = household.members[0].personId;
    const person = (await call(village, 'GET', `/api/persons/${personId}`)).json().person;
    const moved = await call(township, 'PATCH', `/api/persons/${personId}`, {
      version: person.version,
      residenceDivision: otherVillage,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = (await call(township, 'GET', `/api/households/${householdId}`)).json().household;
    expect(after.members).toEqual([]);
  });
});
