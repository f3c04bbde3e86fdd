/** Downloads are named by division, not code, RFC 5987 encoded (the console saves them under these names). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './support/context.ts';

let env: TestEnv;
let village: string;

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
});
afterAll(() => env.close());

/** The UTF-8 file name of a response's Content-Disposition. */
async function fileName(url: string): Promise<string> {
  const res = await env.app.inject({ method: 'GET', url, headers: { cookie: village } });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const header = String(res.headers['content-disposition']);
  expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''/);
  return decodeURIComponent(header.split("filename*=UTF-8''")[1] ?? '');
}

describe('download names', () => {
  it('names a monthly report by the division and month', async () => {
    expect(await fileName('/api/stats/reports/monthly?period=2026-11&format=xlsx')).toBe('梅堰社区-2026-11-月报.xlsx');
  });

  it('names a person export by the division, not its code', async () => {
    const name = await fileName('/api/exports/persons?division=330205005003&format=csv');
    expect(name).toMatch(/^梅堰社区-流动人口-\d{4}-\d{2}-\d{2}\.csv$/);
  });
});
