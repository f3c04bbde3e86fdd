/**
 * Demo data for services (issue 4), deterministic for a seed: a health centre per township (the demo provider
 * works at 甬江's), check-ups and counselling for married women who arrived, ~40 distribution points with
 * stock (a few below their restock threshold), and birth registrations in every review state.
 */
import { type Insertable, sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { addDays, maskName } from '../../core/certificate.ts';
import { idNumberHash } from '../../core/certificate-payload.ts';
import { SeededRandom } from '../../core/demo-random.ts';
import { formatBirthNumber, signBirthPayload } from '../../core/services-birth.ts';
import type { PointKind, SupplyItem } from '../../core/services-supply.ts';
import type { ServiceRecordTable, StockMovementTable } from '../../db/schema.ts';
import { activeSigningKey } from '../certificates/index.ts';

const COUNTY = '330205';
const PROVIDER_TOWNSHIP = '330205005000';

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

async function chunked<T>(rows: T[], size: number, write: (part: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

export async function loadServicesDemo(ctx: AppContext, options: { seed: number; today: Date }): Promise<void> {
  const { db } = ctx;
  const rng = new SeededRandom(options.seed ^ 0x5e41ce);
  const today = isoDay(options.today);
  const admin = await db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();

  // Facilities: one health centre per township, and the county maternal and child health hospital.
  const townships = await db
    .selectFrom('division')
    .select(['code', 'name'])
    .where('parent_code', '=', `${COUNTY}000000`)
    .orderBy('code')
    .execute();
  const facilities = await db
    .insertInto('facility')
    .values([
      ...townships.map((t) => ({
        name: `${t.name}社区卫生服务中心`,
        division_code: t.code,
        kind: 'health_centre' as const,
      })),
      { name: '江北区妇幼保健院', division_code: `${COUNTY}000000`, kind: 'maternal_child_hospital' as const },
    ])
    .onConflict((oc) => oc.columns(['division_code', 'name']).doNothing())
    .returning(['id', 'division_code'])
    .execute();
  const centreOf = new Map(facilities.map((f) => [f.division_code, f.id]));
  const providerFacility = centreOf.get(PROVIDER_TOWNSHIP);
  if (providerFacility) {
    await db
      .updateTable('app_user')
      .set({ facility_id: providerFacility })
      .where('username', '=', 'provider')
      .execute();
  }

  // People living in the county who arrived from elsewhere: married women of childbearing age, and young workers.
  const minBirth = `${Number(today.slice(0, 4)) - 49}${today.slice(4)}`;
  const women = await db
    .selectFrom('person')
    .select(['id', 'residence_division', 'arrived_on', 'birth_date', 'spouse_id', 'name', 'id_number_enc', 'children'])
    .where('residence_division', 'like', `${COUNTY}%`)
    .where('hukou_division', 'not like', `${COUNTY}%`)
    .where('sex', '=', 'F')
    .where('marital_status', 'in', ['first_marriage', 'remarried'])
    .where('birth_date', '>=', minBirth)
    .where('arrived_on', 'is not', null)
    .orderBy('id_masked')
    .orderBy('name')
    .orderBy('birth_date')
    .limit(1500)
    .execute();
  const services: Insertable<ServiceRecordTable>[] = [];
  const referrals: { person_id: string; division_code: string; facility_id: string; kind: 'reproductive_checkup' }[] =
    [];
  for (const w of women) {
    const arrived = w.arrived_on as string;
    const centre = centreOf.get(`${w.residence_division.slice(0, 9)}000`) ?? null;
    const roll = rng.next();
    if (roll < 0.6) {
      const date = minDate(addDays(arrived, rng.int(3, 40)), today);
      const declined = rng.chance(0.06);
      services.push({
        person_id: w.id,
        division_code: w.residence_division,
        kind: 'reproductive_checkup',
        status: declined ? 'declined' : 'done',
        service_date: date,
        facility_id: declined ? null : centre,
        outcome: JSON.stringify(declined ? {} : { result: 'normal', referralAdvised: rng.chance(0.08) }),
        next_due_on: addDays(date, 182),
        consent: !declined,
        created_by: admin.id,
      });
      // A later periodic check-up for some.
      const later = addDays(date, 182 + rng.int(-10, 20));
      if (!declined && later <= today && rng.chance(0.5)) {
        services.push({
          person_id: w.id,
          division_code: w.residence_division,
          kind: 'reproductive_checkup',
          status: 'done',
          service_date: later,
          facility_id: centre,
          outcome: JSON.stringify({ result: 'normal', referralAdvised: false }),
          next_due_on: addDays(later, 182),
          consent: true,
          created_by: admin.id,
        });
      }
    } else if (roll < 0.7 && centre) {
      referrals.push({
        person_id: w.id,
        division_code: w.residence_division,
        facility_id: centre,
        kind: 'reproductive_checkup',
      });
    }
    if (rng.chance(0.45)) {
      const date = minDate(addDays(arrived, rng.int(10, 200)), today);
      services.push({
        person_id: w.id,
        division_code: w.residence_division,
        kind: 'contraceptive_counselling',
        status: 'done',
        service_date: date,
        facility_id: centre,
        outcome: JSON.stringify({ methodDiscussed: rng.pick(['condom', 'oral_pill', 'iud', 'implant']) }),
        // Report 3: 1,430 of 1,500 using contraception (95.33%).
        contraceptive_in_use: rng.chance(0.95),
        next_due_on: addDays(date, 365),
        consent: true,
        created_by: admin.id,
      });
    }
    if (rng.chance(0.08)) {
      const date = minDate(addDays(arrived, rng.int(5, 300)), today);
      services.push({
        person_id: w.id,
        division_code: w.residence_division,
        kind: 'health_education',
        status: 'done',
        service_date: date,
        outreach_event: rng.pick(['企业健康服务日', '社区生殖健康讲座', '工地健康宣传']),
        outcome: JSON.stringify({ topic: '生殖健康', form: 'lecture' }),
        consent: true,
        created_by: admin.id,
      });
    }
  }
  // Mental-health counselling for young migrant workers (report 4), with a case plan and a follow-up date.
  const young = await db
    .selectFrom('person')
    .select(['id', 'residence_division', 'arrived_on'])
    .where('residence_division', 'like', `${COUNTY}%`)
    .where('hukou_division', 'not like', `${COUNTY}%`)
    .where('birth_date', '>=', `${Number(today.slice(0, 4)) - 28}${today.slice(4)}`)
    .where('arrived_on', 'is not', null)
    .orderBy('id_masked')
    .orderBy('name')
    .limit(30)
    .execute();
  for (const y of young) {
    const date = minDate(addDays(y.arrived_on as string, rng.int(20, 120)), today);
    const followUp = addDays(today, rng.int(-10, 25));
    services.push({
      person_id: y.id,
      division_code: y.residence_division,
      kind: 'mental_health_counselling',
      status: 'done',
      service_date: date,
      facility_id: centreOf.get(`${y.residence_division.slice(0, 9)}000`) ?? null,
      outcome: JSON.stringify({ casePlan: '适应城市生活压力，每月随访', followUpWeeks: 4, closed: false }),
      next_due_on: followUp > date ? followUp : addDays(date, 30),
      consent: true,
      created_by: admin.id,
    });
  }
  // The demo's check-ups, counselling and education are basic public health services: paid from those funds.
  await chunked(services, 1000, (part) =>
    db
      .insertInto('service_record')
      .values(part.map((r) => ({ ...r, payer: r.status === 'done' ? ('public_health_funds' as const) : null })))
      .execute(),
  );
  await chunked(referrals, 1000, (part) =>
    db
      .insertInto('service_referral')
      .values(part.map((r) => ({ ...r, referred_by: admin.id })))
      .execute(),
  );

  // The portal demo's slots (published by name before the facilities existed) reach their facility's providers.
  await sql`UPDATE service_slot s SET facility_id = f.id FROM facility f
    WHERE s.facility_id IS NULL AND f.name = s.facility
      AND substr(f.division_code, 1, 6) = substr(s.division_code, 1, 6)`.execute(db);

  await loadPointsDemo(ctx, rng, options.today, admin.id);
  await loadBirthsDemo(ctx, women, today, admin.id);
}

const EMPLOYER_POINTS = ['宁波甬江电器有限公司', '宁波江北某某模具有限公司', '宁波某某服装厂', '宁波北站物流园'];
const SITE_POINTS = ['江北万达二期工地', '康庄南路地铁工地', '湾头安置房工地'];
const BUS_POINTS = ['江北区客运中心', '宁波北站公交枢纽', '庄桥公交首末站'];

async function loadPointsDemo(ctx: AppContext, rng: SeededRandom, now: Date, adminId: string) {
  const { db } = ctx;
  const villages = await db
    .selectFrom('division')
    .select(['code', 'name'])
    .where('code', 'like', `${COUNTY}%`)
    .where('level', '=', 5)
    .orderBy('code')
    .execute();
  // The demo village (梅堰社区) first, then every fifth community.
  const chosen = [
    ...villages.filter((v) => v.code === '330205005003'),
    ...villages.filter((v, i) => i % 5 === 0 && v.code !== '330205005003'),
  ].slice(0, 30);
  const points: { name: string; kind: PointKind; division: string; location: string; keeper: string }[] = [];
  const keeperNames = ['王秀英', '李建华', '张丽', '陈国强', '刘芳', '杨明', '赵红', '周伟'];
  for (const v of chosen) {
    points.push({
      name: `${v.name}计生服务室`,
      kind: 'community',
      division: v.code,
      location: `${v.name}居委会一楼`,
      keeper: rng.pick(keeperNames),
    });
  }
  const spread = (list: string[], kind: PointKind, location: (n: string) => string) => {
    for (const name of list) {
      const v = rng.pick(villages);
      points.push({
        name: `${name}发放点`,
        kind,
        division: v.code,
        location: location(name),
        keeper: rng.pick(keeperNames),
      });
    }
  };
  spread(EMPLOYER_POINTS, 'employer', (n) => `${n}职工宿舍`);
  spread(SITE_POINTS, 'construction_site', (n) => `${n}生活区`);
  spread(BUS_POINTS, 'bus_terminus', (n) => `${n}候车厅自助发放机`);
  const rows = await db
    .insertInto('distribution_point')
    .values(
      points.map((p) => ({
        division_code: p.division,
        name: p.name,
        kind: p.kind,
        location: p.location,
        keeper: p.keeper,
        restock_threshold: 30,
        created_by: adminId,
        // Set up before the first delivery below (at most 120 days back), so the points stand in the statistics
        // (supply_points counts a point from the month it was set up) whenever their stock does.
        created_at: new Date(now.getTime() - 121 * 86_400_000),
      })),
    )
    .returning(['id', 'division_code'])
    .execute();
  const movements: Insertable<StockMovementTable>[] = [];
  const balances: { point_id: string; item: SupplyItem; division_code: string; balance: number }[] = [];
  rows.forEach((p, index) => {
    for (const item of ['male_condom', 'oral_pill', 'female_condom'] as const) {
      if (item === 'female_condom' && index % 3 !== 0) continue;
      let balance = 0;
      const received = rng.int(150, 500);
      const start = new Date(now.getTime() - rng.int(60, 120) * 86_400_000);
      balance += received;
      movements.push({
        point_id: p.id,
        item,
        division_code: p.division_code,
        kind: 'received',
        quantity: received,
        delta: received,
        balance_after: balance,
        reason: '区计生药具站配送',
        actor_id: adminId,
        at: start,
      });
      // Every fourth point has run low, so the restock alert shows.
      const target = index % 4 === 1 ? rng.int(0, 25) : rng.int(40, 200);
      let day = 1;
      while (balance > target) {
        const qty = Math.min(balance - target, rng.int(5, 40));
        balance -= qty;
        movements.push({
          point_id: p.id,
          item,
          division_code: p.division_code,
          kind: 'dispensed',
          quantity: qty,
          delta: -qty,
          balance_after: balance,
          recipients: Math.max(1, Math.round(qty / 10)),
          actor_id: adminId,
          at: new Date(start.getTime() + day * 86_400_000),
        });
        day += rng.int(1, 4);
      }
      balances.push({ point_id: p.id, item, division_code: p.division_code, balance });
    }
  });
  await db.insertInto('stock_balance').values(balances).execute();
  await chunked(movements, 1000, (part) => db.insertInto('stock_movement').values(part).execute());
}

type DemoWoman = {
  id: string;
  residence_division: string;
  spouse_id: string | null;
  name: string;
  id_number_enc: string;
  children: { birthDate: string }[];
  birth_date: string;
};

async function loadBirthsDemo(ctx: AppContext, women: DemoWoman[], today: string, adminId: string) {
  const { db } = ctx;
  const inYongjiang = women.filter((w) => w.residence_division.startsWith('330205005')).slice(0, 12);
  const states = [
    'submitted',
    'submitted',
    'submitted',
    'needs_info',
    'needs_info',
    'registered',
    'registered',
    'registered',
    'registered',
    'withdrawn',
    'submitted',
    'registered',
  ] as const;
  const key = await activeSigningKey(db, ctx.pii);
  for (const [i, w] of inYongjiang.entries()) {
    const status = states[i] ?? 'submitted';
    const number = formatBirthNumber(COUNTY, Number(today.slice(0, 4)));
    const born = i % 2 === 0;
    const submitted = new Date(`${addDays(today, -(5 + i * 3))}T09:00:00Z`);
    const registeredAt = status === 'registered' ? new Date(submitted.getTime() + 2 * 86_400_000) : null;
    const payload =
      registeredAt !== null
        ? signBirthPayload(
            {
              number,
              maskedName: maskName(w.name),
              idHash: idNumberHash(number, ctx.pii.decrypt(w.id_number_enc)),
              office: '330205005000',
              registeredOn: isoDay(registeredAt),
              childOrder: w.children.length + 1,
            },
            key,
          )
        : null;
    const row = await db
      .insertInto('birth_registration')
      .values({
        number,
        person_id: w.id,
        spouse_person_id: w.spouse_id,
        division_code: '330205005000',
        place_basis: 'residence',
        channel: i % 3 === 0 ? 'online' : 'counter',
        status,
        child_order: Math.min(w.children.length + 1, 20),
        child_born_on: born ? addDays(today, -(20 + i * 5)) : null,
        child_sex: born ? (i % 4 === 0 ? 'M' : 'F') : null,
        expected_on: born ? null : addDays(today, 60 + i * 7),
        pledge: i % 4 === 1,
        prefilled: JSON.stringify({ childrenCount: w.children.length }),
        message: status === 'needs_info' ? '请补充上传户口簿本人页，或签署承诺书代替' : null,
        payload,
        key_id: payload ? key.kid : null,
        submitted_at: submitted,
        registered_at: registeredAt,
        withdrawn_at: status === 'withdrawn' ? new Date(submitted.getTime() + 86_400_000) : null,
        created_by: adminId,
      })
      .returning(['id', 'division_code'])
      .executeTakeFirstOrThrow();
    const events: {
      action: string;
      from_status: string | null;
      to_status: string;
      message: string | null;
      at: Date;
    }[] = [{ action: 'submit', from_status: null, to_status: 'submitted', message: null, at: submitted }];
    const later = (days: number) => new Date(submitted.getTime() + days * 86_400_000);
    if (status === 'needs_info')
      events.push({
        action: 'request_info',
        from_status: 'submitted',
        to_status: 'needs_info',
        message: '请补充上传户口簿本人页，或签署承诺书代替',
        at: later(1),
      });
    if (status === 'registered')
      events.push({
        action: 'register',
        from_status: 'submitted',
        to_status: 'registered',
        message: null,
        at: later(2),
      });
    if (status === 'withdrawn')
      events.push({
        action: 'withdraw',
        from_status: 'submitted',
        to_status: 'withdrawn',
        message: null,
        at: later(1),
      });
    await db
      .insertInto('birth_registration_event')
      .values(
        events.map((e) => ({ ...e, registration_id: row.id, division_code: row.division_code, actor_id: adminId })),
      )
      .execute();
  }
}
