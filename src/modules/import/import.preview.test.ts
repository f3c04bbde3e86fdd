/**
 * The console's mapping step through the real app and database (issue 20): upload → preview (nothing written)
 * → a corrected mapping → import, and the mapping remembered for the next sheet with the same headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumber } from '../../../test/fixtures/import/build.ts';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import type { ImportPreview } from './import.preview.ts';
import type { JobView } from './import.test-support.ts';
import { sweepUploads, UPLOAD_TTL_MS } from './import.uploads.ts';

let env: TestEnv;
let township: string;
let other: string;

beforeAll(async () => {
  env = await createTestEnv();
  township = await env.login('township');
  other = await env.login('township2');
});
afterAll(() => env.close());

function multipart(cookie: string, fileName: string, content: string) {
  const boundary = '----liudongtest';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

interface Uploaded {
  upload: { id: string; fileName: string };
  preview: ImportPreview;
}

async function upload(content: string, cookie = township): Promise<Uploaded> {
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/imports/uploads',
    ...multipart(cookie, 's.csv', content),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Uploaded;
}

function post(url: string, payload: object, cookie = township) {
  return env.app.inject({ method: 'POST', url, headers: { cookie }, payload });
}

async function waitForJob(id: string): Promise<JobView> {
  for (;;) {
    const poll = await env.app.inject({ method: 'GET', url: `/api/imports/${id}`, headers: { cookie: township } });
    const job = (poll.json() as { job: JobView }).job;
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function count(table: 'person' | 'import_job'): Promise<number> {
  const row = await env.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const column = (p: ImportPreview, header: string) => p.columns.find((c) => c.header === header);

// 工作地点 reads as the employer by its words; here it is where the person works, not for whom: the user maps
// 备注 (the employer, as this community writes it) to 工作单位 and ignores 工作地点.
const HEADER = '姓名,身份证号,户籍地,现居住地,婚姻状况,工作地点,备注';
let seq = 200;
const sheet = (...rows: string[][]) => [HEADER, ...rows.map((r) => r.join(','))].join('\n');
const goodRow = (name: string, note = '宁波某某电器厂') => [
  name,
  idNumber('341221', `1990-06-0${(seq++ % 9) + 1}`, seq),
  '安徽省阜阳市临泉县',
  '330205005003',
  '初婚',
  '江北工业园',
  note,
];

describe('the preview', () => {
  it('writes nothing: no person, no import job', async () => {
    const [persons, jobs] = [await count('person'), await count('import_job')];
    await upload(sheet(goodRow('预览甲'), goodRow('预览乙')));
    expect([await count('person'), await count('import_job')]).toEqual([persons, jobs]);
  });

  it('shows each column with its field, why, samples and how many cells parse', async () => {
    const bad = goodRow('预览丙');
    bad[2] = '火星省';
    const { preview } = await upload(sheet(goodRow('预览丁'), bad));
    expect(column(preview, '姓名')).toMatchObject({ field: 'name', source: 'header', samples: ['预览丁', '预览丙'] });
    expect(column(preview, '户籍地')).toMatchObject({ field: 'hukouDivision', total: 2, parsed: 1 });
    expect(column(preview, '工作地点')).toMatchObject({ field: 'employer', source: 'header' });
    expect(column(preview, '备注')).toMatchObject({ field: null, source: 'none', parsed: null, total: 2 });
  });

  it('shows the first rows as they will be imported, with their problems', async () => {
    const bad = goodRow('预览戊');
    bad[2] = '火星省';
    const { preview } = await upload(sheet(goodRow('预览己'), bad));
    expect(preview.rows.map((r) => [r.rowNumber, r.status])).toEqual([
      [2, 'new'],
      [3, 'error'],
    ]);
    expect(preview.rows[0]?.values).toMatchObject({ name: '预览己', maritalStatus: 'first_marriage' });
    expect(preview.rows[1]?.issues[0]).toMatchObject({ column: '户籍地' });
    expect(preview.rows[1]?.issues[0]?.zh).toContain('火星省');
  });

  it('lists a required field no column maps to instead of refusing the file', async () => {
    const { preview } = await upload(
      ['姓名,证件,户籍地,现居住地,婚姻状况', '预览庚,无,临泉县,330205005003,初婚'].join('\n'),
    );
    expect(preview.missing.map((m) => m.zh)).toEqual(['身份证号']);
    expect(preview.rows).toEqual([]);
  });
});

describe('a mapping chosen by the user', () => {
  it('re-previews with a column mapped and another ignored', async () => {
    const { upload: u } = await upload(sheet(goodRow('映射甲')));
    const res = await post(`/api/imports/uploads/${u.id}/preview`, {
      mapping: { 备注: 'employer', 工作地点: 'ignore' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { preview } = res.json() as { preview: ImportPreview };
    expect(column(preview, '备注')).toMatchObject({ field: 'employer', source: 'user', parsed: 1, total: 1 });
    expect(column(preview, '工作地点')).toMatchObject({ field: null, source: 'user' });
    expect(preview.rows[0]?.values.employer).toBe('宁波某某电器厂');
  });

  it('imports with the chosen mapping', async () => {
    const { upload: u } = await upload(sheet(goodRow('映射乙', '慈溪某某纺织厂')));
    const res = await post(`/api/imports/uploads/${u.id}/import`, {
      mapping: { 备注: 'employer', 工作地点: 'ignore' },
    });
    expect(res.statusCode, res.body).toBe(202);
    const job = await waitForJob((res.json() as { job: JobView }).job.id);
    expect(job).toMatchObject({ status: 'done', inserted: 1, failed: 0 });
    const person = await env.ctx.db
      .selectFrom('person')
      .select('employer')
      .where('name', '=', '映射乙')
      .executeTakeFirstOrThrow();
    expect(person.employer).toBe('慈溪某某纺织厂');
  });

  it('cannot import the same upload twice', async () => {
    const { upload: u } = await upload(sheet(goodRow('映射丙')));
    expect((await post(`/api/imports/uploads/${u.id}/import`, {})).statusCode).toBe(202);
    expect((await post(`/api/imports/uploads/${u.id}/import`, {})).statusCode).toBe(404);
  });

  it("is another user's upload: 404", async () => {
    const { upload: u } = await upload(sheet(goodRow('映射丁')));
    expect((await post(`/api/imports/uploads/${u.id}/preview`, {}, other)).statusCode).toBe(404);
    expect((await post(`/api/imports/uploads/${u.id}/import`, {}, other)).statusCode).toBe(404);
  });
});

describe('a mapping refused', () => {
  async function refused(mapping: Record<string, string>, route: 'preview' | 'import' = 'preview') {
    const { upload: u } = await upload(sheet(goodRow('拒绝甲')));
    const persons = await count('person');
    const res = await post(`/api/imports/uploads/${u.id}/${route}`, { mapping });
    expect(res.statusCode, res.body).toBe(400);
    expect(await count('person')).toBe(persons);
    return { u, messages: (res.json().error.issues as { message: string }[]).map((i) => i.message).join(' ') };
  }

  it('names an unknown field', async () => {
    const { messages } = await refused({ 备注: 'favouriteColour' });
    expect(messages).toContain('“备注”对应的字段“favouriteColour”不存在');
  });

  it('names a field given two columns', async () => {
    const { messages } = await refused({ 备注: 'employer', 工作地点: 'employer' });
    expect(messages).toContain('“工作单位”只能对应一列');
  });

  it('names a header the file does not have', async () => {
    const { messages } = await refused({ 暂住处: 'residence' });
    expect(messages).toContain('表头中没有“暂住处”');
  });

  it('refuses to import with a required field unmapped, naming it, and keeps the upload', async () => {
    const { u, messages } = await refused({ 身份证号: 'ignore' }, 'import');
    expect(messages).toContain('缺少必需的列：身份证号');
    expect((await post(`/api/imports/uploads/${u.id}/preview`, {})).statusCode).toBe(200);
  });
});

describe('remembered mappings', () => {
  const HEADER2 = '姓名,身份证号,籍贯,暂住地,婚姻状况,工作地点,单位名称';
  const file = (name: string) =>
    [HEADER2, `${name},${idNumber('341221', '1989-03-04', seq++)},临泉县,330205005003,初婚,北区,某厂`].join('\n');

  it('starts the next sheet with the same headers from the mapping last imported', async () => {
    const first = await upload(file('记忆甲'));
    expect(first.preview.remembered).toBe(false);
    const res = await post(`/api/imports/uploads/${first.upload.id}/import`, {
      mapping: { 工作地点: 'ignore', 单位名称: 'employer' },
    });
    expect(res.statusCode, res.body).toBe(202);
    await waitForJob((res.json() as { job: JobView }).job.id);
    const next = await upload(file('记忆乙'));
    expect(next.preview.remembered).toBe(true);
    expect(column(next.preview, '单位名称')).toMatchObject({ field: 'employer', source: 'remembered' });
    expect(column(next.preview, '工作地点')).toMatchObject({ field: null, source: 'remembered' });
    // The console sends the whole mapping it shows back with 确认导入.
    const mapping = Object.fromEntries(next.preview.columns.map((c) => [c.header, c.field ?? 'ignore']));
    const again = await post(`/api/imports/uploads/${next.upload.id}/import`, { mapping });
    expect(again.statusCode, again.body).toBe(202);
    const job = await waitForJob((again.json() as { job: JobView }).job.id);
    expect(job).toMatchObject({ status: 'done', inserted: 1, failed: 0 });
  });

  it('knows the header set in another column order', async () => {
    const [header, row] = file('记忆丁').split('\n') as [string, string];
    const swap = (line: string) => {
      const cells = line.split(',');
      return [...cells.slice(5), ...cells.slice(0, 5)].join(',');
    };
    const { preview } = await upload([swap(header), swap(row)].join('\n'));
    expect(preview.remembered).toBe(true);
    expect(column(preview, '单位名称')).toMatchObject({ index: 1, field: 'employer', source: 'remembered' });
  });

  it('is kept per division: another township starts from recognition', async () => {
    const { preview } = await upload(file('记忆丙'), other);
    expect(preview.remembered).toBe(false);
    expect(column(preview, '工作地点')).toMatchObject({ field: 'employer', source: 'header' });
  });

  it('audits the mapping it remembers', async () => {
    const rows = await env.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_username'])
      .where('action', '=', 'import.mapping_saved')
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.actor_username === 'township')).toBe(true);
  });
});

describe('uploads nobody confirmed', () => {
  it('are deleted once older than two hours', async () => {
    const { upload: u } = await upload(sheet(goodRow('过期甲')));
    await sweepUploads(env.ctx, Date.now() + UPLOAD_TTL_MS + 60_000);
    const res = await post(`/api/imports/uploads/${u.id}/preview`, {});
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toContain('已过期');
  });
});
