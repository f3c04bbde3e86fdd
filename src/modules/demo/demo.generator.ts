/**
 * The demo county: 宁波市江北区 (330205) with its townships and communities, inflow people from real
 * origin divisions in Anhui, Henan, Guizhou and Zhejiang, and outflow people living elsewhere.
 * Deterministic for a given seed and size.
 */
import crypto from 'node:crypto';
import { type Insertable, type Kysely, sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import {
  adultAge,
  birthDateForAge,
  childrenFor,
  chineseName,
  DEMO_PASSWORD,
  EMPLOYERS,
  isoFromDate,
  makeIdNumber,
  maritalFor,
  phoneNumber,
  STREETS,
} from '../../core/demo-people.ts';
import { SeededRandom } from '../../core/demo-random.ts';
import { type HousingType, isMarried, type MaritalStatus } from '../../core/person.ts';
import type { ChildRecord, Database, PersonTable, Role } from '../../db/schema.ts';
import { SYSTEM_ACTOR, writeAudit } from '../audit/index.ts';
import { loadPortalDemo } from '../complaints/complaints.demo.ts';
import { loadDivisions } from '../divisions/index.ts';
import { loadDemoExchange } from '../exchange/exchange.demo.ts';
import { loadCommunityDemo } from '../households/community.demo.ts';
import {
  encryptPhone,
  idNumberColumns,
  type NewPerson,
  nameColumns,
  registerMany,
  spouseIdColumns,
} from '../persons/index.ts';
import { loadServicesDemo } from '../services/services.demo.ts';
import { pauseRollups, resumeRollups } from '../stats/index.ts';
import { loadDemoActivity } from '../stats/stats.demo.ts';
import { upsertUser } from '../users/index.ts';

export const DEMO_COUNTY = '330205000000';
/** Re-exported for the suites in test/ and bench/, which import the generator directly. */
export { DEMO_PASSWORD };

/** Origin counties of inflow people, weighted roughly like the source reports' migrant origins. */
const ORIGIN_COUNTIES: readonly (readonly [string, number])[] = [
  ['341221', 16], // 安徽省阜阳市临泉县
  ['341222', 10], // 安徽省阜阳市太和县
  ['341225', 8], // 安徽省阜阳市阜南县
  ['411525', 12], // 河南省信阳市固始县
  ['411627', 8], // 河南省周口市太康县
  ['520502', 10], // 贵州省毕节市七星关区
  ['520526', 8], // 贵州省毕节市威宁县
  ['330825', 5], // 浙江省衢州市龙游县
  ['331023', 5], // 浙江省台州市天台县
];

/** Where the county's outflow people live now (township level). */
const OUTFLOW_COUNTIES = ['310115', '330106', '320505', '440306'];

export const DEMO_USERS: readonly { username: string; displayName: string; role: Role; divisionCode: string }[] = [
  { username: 'admin', displayName: '江北区卫健局管理员', role: 'county_admin', divisionCode: DEMO_COUNTY },
  { username: 'township', displayName: '甬江街道计生办', role: 'township_officer', divisionCode: '330205005000' },
  { username: 'township2', displayName: '孔浦街道计生办', role: 'township_officer', divisionCode: '330205003000' },
  { username: 'village', displayName: '梅堰社区专职管理员', role: 'village_manager', divisionCode: '330205005003' },
  { username: 'provider', displayName: '甬江街道社区卫生服务中心', role: 'provider', divisionCode: '330205005000' },
  { username: 'dept', displayName: '江北区公安分局（核验）', role: 'dept_verifier', divisionCode: DEMO_COUNTY },
  { username: 'auditor', displayName: '江北区审计员', role: 'auditor', divisionCode: DEMO_COUNTY },
];

export async function demoUsersExist(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where(
      'username',
      'in',
      DEMO_USERS.map((u) => u.username),
    )
    .executeTakeFirst();
  return row !== undefined;
}

export interface DemoOptions {
  persons: number;
  seed: number;
  onProgress?: ((done: number, total: number, stage: string) => void) | undefined;
  /** Fixes "today" for reproducible ages and dates in tests. */
  today?: Date;
  /** Also certificates, checks, services and a staff assessment (statistics demo); off for the test template. */
  activity?: boolean;
}

const BATCH = 2000;
const DEMO_CHANGES = JSON.stringify({ source: { from: null, to: 'demo' } });

async function codesUnder(db: Kysely<Database>, prefix: string, level: number): Promise<string[]> {
  const rows = await db
    .selectFrom('division')
    .select('code')
    .where('code', 'like', `${prefix}%`)
    .where('level', '=', level)
    .orderBy('code')
    .execute();
  return rows.map((r) => r.code);
}

export async function loadDemo(ctx: AppContext, options: DemoOptions): Promise<{ persons: number }> {
  const { db } = ctx;
  const today = options.today ?? new Date();
  const progress = options.onProgress;
  await loadDivisions(db, {
    villagesUnder: ['330205', ...ORIGIN_COUNTIES.map(([c]) => c)],
    onProgress: (d, t) => progress?.(d, t, 'divisions'),
  });
  for (const user of DEMO_USERS) await upsertUser(db, { ...user, password: DEMO_PASSWORD });

  const rng = new SeededRandom(options.seed);
  const pools = await demoPools(db);

  const used = new Set<string>();
  const admin = await db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  let done = 0;
  // Statistics: one rebuild at the end instead of maintaining the rollups batch by batch (see migration T09).
  await pauseRollups(db);
  try {
    done = await writePeople(ctx, options, rng, today, used, pools, admin.id);
    if (options.activity) {
      progress?.(0, 1, 'activity');
      await loadDemoActivity(ctx, options.seed, today);
    }
  } finally {
    progress?.(0, 1, 'statistics');
    await resumeRollups(db);
  }
  // Planner statistics for the rows just written. Before autovacuum got to it, a 1M-person load planned a name
  // search through the whole county's division indexes: p95 123 ms, against 5 ms once analyzed. VACUUM too: the
  // employer links rewrite about half the people, and a 1M load left 577k dead rows for searches to step over.
  progress?.(0, 1, 'vacuum');
  await sql`VACUUM ANALYZE`.execute(db);
  progress?.(1, 1, 'vacuum');
  await writeAudit(db, SYSTEM_ACTOR, {
    action: 'demo.load',
    details: { persons: options.persons, seed: options.seed },
  });
  return { persons: done };
}

async function writePeople(
  ctx: AppContext,
  options: DemoOptions,
  rng: SeededRandom,
  today: Date,
  used: Set<string>,
  pools: DemoPools,
  adminId: string,
): Promise<number> {
  const { db } = ctx;
  const progress = options.onProgress;
  let done = 0;
  // Generate batch n+1 (CPU: names, encryption, blind indexes) while batch n is written (database),
  // with one unnest() INSERT per table per batch: fast enough for 1M persons on PostgreSQL.
  let writing: Promise<void> = Promise.resolve();
  while (done < options.persons) {
    const size = Math.min(BATCH, options.persons - done);
    const people: NewPerson[] = [];
    for (let i = 0; i < size; i++) {
      people.push({
        id: crypto.randomUUID(),
        row: toRow(ctx, demoPerson(rng, today, used, pools), adminId),
        changes: DEMO_CHANGES,
      });
    }
    await writing;
    writing = db.transaction().execute((trx) => registerMany(trx, people, { actorId: adminId }));
    done += size;
    const reached = done;
    void writing.then(
      () => progress?.(reached, options.persons, 'persons'),
      () => undefined,
    );
  }
  await writing;
  await loadCommunityDemo(db, options.seed, today);
  await loadPortalDemo(ctx, today);
  await loadServicesDemo(ctx, { seed: options.seed, today });
  await loadDemoExchange(ctx, options.persons);
  return done;
}

export interface DemoPools {
  homeVillages: string[];
  originVillages: Map<string, string[]>;
  outflowTownships: string[];
}

export async function demoPools(db: Kysely<Database>): Promise<DemoPools> {
  const originVillages = new Map<string, string[]>();
  for (const [county] of ORIGIN_COUNTIES) originVillages.set(county, await codesUnder(db, county, 5));
  return {
    homeVillages: await codesUnder(db, '330205', 5),
    originVillages,
    outflowTownships: (await Promise.all(OUTFLOW_COUNTIES.map((c) => codesUnder(db, c, 4)))).flat(),
  };
}

/** Plain facts of one demo person; everything random comes from `rng`, so a seed fixes the county. */
export interface DemoPerson {
  idNumber: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  hukou: string;
  residence: string;
  address: string | null;
  arrivedOn: string;
  marital: MaritalStatus;
  spouseName: string | null;
  spouseIdNumber: string | null;
  spouseBirthDate: string | null;
  children: ChildRecord[];
  phone: string;
  employer: string | null;
  landlord: string | null;
  housingType: HousingType | null;
}

export function demoPerson(rng: SeededRandom, today: Date, used: Set<string>, pools: DemoPools): DemoPerson {
  const outflow = rng.chance(0.2);
  const originCounty = rng.weighted(ORIGIN_COUNTIES);
  const hukou = outflow
    ? rng.pick(pools.homeVillages)
    : rng.pick(pools.originVillages.get(originCounty) ?? pools.homeVillages);
  const residence = outflow ? rng.pick(pools.outflowTownships) : rng.pick(pools.homeVillages);
  const sex = rng.chance(outflow ? 0.54 : 0.48) ? 'M' : 'F';
  const age = adultAge(rng);
  const birthDate = birthDateForAge(rng, age, today);
  const idNumber = makeIdNumber(rng, hukou.slice(0, 6), birthDate, sex, used);
  const name = chineseName(rng, sex);
  const marital = maritalFor(rng, age);
  const married = isMarried(marital);
  const spouseSex = sex === 'M' ? 'F' : 'M';
  const spouseAge = Math.max(20, age + (sex === 'M' ? -rng.int(0, 4) : rng.int(0, 4)));
  const spouseBirthDate = married ? birthDateForAge(rng, spouseAge, today) : null;
  const spouseIdNumber = spouseBirthDate
    ? makeIdNumber(rng, hukou.slice(0, 6), spouseBirthDate, spouseSex, used)
    : null;
  const motherAge = sex === 'F' ? age : spouseAge;
  const hasFamily = married || marital === 'divorced' || marital === 'widowed';
  const arrived = new Date(today.getTime() - rng.int(1, 5 * 365) * 86_400_000);
  const person: DemoPerson = {
    idNumber,
    name,
    sex,
    birthDate,
    hukou,
    residence,
    address: outflow ? null : `${rng.pick(STREETS)}${rng.int(1, 999)}号${rng.int(1, 30)}幢${rng.int(101, 1808)}室`,
    arrivedOn: isoFromDate(arrived),
    marital,
    spouseName: married ? chineseName(rng, spouseSex) : null,
    spouseIdNumber,
    spouseBirthDate,
    children: hasFamily ? childrenFor(rng, motherAge, today) : [],
    phone: phoneNumber(rng),
    employer: rng.chance(0.8) ? rng.pick(EMPLOYERS) : null,
    landlord: !outflow && rng.chance(0.6) ? `${chineseName(rng, rng.chance(0.5) ? 'M' : 'F')}（房东）` : null,
    housingType: outflow
      ? null
      : rng.weighted<HousingType>([
          ['rented', 60],
          ['employer_dorm', 25],
          ['relative', 8],
          ['own', 4],
          ['other', 3],
        ]),
  };
  // Drawn as before so the rest of the demo stays the same; nobody in their own home has a landlord.
  if (person.housingType === 'own') person.landlord = null;
  return person;
}

export function toRow(
  ctx: AppContext,
  p: DemoPerson,
  actorId: string,
): Insertable<PersonTable> & { id_prefix_hashes: string[] } {
  return {
    ...idNumberColumns(ctx.pii, p.idNumber),
    ...nameColumns(p.name),
    sex: p.sex,
    birth_date: p.birthDate,
    hukou_division: p.hukou,
    residence_division: p.residence,
    residence_address: p.address,
    arrived_on: p.arrivedOn,
    departed_on: null,
    marital_status: p.marital,
    spouse_id: null,
    spouse_name: p.spouseName,
    ...spouseIdColumns(ctx.pii, p.spouseIdNumber),
    spouse_birth_date: p.spouseBirthDate,
    children: JSON.stringify(p.children),
    phone: encryptPhone(ctx.pii, p.phone),
    employer: p.employer,
    landlord: p.landlord,
    housing_type: p.housingType,
    created_by: actorId,
  };
}
