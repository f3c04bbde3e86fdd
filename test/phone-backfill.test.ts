import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptClearPhones } from '../src/modules/persons/persons.backfill.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('phone encryption backfill', () => {
  it('encrypts phone numbers stored in clear text by an older version, and only those', async () => {
    const [a, b] = await env.ctx.db.selectFrom('person').select(['id', 'phone']).orderBy('id').limit(2).execute();
    await sql`UPDATE person SET phone = '13511112222' WHERE id = ${a?.id}::uuid`.execute(env.ctx.db);
    expect(await encryptClearPhones(env.ctx)).toBe(1);
    const after = await env.ctx.db
      .selectFrom('person')
      .select(['id', 'phone'])
      .where('id', 'in', [a?.id as string, b?.id as string])
      .execute();
    const first = after.find((r) => r.id === a?.id);
    expect(first?.phone).toMatch(/^v1\./);
    expect(env.ctx.pii.decrypt(first?.phone as string)).toBe('13511112222');
    expect(after.find((r) => r.id === b?.id)?.phone).toBe(b?.phone);
    expect(await encryptClearPhones(env.ctx)).toBe(0);
  });
});
