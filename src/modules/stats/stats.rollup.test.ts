/**
 * The rollups kept by triggers equal a full recomputation after any series of writes: random inserts,
 * updates, moves, departures, deletions, certificates issued and revoked, checks and services (fast-check).
 * Checked two ways: against `stat_rebuild()` (same SQL, whole tables), and against counts computed here in
 * TypeScript from the raw rows with the core flow rule, which shares no code with the triggers.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { flowDirection } from '../../core/person.ts';
import { activeSigningKey } from '../certificates/index.ts';
import { rebuildRollups, rollupSnapshot } from './stats.repository.ts';

let env: TestEnv;
let keyId: string;
let actorId: string;
beforeAll(async () => {
  env = await createTestEnv();
  keyId = (await activeSigningKey(env.ctx.db, env.ctx.pii)).kid;
  actorId = (
    await env.ctx.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()
  ).id;
  const villages = (prefix: string, n: number) =>
    db()
      .selectFrom('division')
      .select('code')
      .where('code', 'like', `${prefix}%`)
      .where('level', '=', 5)
      .orderBy('code')
      .limit(n)
      .execute();
  PLACES.push(
    ...(await villages('330205005', 2)).map((r) => r.code),
    ...(await villages('330205003', 1)).map((r) => r.code),
    '330205003000',
    '341221000000',
    '310115000000',
  );
  expect(PLACES).toHaveLength(6);
});
afterAll(() => env.close());

// A few places on both sides: villages and townships of 江北区, an origin county, a township elsewhere.
const PLACES: string[] = [];
const place = fc.integer({ min: 0, max: 5 }).map((i) => PLACES[i] as string);
const MARITAL = ['unmarried', 'first_marriage', 'remarried', 'divorced'] as const;

const personArb = fc.record({
  hukou: place,
  residence: place,
  sex: fc.constantFrom('M' as const, 'F' as const),
  birthYear: fc.integer({ min: 1960, max: 2012 }),
  marital: fc.constantFrom(...MARITAL),
  spouseBirthYear: fc.option(fc.integer({ min: 1965, max: 2008 }), { nil: null }),
});

const opArb = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), people: fc.array(personArb, { minLength: 1, maxLength: 4 }) }),
  fc.record({ op: fc.constant('move' as const), pick: fc.nat(), residence: place }),
  fc.record({ op: fc.constant('marry' as const), pick: fc.nat(), marital: fc.constantFrom(...MARITAL) }),
  fc.record({ op: fc.constant('depart' as const), pick: fc.nat(), departed: fc.boolean() }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('certify' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('revoke' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('check' as const), pick: fc.nat() }),
  fc.record({
    op: fc.constant('service' as const),
    pick: fc.nat(),
    kind: fc.constantFrom('contraceptive_counselling' as const, 'reproductive_checkup' as const),
    inUse: fc.boolean(),
    month: fc.integer({ min: 1, max: 12 }),
  }),
  fc.record({ op: fc.constant('unservice' as const), pick: fc.nat() }),
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

let serial = 0;
const db = () => env.ctx.db;

async function pickPerson(pick: number): Promise<string | null> {
  const rows = await db().selectFrom('person').select('id').where('id_hash', 'like', 'prop-%').orderBy('id').execute();
  return rows.length ? (rows[pick % rows.length]?.id ?? null) : null;
}

async function apply(op: Op): Promise<void> {
  if (op.op === 'insert') {
    // Several rows in one statement, as the importer and the demo write them.
    await db()
      .insertInto('person')
      .values(
        op.people.map((p) => ({
          id_number_enc: 'x',
          id_hash: `prop-${++serial}`,
          id_prefix_hashes: [],
          id_masked: 'x',
          name: '性质',
          name_initials: 'xz',
          name_pinyin: 'xingzhi',
          sex: p.sex,
          birth_date: `${p.birthYear}-06-15`,
          hukou_division: p.hukou,
          residence_division: p.residence,
          marital_status: p.marital,
          spouse_birth_date: p.spouseBirthYear ? `${p.spouseBirthYear}-03-01` : null,
          arrived_on: '2026-05-01',
          children: '[]',
        })),
      )
      .execute();
    return;
  }
  const id = await pickPerson(op.pick);
  if (!id) return;
  const person = db().updateTable('person').where('id', '=', id);
  switch (op.op) {
    case 'move':
      await person.set({ residence_division: op.residence }).execute();
      break;
    case 'marry':
      await person.set({ marital_status: op.marital }).execute();
      break;
    case 'depart':
      await person.set({ departed_on: op.departed ? '2026-06-01' : null }).execute();
      break;
    case 'delete':
      await db().deleteFrom('person').where('id', '=', id).execute();
      break;
    case 'certify':
      await db()
        .updateTable('certificate')
        .set({ status: 'replaced' })
        .where('person_id', '=', id)
        .where('status', '=', 'valid')
        .execute();
      await db()
        .insertInto('certificate')
        .values({
          number: `PROP${++serial}`,
          person_id: id,
          division_code: '330205005000',
          kind: 'standard',
          issued_on: '2026-03-01',
          expires_on: '2099-01-01',
          facts: '{}',
          payload: 'x',
          key_id: keyId,
        })
        .execute();
      break;
    case 'revoke':
      await db()
        .updateTable('certificate')
        .set({ status: 'revoked' })
        .where('person_id', '=', id)
        .where('status', '=', 'valid')
        .execute();
      break;
    case 'check':
      await db()
        .insertInto('certificate_check')
        .values({
          division_code: '330205005003',
          person_id: id,
          method: 'number',
          result: 'valid',
          checked_by: actorId,
        })
        .execute();
      break;
    case 'service':
      await db()
        .insertInto('service_record')
        .values({
          person_id: id,
          division_code: '330205005003',
          kind: op.kind,
          status: 'done',
          service_date: `2026-${String(op.month).padStart(2, '0')}-10`,
          outcome: '{}',
          contraceptive_in_use: op.kind === 'contraceptive_counselling' ? op.inUse : null,
          consent: true,
        })
        .execute();
      break;
    case 'unservice':
      await sql`DELETE FROM service_record WHERE id = (SELECT id FROM service_record WHERE person_id = ${id} LIMIT 1)`.execute(
        db(),
      );
      break;
  }
}

/** Inflow/outflow counts by division, from raw rows, with core's flowDirection at each ancestor. */
async function countsFromRawRows(): Promise<Map<string, number>> {
  const people = await db()
    .selectFrom('person')
    .select(['id', 'hukou_division', 'residence_division', 'sex', 'marital_status', 'departed_on'])
    .where('departed_on', 'is', null)
    .execute();
  const certified = new Set(
    (await db().selectFrom('certificate').select('person_id').where('status', '=', 'valid').execute()).map(
      (r) => r.person_id,
    ),
  );
  const ancestors = (code: string) =>
    [2, 4, 6, 9, 12].map((n) => code.slice(0, n).padEnd(12, '0')).filter((c, i, all) => all.indexOf(c) === i);
  const out = new Map<string, number>();
  const add = (key: string) => out.set(key, (out.get(key) ?? 0) + 1);
  for (const p of people) {
    const places = new Set([...ancestors(p.hukou_division), ...ancestors(p.residence_division)]);
    for (const place of places) {
      const flow = flowDirection(p.hukou_division, p.residence_division, place);
      if (flow === 'inflow') add(`pop.in|${place}`);
      if (flow === 'outflow') {
        add(`pop.out|${place}`);
        const married = p.marital_status === 'first_marriage' || p.marital_status === 'remarried';
        if (p.sex === 'F' && married && certified.has(p.id)) add(`mwcba_cert.out|${place}`);
      }
    }
  }
  return out;
}

