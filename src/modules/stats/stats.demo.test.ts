import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { loadDemoActivity } from './stats.demo.ts';
import { rebuildRollups, rollupSnapshot } from './stats.repository.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await loadDemoActivity(env.ctx, 4242, new Date());
});
afterAll(() => env.close());

describe('demo activity', () => {
  it('gives the demo county realistic rates', async () => {
    const cookie = await env.login('admin');
    const res = await env.app.inject({ method: 'GET', url: '/api/stats/dashboard', headers: { cookie } });
    const rates = Object.fromEntries(
      res.json().keyRates.map((r: { code: string; value: number }) => [r.code, r.value]),
    );
    expect(rates.certificate_rate).toBeGreaterThan(70);
    expect(rates.checkup_coverage).toBeGreaterThan(60);
    expect(rates.verification_rate).toBeGreaterThan(40);
  });

  it('leaves the rollups equal to a rebuild after the bulk inserts', async () => {
    const before = await rollupSnapshot(env.ctx.db);
    await env.ctx.db.transaction().execute(async (trx) => {
      await rebuildRollups(trx);
      expect(await rollupSnapshot(trx)).toEqual(before);
    });
  });
});
