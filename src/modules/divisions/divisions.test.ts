import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';

let env: TestEnv;
let cookie: string;
beforeAll(async () => {
  env = await createTestEnv();
  cookie = await env.login('village');
});
afterAll(() => env.close());

const get = (url: string) => env.app.inject({ method: 'GET', url, headers: { cookie } });

describe('division tree', () => {
  it('lists the provinces at the root', async () => {
    const items = (await get('/api/divisions/root/children')).json().items as { name: string; level: number }[];
    expect(items.length).toBeGreaterThanOrEqual(31);
    expect(items.map((i) => i.name)).toContain('浙江省');
  });

  it('lists the demo county’s townships and streets', async () => {
    const items = (await get('/api/divisions/330205000000/children')).json().items as {
      name: string;
      hasChildren: boolean;
    }[];
    expect(items.map((i) => i.name)).toEqual(expect.arrayContaining(['甬江街道', '孔浦街道', '慈城镇']));
    expect(items).toHaveLength(8);
    expect(items.every((i) => i.hasChildren)).toBe(true);
  });

  it('holds the 152 communities of 江北区', async () => {
    const rows = await env.ctx.db
      .selectFrom('division')
      .select('code')
      .where('code', 'like', '330205%')
      .where('level', '=', 5)
      .execute();
    expect(rows).toHaveLength(152);
  });

  it('gives a node with its path from the province down', async () => {
    const body = (await get('/api/divisions/330205005003')).json();
    expect(body.path.map((p: { name: string }) => p.name)).toEqual([
      '浙江省',
      '宁波市',
      '江北区',
      '甬江街道',
      '梅堰社区',
    ]);
    expect(body.division.fullName).toBe('浙江省宁波市江北区甬江街道梅堰社区');
  });

  it('searches by name prefix, pinyin initials and code prefix', async () => {
    const byName = (await get(`/api/divisions?q=${encodeURIComponent('甬江')}`)).json().items;
    expect(byName.map((i: { code: string }) => i.code)).toContain('330205005000');
    const byInitials = (await get('/api/divisions?q=yjjd&limit=5')).json().items;
    expect(byInitials[0].code).toBe('330205005000');
    const byCode = (await get('/api/divisions?q=3302050')).json().items;
    expect(byCode.every((i: { code: string }) => i.code.startsWith('3302050'))).toBe(true);
  });

  it('answers 404 for an unknown code and 400 for a malformed one', async () => {
    expect((await get('/api/divisions/999999000000/children')).statusCode).toBe(404);
    const bad = await get('/api/divisions/12ab/children');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('code');
  });
});
