/**
 * Collection sheets as communities keep them (issue 20): a title and a 填报单位 line above the header,
 * headers in their own words over two rows, through the real import and database.
 */
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

const A = idNumber('341221', '1990-01-01', 110);
const B = idNumber('341221', '1992-03-04', 120);
const C = idNumber('341221', '1993-04-05', 130);
const D = idNumber('341221', '1994-05-06', 140);
const sexOf = (id: string) => (Number(id[16]) % 2 === 1 ? '男' : '女');

describe('a community collection sheet', () => {
  it('imports a sheet with a title, a 填报单位 line and a two-row header in its own words', async () => {
    const csv = [
      '江北区甬江街道流动人口信息采集表,,,,,,,,',
      '填报单位：梅堰社区,,,,,填报日期：2026-01-05,,,',
      '序号,姓 名,公民身份号码,籍贯（户籍）,暂住地址,,来甬时间,婚姻情况,男/女',
      ',,,,区划,详细地址,,,',
      `1,张三,${A},安徽省阜阳市临泉县,330205005003,某某路12号3幢,2023年5月6日,已婚,${sexOf(A)}`,
      `2,李四,${B},安徽省阜阳市临泉县,330205005003,某某路14号,2023.5.7,未婚,${sexOf(B)}`,
    ].join('\n');
    const job = await importFile(env, cookie, 'caiji.csv', csv);
    expect(job).toMatchObject({ status: 'done', inserted: 2, failed: 0 });
    const people = await env.ctx.db
      .selectFrom('person')
      .select(['name', 'arrived_on', 'residence_division', 'residence_address'])
      .where('name', 'in', ['张三', '李四'])
      .orderBy('name')
      .execute();
    expect(
      people.map((p) => [p.name, String(p.arrived_on).slice(0, 10), p.residence_division, p.residence_address]),
    ).toEqual([
      ['张三', '2023-05-06', '330205005003', '某某路12号3幢'],
      ['李四', '2023-05-07', '330205005003', '某某路14号'],
    ]);
  });
});

describe('cross-checks', () => {
  const header = '姓名,身份证号,性别,出生日期,户籍地,现居住地,来本地时间,婚姻状况,联系电话';
  const other = (id: string) => (sexOf(id) === '男' ? '女' : '男');

  it('imports a row whose 性别 and 出生日期 disagree with the ID number, warning with both values', async () => {
    const csv = [header, `王　五,${C},${other(C)},1993-04-06,341221,330205005003,23-5-6,未婚,`].join('\n');
    const job = await importFile(env, cookie, 'mismatch.csv', csv);
    expect(job).toMatchObject({ inserted: 1, failed: 0, warnings: 1 });
    const person = await env.ctx.db
      .selectFrom('person')
      .select(['name', 'sex', 'birth_date', 'arrived_on'])
      .where('name', '=', '王五')
      .executeTakeFirstOrThrow();
    expect([person.sex === 'M' ? '男' : '女', String(person.birth_date).slice(0, 10)]).toEqual([
      sexOf(C),
      '1993-04-05',
    ]);
    const [, row] = await reportRows(env, cookie, job.id);
    expect(row?.[2]).toBe(
      `（提示）性别：填写为“${other(C)}”，身份证号为“${sexOf(C)}”，已按身份证号导入，请核实；` +
        '（提示）出生日期：填写为1993-04-06，身份证号为1993-04-05，已按身份证号导入，请核实',
    );
  });

  it('refuses an ID number or a phone number Excel turned into a number, and imports nothing of them', async () => {
    const csv = [
      header,
      `赵六,3.41221199001011E+17,,,341221,330205005003,2023.5.6,未婚,`,
      `钱七,${D},,,341221,330205005003,2023.5.6,未婚,1.38E+10`,
    ].join('\n');
    const job = await importFile(env, cookie, 'excel-numbers.csv', csv);
    expect(job).toMatchObject({ inserted: 0, failed: 2 });
    const reasons = (await reportRows(env, cookie, job.id)).slice(1).map((r) => r[2]);
    expect(reasons).toEqual([
      '身份证号：身份证号被 Excel 存成了数字，末尾几位已丢失，请把该列设为文本后重新填写',
      '联系电话：电话号码被 Excel 存成了科学计数法，末尾几位已丢失，请把该列设为文本后重新填写',
    ]);
  });
});

describe('the import result', () => {
  it('says per category how many rows and what to do about each', async () => {
    const csv = [
      '姓名,身份证号,户籍地,现居住地,婚姻状况',
      `甲一,${idNumber('341221', '1980-01-01', 510)},临泉县,梅堰社区,已婚`,
      `乙二,${idNumber('341221', '1980-01-02', 520)},临泉县,梅岩社区,已婚`,
    ].join('\n');
    const job = (await importFile(env, cookie, 'result.csv', csv)) as unknown as {
      summary: { category: string; count: number; advice: { zh: string } }[];
    };
    expect(job.summary.map((l) => [l.category, l.count])).toEqual([
      ['inserted', 1],
      ['updated', 0],
      ['unchanged', 0],
      ['refused', 1],
      ['warned', 0],
    ]);
    expect(job.summary.find((l) => l.category === 'refused')?.advice.zh).toContain('可直接导入错误报告');
  });
});
