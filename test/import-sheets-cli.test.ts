/**
 * Collection sheets as counties keep them (issue 20), written by LibreOffice from the `.fods` sources in
 * test/fixtures/import/sheets, each imported through the CLI: places as text at every depth, two-row
 * headers, 证件类型 beside 证件号码, an Excel-number ID, dates written many ways, a misspelt community.
 * LibreOffice is required in CI (test/support/soffice.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/context.ts';
import ExcelJS, { type CellValue } from '../src/http/exceljs.ts';
import { openContext } from '../src/server.ts';
import { runCli as runTestCli } from './support/cli.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';
import { convertToXlsx, SOFFICE_HINT, sofficeRequired } from './support/soffice.ts';

const SHEETS = path.resolve('test/fixtures/import/sheets');
let env: TestEnv;
let dir: string;
const xlsx: Record<string, string> = {};

const runCli = (args: string[]) => runTestCli(env.ctx.config, args);

async function withDb<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const { ctx, handle } = await openContext(env.ctx.config);
  try {
    return await fn(ctx);
  } finally {
    await handle.close();
  }
}

/** Persons by name: residence, address, household registration, arrival. */
async function persons(names: string[]) {
  const rows = await withDb((ctx) =>
    ctx.db
      .selectFrom('person')
      .select(['name', 'residence_division', 'residence_address', 'hukou_division', 'arrived_on'])
      .where('name', 'in', names)
      .execute(),
  );
  const byName = new Map(rows.map((r) => [r.name, r]));
  return names.map((n) => {
    const p = byName.get(n);
    return p
      ? [n, p.residence_division, p.residence_address, p.hukou_division, String(p.arrived_on ?? '').slice(0, 10)]
      : [n, 'not imported'];
  });
}

