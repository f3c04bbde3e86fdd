/**
 * Text that looks the same is the same (core/text.ts): invisible characters are refused with an error naming
 * the field, compatibility forms are folded, and name + birth-date duplicate matching sees through neither.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';
import { importFile, reportRows } from '../import/import.test-support.ts';

let env: TestEnv;
let village: string;

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
});
afterAll(() => env.close());

function post(payload: object) {
  return env.app.inject({ method: 'POST', url: '/api/persons', headers: { cookie: village }, payload });
}

async function storedName(id: string): Promise<string> {
  const row = await env.ctx.db.selectFrom('person').select('name').where('id', '=', id).executeTakeFirstOrThrow();
  return row.name;
}

const BIRTH = '1988-08-08';
const twin = (name: string) => personInput({ name, idNumber: validIdNumber('341221', BIRTH, 'F') });

describe('names', () => {
  it('refuses 测\\u200b试人 with an error naming the field, and writes nothing', async () => {
    const res = await post(twin('测\u200b试人'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toEqual([{ path: 'name', message: expect.stringMatching(/^姓名：.*不可见字符/) }]);
    expect(await env.ctx.db.selectFrom('person').select('id').where('name', 'like', '测%试人').execute()).toEqual([]);
  });

  it('refuses DEL, C1 controls, CR, LF, TAB, bidi overrides and a BOM inside a name', async () => {
    for (const bad of [
      '测\u007F试',
      '测\u0085试',
      '测\u009B试',
      '测\r试',
      '测\n试',
      '测\t试',
      '\u202E测试',
      '测\uFEFF试',
    ]) {
      const res = await post(personInput({ name: bad }));
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['name']);
    }
  });

  it('matches a look-alike spelling (Kangxi radical ⼈, full-width space) to the same possible duplicates', async () => {
    const first = await post(twin('测试人'));
    const second = await post(twin('测试人'));
    expect(second.json().duplicates.map((d: { id: string }) => d.id)).toEqual([first.json().person.id]);
    const lookAlike = await post(twin('\u3000测试\u2F08'));
    expect(lookAlike.statusCode, lookAlike.body).toBe(201);
    expect(await storedName(lookAlike.json().person.id)).toBe('测试人');
    expect(
      lookAlike
        .json()
        .duplicates.map((d: { id: string }) => d.id)
        .sort(),
    ).toEqual([first.json().person.id, second.json().person.id].sort());
  });

  it('keeps legitimate names exactly as typed (〇, rare ideographs, the middle dot of minority names)', async () => {
    for (const name of ['李〇明', '𠀀𪚥', '阿卜杜拉·买买提', '欧阳娜娜']) {
      const res = await post(personInput({ name }));
      expect(res.statusCode, res.body).toBe(201);
      expect(await storedName(res.json().person.id)).toBe(name);
    }
  });

  it('folds full-width digits in a phone number to ASCII', async () => {
    const res = await post(personInput({ phone: '１３８００００１１１１' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().person.phone).toBe('13800001111');
  });
});

describe('the import applies the same rules', () => {
  it('reports a zero-width space in a name under the 姓名 column and imports the look-alike as 测试人', async () => {
    const hidden = validIdNumber('341221', '1979-09-09', 'M');
    const folded = validIdNumber('341221', '1979-09-10', 'M');
    const csv = [
      '姓名,身份证号,户籍地,现居住地,婚姻状况',
      `测\u200b试人,${hidden},341221000000,330205005003,初婚`,
      `测试\u2F08,${folded},341221000000,330205005003,初婚`,
    ].join('\n');
    const job = await importFile(env, village, 'names.csv', csv);
    expect(job).toMatchObject({ inserted: 1, failed: 1 });
    const rows = await reportRows(env, village, job.id);
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual([[2, '姓名']]);
    expect(String(rows[1]?.[2])).toContain('不可见字符');
    const person = await env.ctx.db
      .selectFrom('person')
      .select('name')
      .where('id_hash', '=', env.ctx.pii.blindIndex(folded))
      .executeTakeFirstOrThrow();
    expect(person.name).toBe('测试人');
  });
});

describe('multi-line text', () => {
  it('keeps the line breaks of a complaint and refuses a zero-width space in it', async () => {
    const intake = { channel: 'hotline', type: 'complaint', category: 'other', subject: '换行测试' };
    const ok = await env.app.inject({
      method: 'POST',
      url: '/api/complaints',
      headers: { cookie: village },
      payload: { ...intake, body: '第一行内容\r\n第二行内容' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().complaint.body).toBe('第一行内容\n第二行内容');
    const bad = await env.app.inject({
      method: 'POST',
      url: '/api/complaints',
      headers: { cookie: village },
      payload: { ...intake, body: '第一行\u200b内容很长' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['body']);
  });
});
