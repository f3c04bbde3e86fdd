import { type RawBuilder, sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import type { Database } from '../../db/schema.ts';
import { scoped } from '../../db/scoped.ts';
import { nameBirthMatchesManyQuery } from '../import/index.ts';
import { nameBirthMatchesQuery } from './persons.repository.ts';

// The duplicate check on create and import must find people through person_name_idx by name, not by
// filtering every person of a birth date: that cost seconds per import batch at 100,000 persons.
let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

/** The plan's index conditions when the table may not be scanned (the test database is small). */
async function indexConditions(query: (trx: Transaction<Database>) => RawBuilder<unknown>): Promise<string[]> {
  return env.ctx.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${query(trx)}`.execute(trx);
    return plan.rows.map((r) => r['QUERY PLAN']).filter((line) => line.includes('Index Cond'));
  });
}

it('looks up a name and birth date on create through the name index', async () => {
  const conditions = await indexConditions(
    (trx) => sql`${nameBirthMatchesQuery(scoped(trx, '330200000000'), '张伟', '1990-01-01')}`,
  );
  expect(conditions.join('\n')).toMatch(/name.*=.*张伟/);
});

it('looks up a batch of names and birth dates on import through the name index', async () => {
  const conditions = await indexConditions(() =>
    nameBirthMatchesManyQuery('3302', [
      { name: '张伟', birthDate: '1990-01-01' },
      { name: '王芳', birthDate: '1988-03-02' },
    ]),
  );
  expect(conditions.join('\n')).toMatch(/name.*=.*t\.name/);
});