async function countsFromRollup(): Promise<Map<string, number>> {
  const rows = await sql<{ measure: string; division_code: string; n: string }>`SELECT measure, division_code,
      sum(value) AS n FROM stat_rollup WHERE measure IN ('pop.in', 'pop.out', 'mwcba_cert.out') AND period = ''
      GROUP BY 1, 2 HAVING sum(value) <> 0`.execute(db());
  return new Map(rows.rows.map((r) => [`${r.measure}|${r.division_code}`, Number(r.n)]));
}

describe('incremental rollups', () => {
  it('equal a full rebuild and a count from raw rows after random writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
        for (const op of ops) await apply(op);
        const incremental = await rollupSnapshot(db());
        const fromRows = await countsFromRawRows();
        expect(await countsFromRollup()).toEqual(fromRows);
        await db()
          .transaction()
          .execute(async (trx) => {
            await rebuildRollups(trx);
            expect(await rollupSnapshot(trx)).toEqual(incremental);
          });
      }),
      { numRuns: 25, seed: 20261129 },
    );
  }, 240_000);

  it('leave nothing behind when the people they count are deleted', async () => {
    await db().deleteFrom('person').where('id_hash', 'like', 'prop-%').execute();
    await db()
      .transaction()
      .execute(async (trx) => {
        const before = await rollupSnapshot(trx);
        await rebuildRollups(trx);
        expect(await rollupSnapshot(trx)).toEqual(before);
      });
  });
});

describe('a new event source (how pending indicators get their data)', () => {
  it('is counted by month and place at every level after one registration call, and rebuilt the same', async () => {
    await sql`CREATE TABLE test_birth_registration (id serial PRIMARY KEY, division_code text NOT NULL,
      registered_on date NOT NULL, status text NOT NULL)`.execute(db());
    await sql`SELECT stat_register_event_source('test_birth', 'test_birth_registration', 'division_code',
      'x.registered_on', 'NULL', 'x.status = ''registered''', '1')`.execute(db());
    await sql`INSERT INTO test_birth_registration (division_code, registered_on, status) VALUES
      ('330205005003', '2026-03-02', 'registered'), ('330205003001', '2026-03-20', 'registered'),
      ('330205005003', '2026-03-21', 'submitted')`.execute(db());
    await sql`UPDATE test_birth_registration SET status = 'registered' WHERE status = 'submitted'`.execute(db());
    const county = await sql<{ value: string }>`SELECT value FROM stat_rollup
      WHERE measure = 'test_birth' AND division_code = '330205000000' AND period = '2026-03'`.execute(db());
    expect(Number(county.rows[0]?.value)).toBe(3);
    const before = await rollupSnapshot(db());
    await db()
      .transaction()
      .execute(async (trx) => {
        await rebuildRollups(trx);
        expect(await rollupSnapshot(trx)).toEqual(before);
      });
  });
});
