/** Import rows beyond the basics: the 子女 column, and name + birth-date duplicates reported as warnings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumber } from '../../../test/fixtures/import/build.ts';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { importFile, reportRows } from './import.test-support.ts';

let env: TestEnv;
let cookie: string;

beforeAll(async () => {
  env = await createTestEnv();
  cookie = await env.login('township');
});
afterAll(() => env.close());

const VILLAGE = '330205005003';
const HEADER = '姓名,身份证号,户籍地,现居住地,婚姻状况,子女';
const line = (name: string, id: string, children: string) =>
  `${name},${id},341221000000,${VILLAGE},初婚,"${children.replaceAll('"', '""')}"`;

async function childrenOf(id: string) {
  const person = await env.ctx.db
    .selectFrom('person')
    .select('children')
    .where('id_hash', '=', env.ctx.pii.blindIndex(id))
    .executeTakeFirstOrThrow();
  return person.children;
}

describe('the 子女 column', () => {
  const good = idNumber('341221', '1986-04-05', 101);
  const bad = idNumber('341221', '1986-04-06', 102);
  const future = idNumber('341221', '1986-04-07', 103);

  it('imports children written loosely, and reports a child lacking its sex against the 子女 column', async () => {
    const csv = [
      HEADER,
      line('陈静', good, '张三 男 2015-03-02;李四 女 2018.6.1'),
      line('陈红', bad, '王五 2016.1.1'),
      line('陈兰', future, '赵六 女 2099-01-01'),
    ].join('\n');
    const job = await importFile(env, cookie, '子女.csv', csv);
    expect(job).toMatchObject({ inserted: 1, failed: 2 });
    expect(await childrenOf(good)).toEqual([
      { name: '张三', sex: 'M', birthDate: '2015-03-02' },
      { name: '李四', sex: 'F', birthDate: '2018-06-01' },
    ]);
    const rows = await reportRows(env, cookie, job.id);
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual([
      [3, '子女'],
      [4, '子女'],
    ]);
    expect(String(rows[1]?.[2])).toContain('缺少性别');
    // The future birth date is refused by the API's own schema, under the file's column.
    expect(String(rows[2]?.[2])).toContain('不能晚于今天');
  });

  it('replaces the children of a registered person on update, and leaves them alone when the cell is empty', async () => {
    const id = idNumber('341221', '1987-05-06', 104);
    await importFile(env, cookie, 'c1.csv', [HEADER, line('陈梅', id, '张三 男 2015-03-02')].join('\n'));
    const updated = await importFile(
      env,
      cookie,
      'c2.csv',
      [HEADER, line('陈梅', id, '张三 男 2015-03-02；张小 女 2020-02-02')].join('\n'),
      true,
    );
    expect(updated.updated).toBe(1);
    const empty = await importFile(env, cookie, 'c3.csv', [HEADER, line('陈梅', id, '')].join('\n'), true);
    expect(empty.unchanged).toBe(1);
    expect((await childrenOf(id)).map((c) => c.name)).toEqual(['张三', '张小']);
  });

  it('offers the 子女 column in the template', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/imports/template.xlsx', headers: { cookie } });
    const ExcelJS = (await import('../../http/exceljs.ts')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const header = ((wb.worksheets[0]?.getRow(1).values ?? []) as unknown[]).slice(1);
    expect(header).toContain('子女');
  });
});

describe('possible duplicates by name and birth date', () => {
  const HEAD = '姓名,身份证号,户籍地,现居住地,婚姻状况';
  const row = (name: string, id: string) => `${name},${id},341221000000,${VILLAGE},初婚`;

  it('imports both rows of the file but warns on the second, naming the first', async () => {
    const a = idNumber('341221', '1984-09-10', 201);
    const b = idNumber('341221', '1984-09-10', 202);
    const job = await importFile(env, cookie, 'same-name.csv', [HEAD, row('刘洋', a), row('刘洋', b)].join('\n'));
    expect(job).toMatchObject({ inserted: 2, failed: 0, warnings: 1 });
    const rows = await reportRows(env, cookie, job.id);
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual([[3, '姓名']]);
    expect(String(rows[1]?.[2])).toBe('（提示）姓名：与第2行姓名和出生日期相同，请核实是否为同一人（已导入）');
  });

  it('warns when someone in the registry has the same name and birth date, showing the masked number', async () => {
    const registered = idNumber('341221', '1983-11-12', 203);
    await importFile(env, cookie, 'r1.csv', [HEAD, row('马丽', registered)].join('\n'));
    const other = idNumber('341221', '1983-11-12', 204);
    const job = await importFile(env, cookie, 'r2.csv', [HEAD, row('马丽', other)].join('\n'));
    expect(job).toMatchObject({ inserted: 1, warnings: 1 });
    const rows = await reportRows(env, cookie, job.id);
    expect(String(rows[1]?.[2])).toContain(`${registered.slice(0, 6)}********${registered.slice(-4)}`);
  });

  it('does not warn about a person matching only themselves when a file is imported again', async () => {
    const id = idNumber('341221', '1982-01-02', 205);
    await importFile(env, cookie, 'self1.csv', [HEAD, row('郭静', id)].join('\n'));
    const again = await importFile(env, cookie, 'self2.csv', [HEAD, row('郭静', id)].join('\n'));
    expect(again).toMatchObject({ unchanged: 1, warnings: 0 });
  });

  it('lists warnings beside bad rows in the console preview, marked as warnings', async () => {
    const a = idNumber('341221', '1981-03-03', 206);
    const b = idNumber('341221', '1981-03-03', 207);
    const job = await importFile(env, cookie, 'p.csv', [HEAD, row('何平', a), row('何平', b), row('', a)].join('\n'));
    const res = await env.app.inject({ method: 'GET', url: `/api/imports/${job.id}/errors`, headers: { cookie } });
    const body = res.json() as { items: { rowNumber: number; issues: { warning?: boolean }[] }[]; total: number };
    expect(body.items.map((i) => [i.rowNumber, i.issues.some((x) => x.warning === true)])).toEqual([
      [3, true],
      [4, false],
    ]);
    expect(body.total).toBe(2);
  });
});
