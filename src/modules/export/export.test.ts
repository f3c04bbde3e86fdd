import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';

let env: TestEnv;
const VILLAGE = '330205005003';

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function exportCsv(user: string, query: string) {
  const cookie = await env.login(user);
  return env.app.inject({ method: 'GET', url: `/api/exports/persons?format=csv&${query}`, headers: { cookie } });
}

function dataLines(body: string): string[][] {
  return body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(','));
}

describe('GET /api/exports/persons', () => {
  it('exports every person of the division with masked ID numbers by default', async () => {
    const res = await exportCsv('village', `division=${VILLAGE}`);
    expect(res.statusCode).toBe(200);
    const lines = dataLines(res.body);
    expect(lines.length).toBe(Number(res.headers['x-total-rows']));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => /^\d{6}\*{8}\d{3}[\dX]$/.test(l[1] ?? ''))).toBe(true);
  });

  it('answers 404 for a division outside the user scope', async () => {
    const res = await exportCsv('village', 'division=330205003000');
    expect(res.statusCode).toBe(404);
  });

  it('refuses full ID numbers to a village manager', async () => {
    const res = await exportCsv('village', `division=${VILLAGE}&idNumbers=full`);
    expect(res.statusCode).toBe(403);
  });

  it('audits a full-ID export once per person exported', async () => {
    const res = await exportCsv('township', `division=${VILLAGE}&idNumbers=full`);
    const lines = dataLines(res.body);
    expect(lines.every((l) => /^\d{17}[\dX]$/.test(l[1] ?? ''))).toBe(true);
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'person.export_id_number')
      .executeTakeFirstOrThrow();
    expect(Number(audit.n)).toBe(lines.length);
  });
});
