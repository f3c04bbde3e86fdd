import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanCsv, MESSY_GOOD, messyBadRows, messyXlsx } from '../../../test/fixtures/import/build.ts';
import { zipBomb } from '../../../test/fixtures/import/zip.ts';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import ExcelJS, { type Worksheet } from '../../http/exceljs.ts';
import { reportRows as supportReportRows } from './import.test-support.ts';

let env: TestEnv;
let cookie: string;

beforeAll(async () => {
  env = await createTestEnv();
  cookie = await env.login('township');
});
afterAll(() => env.close());

function multipart(fileName: string, content: Buffer) {
  const boundary = '----liudongtest';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

interface JobView {
  id: string;
  status: string;
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
  duplicates: number;
}

async function upload(fileName: string, content: Buffer | string, update = false) {
  const body = multipart(fileName, Buffer.isBuffer(content) ? content : Buffer.from(content));
  return env.app.inject({ method: 'POST', url: `/api/imports/persons?update=${update}`, ...body });
}

/** Uploads and waits for the background import to finish. */
async function importFile(fileName: string, content: Buffer | string, update = false): Promise<JobView> {
  const res = await upload(fileName, content, update);
  expect(res.statusCode, res.body).toBe(202);
  const id = (res.json() as { job: JobView }).job.id;
  for (;;) {
    const poll = await env.app.inject({ method: 'GET', url: `/api/imports/${id}`, headers: { cookie } });
    const job = (poll.json() as { job: JobView }).job;
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function personCount(): Promise<number> {
  const row = await env.ctx.db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const reportRows = (jobId: string) => supportReportRows(env, cookie, jobId);

describe('import of a messy xlsx', () => {
  let job: JobView;
  beforeAll(async () => {
    job = await importFile('采集表.xlsx', await messyXlsx());
  });

  it('imports every good row despite full-width digits, x, date formats, division names and a title row', () => {
    expect(job).toMatchObject({ status: 'done', inserted: MESSY_GOOD });
  });

  it('lists exactly the bad rows in the error report, with the column and a Chinese reason', async () => {
    const rows = await reportRows(job.id);
    expect(rows[0]?.slice(0, 3)).toEqual(['原行号', '出错列', '错误原因']);
    const listed = rows.slice(1).map((r) => ({ row: r[0], column: r[1] }));
    expect(listed).toEqual(messyBadRows());
    expect(String(rows.find((r) => r[1] === '婚姻状况')?.[2])).toContain('无法识别');
  });

  it('previews the same bad rows with their reasons for the console, without cell values', async () => {
    const res = await env.app.inject({ method: 'GET', url: `/api/imports/${job.id}/errors`, headers: { cookie } });
    const items = res.json().items as { rowNumber: number; issues: { column: string; zh: string }[] }[];
    const badRows = [...new Set(messyBadRows().map((r) => r.row))];
    expect(items.map((i) => i.rowNumber)).toEqual(badRows);
    expect(items.every((i) => i.issues.length > 0 && i.issues.every((issue) => issue.column && issue.zh))).toBe(true);
    expect(res.body).not.toContain('cells');
  });

  it('reports a duplicate inside the file against the row it repeats', async () => {
    const rows = await reportRows(job.id);
    expect(rows.some((r) => String(r[2]).includes('与第4行的身份证号重复'))).toBe(true);
    expect(job.duplicates).toBe(1);
  });

  it('gives each imported person a create history entry and an episode, like the API', async () => {
    const row = await env.ctx.db
      .selectFrom('person as p')
      .innerJoin('person_history as h', 'h.person_id', 'p.id')
      .innerJoin('person_episode as e', 'e.person_id', 'p.id')
      .where('p.name', '=', '李强')
      .select(['h.kind', 'e.arrived_on', 'p.id_masked'])
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'create', arrived_on: '2023-05-06' });
    expect(row.id_masked.endsWith('X')).toBe(true);
  });

  it('writes one audit entry for the import, not one per person', async () => {
    const rows = await env.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', job.id).execute();
    expect(rows.map((r) => r.action).sort()).toEqual(['person.import', 'person.import_done']);
  });
});

describe('reruns and updates', () => {
  const csv = cleanCsv(30, '341222');

  it('changes nothing when the same file is imported again', async () => {
    await importFile('a.csv', csv);
    const before = await personCount();
    const again = await importFile('a.csv', csv);
    expect(again).toMatchObject({ inserted: 0, unchanged: 30, failed: 0 });
    expect(await personCount()).toBe(before);
  });

  it('reports changed rows as duplicates without --update', async () => {
    const job = await importFile('b.csv', csv.replace('测试0,', '测试零,'));
    expect(job).toMatchObject({ inserted: 0, failed: 1, duplicates: 1, unchanged: 29 });
  });

  it('applies changed rows with update', async () => {
    const job = await importFile('c.csv', csv.replace('测试1,', '测试壹,'), true);
    expect(job).toMatchObject({ updated: 1, unchanged: 29 });
    const row = await env.ctx.db
      .selectFrom('person')
      .select('version')
      .where('name', '=', '测试壹')
      .executeTakeFirstOrThrow();
    expect(row.version).toBe(2);
  });
});

describe('encodings', () => {
  it('detects and decodes a GBK CSV', async () => {
    const gbk = iconv.encode(cleanCsv(3, '341225'), 'gbk');
    const job = await importFile('gbk.csv', gbk);
    expect(job).toMatchObject({ inserted: 3, failed: 0 });
    const names = await env.ctx.db
      .selectFrom('person')
      .select('name')
      .where('hukou_division', '=', '341225000000')
      .execute();
    expect(names.map((n) => n.name).sort()).toEqual(['测试0', '测试1', '测试2']);
  });
});

describe('files refused before anything is written', () => {
  const refused = async (name: string, content: Buffer | string, message: RegExp) => {
    const before = await env.ctx.db
      .selectFrom('import_job')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await upload(name, content);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].message).toMatch(message);
    const after = await env.ctx.db
      .selectFrom('import_job')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  };

  it('refuses a renamed Word document', () =>
    refused(
      '名单.xlsx',
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600, 1)]),
      /旧版Office/,
    ));

  it('refuses an empty file', () => refused('空.csv', '', /空的/));

  it('refuses a header with no recognisable columns', () => refused('x.csv', 'a,b,c\n1,2,3\n', /表头/));

  it('names the required columns a header lacks', () =>
    refused('x.csv', '姓名,身份证号\n张三,1\n', /户籍地、现居住地、婚姻状况/));

  it('refuses a huge cell', () => refused('big.csv', `姓名,身份证号\n${'长'.repeat(50_000)},1\n`, /超长/));

  it('refuses a zip bomb', async () => refused('bomb.xlsx', await zipBomb(), /压缩炸弹/));
});

describe('template and access', () => {
  it('offers a template whose headers the importer recognises, with a list on 婚姻状况', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/imports/template.xlsx', headers: { cookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0] as Worksheet;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['姓名', '身份证号', '户籍地', '现居住地', '婚姻状况']));
    const marital = sheet.getRow(2).getCell(header.indexOf('婚姻状况') + 1);
    expect(marital.dataValidation?.type).toBe('list');
  });

  it("answers 404 for another user's import job", async () => {
    const job = await importFile('own.csv', cleanCsv(1, '520502'));
    const other = await env.login('township2');
    const res = await env.app.inject({ method: 'GET', url: `/api/imports/${job.id}`, headers: { cookie: other } });
    expect(res.statusCode).toBe(404);
  });
});
