/**
 * Collection sheets as communities keep them (issue 20): a title and a 填报单位 line above the header,
 * headers in their own words over two rows, through the real import and database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumber } from '../../../test/fixtures/import/build.ts';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { importFile } from './import.test-support.ts';

let env: TestEnv;
let cookie: string;

beforeAll(async () => {
  env = await createTestEnv();
  cookie = await env.login('township');
});
afterAll(() => env.close());

const A = idNumber('341221', '1990-01-01', 110);
const B = idNumber('341221', '1992-03-04', 120);
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
