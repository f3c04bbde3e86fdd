/**
 * PostgreSQL only (PGlite has one connection, so two transactions never wait on each other): two transactions
 * that lock the same two people in opposite orders deadlock; PostgreSQL aborts one, and `db.transaction()` runs
 * the victim again, so both writers succeed instead of one answering 500.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './support/context.ts';
import { databaseUrl } from './support/template.ts';

let env: TestEnv;

describe.runIf(databaseUrl())('transactions that lose a deadlock', () => {
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(() => env.close());

  it('are run again, and both writers commit', async () => {
    const [a, b] = await env.ctx.db.selectFrom('person').select('id').orderBy('id').limit(2).execute();
    if (!a || !b) throw new Error('the demo county has fewer than two people');
    let runs = 0;
    let bothHoldOne: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => {
      let held = 0;
      bothHoldOne = () => {
        held++;
        if (held === 2) resolve();
      };
    });
    const lockInOrder = (first: string, second: string) =>
      env.ctx.db.transaction().execute(async (trx) => {
        runs++;
        await sql`SELECT id FROM person WHERE id = ${first} FOR UPDATE`.execute(trx);
        bothHoldOne();
        // Only the first attempts wait for each other: a retried victim must go straight through.
        if (runs <= 2) await holding;
        await sql`SELECT id FROM person WHERE id = ${second} FOR UPDATE`.execute(trx);
        return first;
      });
    const results = await Promise.all([lockInOrder(a.id, b.id), lockInOrder(b.id, a.id)]);
    expect(results).toEqual([a.id, b.id]);
    expect(runs).toBe(3);
  });
});