/** The report's sheets: 错误报告 (row, column, reason …) and 汇总 (category, count, advice). */
async function report(file: string): Promise<{ errors: CellValue[][]; summary: CellValue[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const read = (i: number) => {
    const rows: CellValue[][] = [];
    wb.worksheets[i]?.eachRow((row) =>
      rows.push(
        (row.values as CellValue[])
          .slice(1)
          .map((v) => (v && typeof v === 'object' && 'richText' in v ? v.richText.map((r) => r.text).join('') : v)),
      ),
    );
    return rows;
  };
  return { errors: read(0).slice(1), summary: read(1).slice(1) };
}

const available = sofficeRequired();

beforeAll(async () => {
  env = await createTestEnv();
  await env.release();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-sheets-'));
  if (!available) return;
  const sources = fs.readdirSync(SHEETS).filter((f) => f.endsWith('.fods'));
  for (const [i, out] of convertToXlsx(
    sources.map((f) => path.join(SHEETS, f)),
    dir,
  ).entries())
    xlsx[(sources[i] as string).replace('.fods', '')] = out;
}, 240_000);
afterAll(async () => {
  await env.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!available)(`collection sheets written by LibreOffice (${SOFFICE_HINT})`, () => {
  it('imports a community sheet: places as text at every depth, the rest as the address', async () => {
    const result = runCli(['import', 'persons', xlsx['meiyan-community'] as string, '--user', 'township']);
    expect(result.out).toContain('Imported: 5 new, 0 updated, 0 already registered (unchanged), 2 bad rows');
    expect(result.status).toBe(2);
    expect(await persons(['陈晓燕', '刘建国', '王丽', '张伟', '赵敏'])).toEqual([
      ['陈晓燕', '330205005003', '某某路12号3幢', '341221001000', '2023-05-06'],
      ['刘建国', '330205005003', null, '341221000000', '2022-03-01'],
      ['王丽', '330205005003', '朱家路8号', '411525000000', '2021-10-01'],
      ['张伟', '330205005003', '18号', '341221000000', '2024-01-02'],
      ['赵敏', '330205005005', '湾头路5号', '411525000000', '2023-07-15'],
    ]);
  });

  it('refuses a misspelt community, offering the closest one, and a passport number in words', async () => {
    const { errors } = await report(path.join(dir, 'meiyan-community.errors.xlsx'));
    expect(errors.map((r) => r.slice(0, 3))).toEqual([
      [
        9,
        '现住址',
        '现住址：浙江省宁波市江北区甬江街道下没有“梅岩社区”，最可能是“浙江省宁波市江北区甬江街道梅堰社区”；请更正后重新导入',
      ],
      [10, '证件号码', '证件号码：证件类型为“护照”：本系统按居民身份证号登记，请填写居民身份证号'],
    ]);
  });

  it('imports a roster with a two-row header, text dates in several forms and township-level places', async () => {
    const result = runCli(['import', 'persons', xlsx['jiangbei-roster'] as string, '--user', 'admin']);
    expect(result.out).toContain('Imported: 4 new, 0 updated, 0 already registered (unchanged), 2 bad rows');
    expect(await persons(['钱多多', '李娜', '郑洁', '冯涛'])).toEqual([
      ['钱多多', '330205003001', '槐树路77弄5号', '520526000000', '2023-05-06'],
      ['李娜', '330205003001', '双桥路3号', '520502000000', '2023-05-07'],
      ['郑洁', '330205006000', null, '411627000000', '2023-05-09'],
      ['冯涛', '330205001010', '白沙路1号', '330825000000', '2023-05-10'],
    ]);
  });

  it('refuses the Excel-number ID and lists both 江北区 as candidates, the importer’s own first', async () => {
    const { errors } = await report(path.join(dir, 'jiangbei-roster.errors.xlsx'));
    expect(errors.map((r) => r.slice(0, 3))).toEqual([
      // A two-row header names its columns by group and name (基本信息 over 公民身份号码).
      [
        7,
        '基本信息公民身份号码',
        '基本信息公民身份号码：身份证号被 Excel 存成了数字，末尾几位已丢失，请把该列设为文本后重新填写',
      ],
      [
        10,
        '户籍户口所在地',
        '户籍户口所在地：“江北区”对应多个区划：最可能是“浙江省宁波市江北区”，其他候选：重庆市江北区；' +
          '请改写为完整名称或区划代码后重新导入',
      ],
    ]);
  });
});

describe.skipIf(!available)('--dry-run', () => {
  const tables = ['person', 'person_history', 'person_episode', 'import_job', 'import_error', 'exchange_outbox'];
  const snapshot = () =>
    withDb(async (ctx) => {
      const counts: Record<string, number> = {};
      for (const t of tables) {
        const row = await ctx.db
          .selectFrom(t as 'person')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow();
        counts[t] = Number(row.n);
      }
      const audit = await ctx.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirstOrThrow();
      return { counts, auditSeq: String(audit.seq) };
    });
  const auditSince = (seq: string) =>
    withDb(async (ctx) =>
      (await ctx.db.selectFrom('audit_log').select('action').where('seq', '>', seq).orderBy('seq').execute()).map(
        (r) => r.action,
      ),
    );
  let dry: { status: number | null; out: string };
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    before = await snapshot();
    dry = runCli([
      'import',
      'persons',
      xlsx['yongjiang-words'] as string,
      '--user',
      'township',
      '--dry-run',
      '--errors',
      path.join(dir, 'dry.errors.xlsx'),
    ]);
  }, 120_000);

  it('imports nothing; the one row written is its audit entry', async () => {
    expect(dry.out, dry.out).toContain('Dry run, nothing imported');
    expect((await snapshot()).counts).toEqual(before.counts);
    expect(await auditSince(before.auditSeq)).toEqual(['person.import_dry_run']);
  });

  it('prints each sheet column with the field it fills, or ignored', () => {
    expect(dry.out).toContain(
      [
        '  A  名字 → name (姓名)',
        '  B  身份证 → idNumber (身份证号)',
        '  C  男女 → sex (性别)',
        '  D  生日 → birthDate (出生日期)',
        '  E  籍贯 → hukouDivision (户籍地)',
        '  F  暂住处 → residenceDivision (现居住地)',
        '  G  来本地日期 → arrivedOn (来本地时间)',
        '  H  婚否 → maritalStatus (婚姻状况)',
        '  I  联系方式 → phone (联系电话)',
        '  J  工作单位 → employer (工作单位)',
      ].join('\n'),
    );
  });

  it('counts good, bad and warning rows and writes the error report with its summary', async () => {
    expect(dry.out).toContain('3 good rows (3 new, 0 to update, 0 unchanged), 2 bad rows, 0 warnings.');
    expect(dry.status).toBe(2);
    const { errors, summary } = await report(path.join(dir, 'dry.errors.xlsx'));
    expect(errors.map((r) => r.slice(0, 2))).toEqual([
      [6, '籍贯'],
      [7, '暂住处'],
    ]);
    expect(summary.map((r) => [r[0], r[1] ?? null])).toEqual([
      ['将新增', 3],
      ['将更新', 0],
      ['已登记（无变化）', 0],
      ['未导入（错误行）', 2],
      ['提示（将导入，请核实）', 0],
      ['试运行：未导入任何数据', null],
    ]);
  });

  it('is followed by the real import with the same counts', async () => {
    const real = runCli(['import', 'persons', xlsx['yongjiang-words'] as string, '--user', 'township']);
    expect(real.out).toContain('Imported: 3 new, 0 updated, 0 already registered (unchanged), 2 bad rows');
    expect(await persons(['何平', '许芳', '韩冰'])).toEqual([
      ['何平', '330205005010', '3号楼', '341221000000', '2023-03-03'],
      ['许芳', '330205005011', null, '341222000000', '2023-04-04'],
      ['韩冰', '330205005012', '丽江路6号', '411525001000', '2023-05-05'],
    ]);
  });
});
