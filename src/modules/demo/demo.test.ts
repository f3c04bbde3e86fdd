import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { TEST_DEMO_PERSONS, TEST_SEED } from '../../../test/support/template.ts';
import { SeededRandom } from '../../core/demo-random.ts';
import { demoPerson, demoPools } from './demo.generator.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('demo county', () => {
  it('has the requested number of people, inflow from the four origin provinces and outflow from 江北区', async () => {
    const rows = await env.ctx.db.selectFrom('person').select(['hukou_division', 'residence_division']).execute();
    expect(rows).toHaveLength(TEST_DEMO_PERSONS);
    const inflow = rows.filter(
      (r) => r.residence_division.startsWith('330205') && !r.hukou_division.startsWith('330205'),
    );
    const outflow = rows.filter(
      (r) => r.hukou_division.startsWith('330205') && !r.residence_division.startsWith('330205'),
    );
    expect(inflow.length).toBeGreaterThan(rows.length / 2);
    expect(outflow.length).toBeGreaterThan(0);
    const provinces = new Set(inflow.map((r) => r.hukou_division.slice(0, 2)));
    expect([...provinces].sort()).toEqual(['33', '34', '41', '52']);
  });

  it('has every demo user bound to the right division', async () => {
    const users = await env.ctx.db
      .selectFrom('app_user')
      .select(['username', 'role', 'division_code'])
      .orderBy('username')
      .execute();
    expect(users).toEqual(
      expect.arrayContaining([
        { username: 'admin', role: 'county_admin', division_code: '330205000000' },
        { username: 'township', role: 'township_officer', division_code: '330205005000' },
        { username: 'township2', role: 'township_officer', division_code: '330205003000' },
        { username: 'village', role: 'village_manager', division_code: '330205005003' },
      ]),
    );
    expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(['provider', 'dept', 'auditor']));
  });

  it('is deterministic: regenerating with the seed gives exactly the stored people', async () => {
    const pools = await demoPools(env.ctx.db);
    const stored = await env.ctx.db.selectFrom('person').select(['id_number_enc', 'name', 'hukou_division']).execute();
    const rng = new SeededRandom(TEST_SEED);
    const used = new Set<string>();
    // Ages and dates depend on "today"; identity, name and origin do not, except through the birth date.
    const regenerated = Array.from({ length: TEST_DEMO_PERSONS }, () => demoPerson(rng, new Date(), used, pools));
    const key = (name: string, hukou: string) => `${name}|${hukou}`;
    expect(stored.map((r) => key(r.name, r.hukou_division)).sort()).toEqual(
      regenerated.map((p) => key(p.name, p.hukou)).sort(),
    );
  });

  it('differs for another seed', async () => {
    const pools = await demoPools(env.ctx.db);
    const a = demoPerson(new SeededRandom(1), new Date(), new Set(), pools);
    const b = demoPerson(new SeededRandom(2), new Date(), new Set(), pools);
    expect(a.idNumber).not.toBe(b.idNumber);
  });
});
