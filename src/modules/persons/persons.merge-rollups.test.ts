/**
 * The statistics rollups, kept by triggers, equal a full rebuild after any series of merges and unmerges of demo
 * people (fast-check): a tombstone leaves the counts, its rows count for the survivor, and an unmerge puts both back.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { rebuildRollups, rollupSnapshot } from '../stats/index.ts';
import { MERGE_FIELD_NAMES } from './persons.schema.ts';

let env: TestEnv;
let township: string;
let people: string[] = [];

beforeAll(async () => {
  env = await createTestEnv();
  township = await env.login('township');
  // Demo people of 甬江街道, registered or living there: inflow, outflow and local people alike.
  people = (
    await env.ctx.db
      .selectFrom('person as p')
      .select('p.id')
      .where((eb) =>
        eb.or([eb('p.hukou_division', 'like', '330205005%'), eb('p.residence_division', 'like', '330205005%')]),
      )
      .orderBy('p.id')
      .limit(40)
      .execute()
  ).map((r) => r.id);
  expect(people.length).toBe(40);
});
afterAll(() => env.close());

const opArb = fc.oneof(
  fc.record({
    op: fc.constant('merge' as const),
    survivor: fc.nat(),
    merged: fc.nat(),
    take: fc.subarray([...MERGE_FIELD_NAMES]),
  }),
  fc.record({ op: fc.constant('unmerge' as const), pick: fc.nat() }),
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

const merges: string[] = [];
/** How many merges and unmerges went through, so a run of nothing but refusals cannot pass. */
const done = { merged: 0, unmerged: 0 };

async function apply(op: Op): Promise<void> {
  if (op.op === 'merge') {
    const survivorId = people[op.survivor % people.length] as string;
    const mergedId = people[op.merged % people.length] as string;
    if (survivorId === mergedId) return;
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/persons/merge',
      headers: { cookie: township },
      payload: {
        survivorId,
        mergedId,
        reason: '性质测试',
        fieldChoices: Object.fromEntries(op.take.map((f) => [f, 'merged'])),
      },
    });
    // A tombstone, two valid certificates or two households are refused (409); a survivor that took a residence
    // and a household registration from elsewhere left the township's scope (404). Anything else must work.
    expect([200, 404, 409], res.body).toContain(res.statusCode);
    if (res.statusCode === 200) {
      merges.push(res.json().mergeId);
      done.merged++;
    }
    return;
  }
  if (merges.length === 0) return;
  const [mergeId] = merges.splice(op.pick % merges.length, 1);
  const res = await env.app.inject({
    method: 'POST',
    url: `/api/persons/merges/${mergeId}/undo`,
    headers: { cookie: township },
  });
  // Undoing an older merge whose survivor was merged or changed since is refused; the merge then stays.
  expect([200, 404, 409], res.body).toContain(res.statusCode);
  if (res.statusCode === 200) done.unmerged++;
  else merges.push(mergeId as string);
}

describe('rollups after merges and unmerges', () => {
  it('equal a full rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 6 }), async (ops) => {
        for (const op of ops) await apply(op);
        const incremental = await rollupSnapshot(env.ctx.db);
        await env.ctx.db.transaction().execute(async (trx) => {
          await rebuildRollups(trx);
          expect(await rollupSnapshot(trx)).toEqual(incremental);
        });
      }),
      { numRuns: 12, seed: 20261209 },
    );
    expect(done.merged).toBeGreaterThanOrEqual(2);
    expect(done.unmerged).toBeGreaterThan(0);
  }, 300_000);
});
