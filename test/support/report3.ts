/**
 * Test data for statistics, built with the demo generator's building blocks (never part of the default demo).
 * It lives in test/support, not in the stats module, because the demo generator seeds statistics: a stats
 * fixture that used the demo module made the two modules a cycle.
 * `loadReport3` builds the town of report 3: 3,200 floating people; 1,500 outflow married women of
 * childbearing age, 1,488 holding a valid certificate, 1,430 using contraception (99.2% and 95.33%).
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../src/context.ts';
import { birthDateForAge, makeIdNumber } from '../../src/core/demo-people.ts';
import { SeededRandom } from '../../src/core/demo-random.ts';
import { activeSigningKey } from '../../src/modules/certificates/index.ts';
import { demoPerson, demoPools, toRow } from '../../src/modules/demo/demo.generator.ts';
import { type NewPerson, registerMany } from '../../src/modules/persons/index.ts';
import { upsertUser } from '../../src/modules/users/index.ts';

export const REPORT3_USER = 'report3';

export interface Report3 {
  township: string;
  townshipName: string;
  username: string;
  year: number;
}

/** The first township of 宁波市海曙区 (330203): loaded with the national levels 1–4, empty in the demo. */
async function emptyTownship(ctx: AppContext) {
  return ctx.db
    .selectFrom('division')
    .select(['code', 'name'])
    .where('code', 'like', '330203%')
    .where('level', '=', 4)
    .orderBy('code')
    .executeTakeFirstOrThrow();
}

export async function loadReport3(ctx: AppContext, password: string, today = new Date()): Promise<Report3> {
  const town = await emptyTownship(ctx);
  await upsertUser(ctx.db, {
    username: REPORT3_USER,
    displayName: `${town.name}计生办`,
    role: 'township_officer',
    divisionCode: town.code,
    password,
  });
  const admin = await ctx.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', REPORT3_USER)
    .executeTakeFirstOrThrow();
  const rng = new SeededRandom(3);
  const pools = await demoPools(ctx.db);
  const used = new Set<string>();
  const women: NewPerson[] = [];
  const others: NewPerson[] = [];
  const changes = JSON.stringify({ source: { from: null, to: 'report3' } });
  for (let i = 0; i < 3200; i++) {
    const base = demoPerson(rng, today, used, pools);
    const isWoman = i < 1500;
    const sex = isWoman ? 'F' : 'M';
    const birthDate = birthDateForAge(rng, rng.int(22, 45), today);
    const person = {
      ...base,
      sex,
      birthDate,
      idNumber: makeIdNumber(rng, town.code.slice(0, 6), birthDate, sex, used),
      hukou: town.code,
      // Living in 江北区 (a real residence elsewhere): outflow for the town, inflow for 江北区.
      residence: rng.pick(pools.homeVillages),
      marital: isWoman ? ('first_marriage' as const) : base.marital,
      spouseBirthDate: isWoman ? base.spouseBirthDate : null,
    } as typeof base;
    const target = isWoman ? women : others;
    target.push({ id: crypto.randomUUID(), row: toRow(ctx, person, admin.id), changes });
  }
  for (let i = 0; i < women.length + others.length; i += 1000) {
    const batch = [...women, ...others].slice(i, i + 1000);
    await ctx.db.transaction().execute((trx) => registerMany(trx, batch, { actorId: admin.id }));
  }
  const year = today.getUTCFullYear();
  const key = await activeSigningKey(ctx.db, ctx.pii);
  const holders = women.slice(0, 1488).map((w) => w.id);
  await sql`INSERT INTO certificate (number, person_id, division_code, kind, issued_on, expires_on, facts, payload, key_id)
    SELECT 'R3' || lpad(n::text, 6, '0'), t.id, ${town.code}, 'standard', ${`${year}-01-15`}::date,
      ${`${year + 2}-01-14`}::date, '{}'::jsonb, 'fixture', ${key.kid}
    FROM unnest(${holders}::uuid[]) WITH ORDINALITY AS t(id, n)`.execute(ctx.db);
  // Everyone had contraceptive counselling; the latest answer counts, so some users said "no" once before.
  const women1500 = women.map((w) => w.id);
  const using = women1500.slice(0, 1430);
  const residenceOf = new Map(women.map((w) => [w.id, w.row.residence_division]));
  const service = (ids: string[], date: string, inUse: boolean) =>
    sql`INSERT INTO service_record (person_id, division_code, kind, status, service_date, contraceptive_in_use, consent)
      SELECT t.id, t.division, 'contraceptive_counselling', 'done', ${date}::date, ${inUse}, true
      FROM unnest(${ids}::uuid[], ${ids.map((id) => residenceOf.get(id) as string)}::text[]) AS t(id, division)`.execute(
      ctx.db,
    );
  await service(using.slice(0, 200), `${year}-02-01`, false);
  await service(using, `${year}-03-01`, true);
  await service(women1500.slice(1430), `${year}-03-01`, false);
  return { township: town.code, townshipName: town.name, username: REPORT3_USER, year };
}
