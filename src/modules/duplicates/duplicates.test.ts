import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { ORIGIN_COUNTY, personInput, VILLAGE } from '../../../test/support/fixtures.ts';
import { checkCharacter } from '../../core/id-number.ts';
import { runDuplicatePass } from './index.ts';

/** 孔浦街道: another township of the demo county, outside 梅堰社区's scope. */
const OTHER_TOWNSHIP = '330205003000';

let env: TestEnv;
let village = '';
let township2 = '';
let admin = '';
let first = '';
let second = '';
const ID = (first17: string) => first17 + checkCharacter(first17);
const ORIGINAL = ID('34122119850707351');

async function post(cookie: string, url: string, payload?: object) {
  return env.app.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
}
async function queue(cookie: string, view = 'open') {
  const res = await env.app.inject({
    method: 'GET',
    url: `/api/duplicates?view=${view}&pageSize=100`,
    headers: { cookie },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as {
    id: string;
    status: string;
    referredToMe: boolean;
    label: { zh: string };
    a: Side;
    b: Side;
  }[];
}
type Side = { inScope: boolean; person: { id: string } | null; masked: { name: string; birthYear: number } | null };
const sideIds = (p: { a: Side; b: Side }) => [p.a.person?.id, p.b.person?.id];
const ours = (items: Awaited<ReturnType<typeof queue>>) =>
  items.filter((p) => sideIds(p).includes(first) || sideIds(p).includes(second));

beforeAll(async () => {
  env = await createTestEnv();
  [village, township2, admin] = await Promise.all([env.login('village'), env.login('township2'), env.login('admin')]);
  const a = await post(
    village,
    '/api/persons',
    personInput({ idNumber: ORIGINAL, name: '张三丰', hukouDivision: ORIGIN_COUNTY, residenceDivision: VILLAGE }),
  );
  expect(a.statusCode, a.body).toBe(201);
  first = a.json().person.id;
  // The same man registered again in another township: homophone name, two digits of the number wrong.
  const b = await post(
    township2,
    '/api/persons',
    personInput({
      idNumber: ID('34122119850707371'),
      name: '张三峰',
      hukouDivision: ORIGIN_COUNTY,
      residenceDivision: OTHER_TOWNSHIP,
    }),
  );
  expect(b.statusCode, b.body).toBe(201);
  second = b.json().person.id;
  await runDuplicatePass(env.ctx);
});
afterAll(() => env.close());

describe('duplicate candidates', () => {
  it('lists a mistyped number on create with the score parts', async () => {
    const res = await post(
      village,
      '/api/persons',
      personInput({ idNumber: ID('34122119850707391'), name: '张三丰', residenceDivision: VILLAGE }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const dup = res.json().duplicates.find((d: { id: string }) => d.id === first);
    expect(dup.reason.zh).toContain('身份证号仅差两位以内');
    expect(dup.score).toBeGreaterThanOrEqual(env.ctx.config.duplicates.candidate);
  });

  it('finds the pair across townships in the background pass, both records open to the county', async () => {
    const [pair] = ours(await queue(admin)).filter((p) => sideIds(p).includes(first) && sideIds(p).includes(second));
    expect(pair?.label.zh).toContain('拼音相同');
    expect(pair?.a.inScope && pair?.b.inScope).toBe(true);
  });

  it('shows the village its own record and only a masked summary of the other', async () => {
    const [pair] = ours(await queue(village)).filter((p) => !p.a.inScope || !p.b.inScope);
    const other = pair?.a.inScope ? pair.b : pair?.a;
    expect(other?.person).toBeNull();
    expect(other?.masked).toMatchObject({ name: '张**', birthYear: 1985 });
  });

  it('audits the list read for the records shown', async () => {
    await queue(village);
    const rows = await env.ctx.db
      .selectFrom('audit_log')
      .select('person_id')
      .where('action', '=', 'duplicate.list')
      .where('person_id', 'in', [first, second])
      .execute();
    expect(rows.map((r) => r.person_id)).toContain(first);
  });

  it('refuses "not a duplicate" when the other record is outside the scope', async () => {
    const [pair] = ours(await queue(village)).filter((p) => !p.a.inScope || !p.b.inScope);
    const res = await post(village, `/api/duplicates/${pair?.id}/not-duplicate`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('REFER_INSTEAD');
  });

  it('refers the pair to the other office, which sees it referred to it', async () => {
    const [pair] = ours(await queue(village)).filter(
      (p) => sideIds(p).includes(first) && !(p.a.inScope && p.b.inScope),
    );
    const res = await post(village, `/api/duplicates/${pair?.id}/refer`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().pair.status).toBe('referred');
    const theirs = (await queue(township2)).find((p) => p.id === pair?.id);
    expect(theirs).toMatchObject({ status: 'referred', referredToMe: true });
  });

  it('remembers "not a duplicate": a later pass does not show the pair again', async () => {
    const [pair] = ours(await queue(admin)).filter((p) => sideIds(p).includes(first) && sideIds(p).includes(second));
    const res = await post(admin, `/api/duplicates/${pair?.id}/not-duplicate`);
    expect(res.statusCode, res.body).toBe(200);
    const person = (
      await env.app.inject({ method: 'GET', url: `/api/persons/${second}`, headers: { cookie: admin } })
    ).json().person;
    const patched = await env.app.inject({
      method: 'PATCH',
      url: `/api/persons/${second}`,
      headers: { cookie: admin },
      payload: { version: person.version, phone: '13900002222' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await runDuplicatePass(env.ctx);
    expect((await queue(admin)).some((p) => p.id === pair?.id)).toBe(false);
    expect((await queue(admin, 'decided')).find((p) => p.id === pair?.id)?.status).toBe('not_duplicate');
  });

  it('closes the pairs of a merged record, and an unmerge reopens them', async () => {
    const [pair] = ours(await queue(admin)).filter((p) => sideIds(p).includes(first) && !sideIds(p).includes(second));
    const other = sideIds(pair as NonNullable<typeof pair>).find((id) => id !== first) as string;
    const merged = await post(admin, '/api/persons/merge', { survivorId: first, mergedId: other, fieldChoices: {} });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await queue(admin)).some((p) => p.id === pair?.id)).toBe(false);
    expect((await queue(admin, 'decided')).find((p) => p.id === pair?.id)?.status).toBe('merged');
    const undone = await post(admin, `/api/persons/merges/${merged.json().mergeId}/undo`);
    expect(undone.statusCode, undone.body).toBe(200);
    expect((await queue(admin)).find((p) => p.id === pair?.id)?.status).toBe('open');
  });
});
