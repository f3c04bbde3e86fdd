/**
 * Demo community work for the demo county (called once from demo.generator.ts after the people exist):
 * households and twelve-household groups with a year's duty rota in the communities of 甬江街道 and 孔浦街道,
 * village representatives, a few duty logs and visits, employers and landlords linked to demo people with
 * cooperation agreements, and outreach events in every township. Deterministic for a seed and a "today".
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { addDays } from '../../core/certificate.ts';
import { chineseName, EMPLOYERS, isoFromDate, phoneNumber } from '../../core/demo-people.ts';
import { SeededRandom } from '../../core/demo-random.ts';
import { generateRoster } from '../../core/roster.ts';
import type { Database, OutreachKind } from '../../db/schema.ts';
import { completeSeededRegistration } from '../persons/index.ts';

/** Townships whose communities get households and groups (the demo users' 甬江街道 and 孔浦街道). */
const GROUP_TOWNSHIPS = ['330205005', '330205003'];
const GROUP_SIZE = 12;

export async function loadCommunityDemo(db: Kysely<Database>, seed: number, today: Date): Promise<void> {
  const rng = new SeededRandom(seed + 9);
  const day = isoFromDate(today);
  const month = day.slice(0, 7);
  const admin = await db.selectFrom('app_user').select('id').where('username', '=', 'village').executeTakeFirst();
  const by = admin?.id ?? null;

  // Employers: one registry entry per demo employer, filed under a community, linked to the people
  // whose free-text employer names it.
  const villages = (
    await db
      .selectFrom('division')
      .select('code')
      .where('level', '=', 5)
      .where('code', 'like', '330205%')
      .orderBy('code')
      .execute()
  ).map((r) => r.code);
  if (villages.length === 0) return;
  const demoVillage = villages.includes('330205005003') ? '330205005003' : (villages[0] as string);
  const employerIds: string[] = [];
  for (const [i, name] of EMPLOYERS.entries()) {
    if (name === '个体经营') continue;
    const division = i < 3 ? demoVillage : rng.pick(villages);
    const row = await db
      .insertInto('employer_landlord')
      .values({
        kind: 'employer',
        division_code: division,
        name,
        address: `江北区${['人民路', '康庄南路', '北环东路', '庆丰路'][i % 4]}${rng.int(1, 600)}号`,
        contact_name: `${chineseName(rng, rng.chance(0.5) ? 'M' : 'F')}（人事）`,
        contact_phone: `0574-8${rng.int(1000000, 9999999)}`,
        industry: name.includes('工地')
          ? '建筑'
          : name.includes('物流') || name.includes('快递')
            ? '物流'
            : '制造/服务',
        created_by: by,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    employerIds.push(row.id);
    await completeSeededRegistration(db, { employer_id: row.id }, { employer: name, residencePrefix: '330205' });
    const kinds = (['distribution_point', 'pays_free_services', 'onsite_service_days'] as const).filter(
      (_, k) => (i + k) % 3 !== 2,
    );
    for (const kind of kinds) {
      await db
        .insertInto('cooperation_agreement')
        .values({
          party_id: row.id,
          division_code: division,
          kind,
          signed_on: addDays(day, -rng.int(30, 300)),
          valid_until: addDays(day, rng.int(60, 400)),
          service_days_per_year: kind === 'onsite_service_days' ? rng.int(2, 6) : null,
          details:
            kind === 'distribution_point'
              ? '在员工宿舍设免费避孕药具发放点'
              : kind === 'pays_free_services'
                ? '承担本单位已婚育龄职工免费体检以外的检查费用'
                : '每季度在厂区开展生殖健康咨询和免费体检',
          created_by: by,
        })
        .execute();
    }
  }

  for (const township of GROUP_TOWNSHIPS) {
    for (const village of villages.filter((v) => v.startsWith(township))) {
      await villageDemo(db, rng, village, month, day, by, village === demoVillage);
    }
  }

  // Outreach events in every township: the 条例 publicity month, Spring Festival outreach, March 8 service day.
  const townships = [...new Set(villages.map((v) => `${v.slice(0, 9)}000`))];
  const year = Number(day.slice(0, 4));
  for (const township of townships) {
    const events: [OutreachKind, string, string, string][] = [
      ['holiday', '春节返乡流动人口宣传服务', `${year}-02-0${rng.int(1, 9)}`, '街道便民服务中心广场'],
      ['womens_day', '三八妇女节生殖健康服务日', `${year}-03-08`, '社区卫生服务中心'],
      ['regulation_month', '流动人口计划生育服务宣传月', `${year}-09-${rng.int(10, 28)}`, '街道文化广场咨询台'],
    ];
    for (const [kind, title, heldOn, place] of events) {
      if (heldOn > day) continue;
      await db
        .insertInto('outreach_event')
        .values({
          division_code: township,
          kind,
          title,
          place,
          held_on: heldOn,
          materials_count: rng.int(15, 60) * 10,
          materials: '宣传手册、计划生育知识100问、免费服务项目告知单',
          attendance: rng.int(40, 260),
          services_count: rng.int(0, 40),
          created_by: by,
        })
        .execute();
    }
  }
  if (employerIds.length > 0) {
    await db
      .insertInto('outreach_event')
      .values({
        division_code: demoVillage,
        kind: 'onsite_service_day',
        title: '走进企业：免费生殖健康检查和咨询',
        place: EMPLOYERS[0] ?? '企业',
        held_on: addDays(day, -rng.int(10, 60)),
        materials_count: 120,
        materials: '生殖健康知识手册',
        attendance: 64,
        services_count: 38,
        party_id: employerIds[0] as string,
        created_by: by,
      })
      .execute();
  }
}

async function villageDemo(
  db: Kysely<Database>,
  rng: SeededRandom,
  village: string,
  month: string,
  day: string,
  by: string | null,
  detailed: boolean,
): Promise<void> {
  const people = await db
    .selectFrom('person')
    .select(['id', 'residence_address', 'landlord'])
    .where('residence_division', '=', village)
    .where('departed_on', 'is', null)
    .where('residence_address', 'is not', null)
    .orderBy('residence_address')
    .orderBy('id')
    .execute();
  if (people.length === 0) return;
  const reps: string[] = [];
  for (let i = 0; i < 2; i++) {
    const rep = await db
      .insertInto('village_representative')
      .values({
        division_code: village,
        name: chineseName(rng, rng.chance(0.5) ? 'M' : 'F'),
        phone: phoneNumber(rng),
        created_by: by,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    reps.push(rep.id);
  }
  // Landlords: the first few distinct landlord names in the community get registry entries.
  const landlordIds = new Map<string, string>();
  for (const p of people) {
    if (!p.landlord || landlordIds.has(p.landlord) || landlordIds.size >= (detailed ? 6 : 2)) continue;
    const row = await db
      .insertInto('employer_landlord')
      .values({
        kind: 'landlord',
        division_code: village,
        name: p.landlord.replace('（房东）', ''),
        address: p.residence_address,
        contact_phone: phoneNumber(rng),
        notes: '出租房屋流动人口服务联系人',
        created_by: by,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    landlordIds.set(p.landlord, row.id);
  }
  // One household per rented address, the person as its head; neighbours (by address) form groups of 12.
  const households = people.map((p, i) => ({
    id: crypto.randomUUID(),
    personId: p.id,
    address: p.residence_address as string,
    landlordId: p.landlord ? (landlordIds.get(p.landlord) ?? null) : null,
    representativeId: reps[Math.floor(i / GROUP_SIZE) % reps.length] ?? null,
  }));
  for (const landlordId of new Set(households.flatMap((h) => (h.landlordId ? [h.landlordId] : [])))) {
    const ids = households.filter((h) => h.landlordId === landlordId).map((h) => h.personId);
    await completeSeededRegistration(db, { landlord_id: landlordId }, { ids });
  }
  const groupCount = Math.floor(households.length / GROUP_SIZE) || (households.length >= 3 ? 1 : 0);
  const groups = Array.from({ length: groupCount }, (_, g) => ({
    id: crypto.randomUUID(),
    name: `第${g + 1}联勤小组`,
    members:
      g === groupCount - 1 ? households.slice(g * GROUP_SIZE) : households.slice(g * GROUP_SIZE, (g + 1) * GROUP_SIZE),
  }));
  if (groups.length > 0) {
    await db
      .insertInto('household_group')
      .values(groups.map((g) => ({ id: g.id, division_code: village, name: g.name, created_by: by })))
      .execute();
  }
  const placeOf = new Map<string, { groupId: string; position: number }>();
  for (const g of groups)
    for (const [i, m] of g.members.entries()) placeOf.set(m.id, { groupId: g.id, position: i + 1 });
  await db
    .insertInto('household')
    .values(
      households.map((h) => ({
        id: h.id,
        division_code: village,
        address: h.address,
        group_id: placeOf.get(h.id)?.groupId ?? null,
        group_position: placeOf.get(h.id)?.position ?? null,
        representative_id: h.representativeId,
        landlord_id: h.landlordId,
        created_by: by,
      })),
    )
    .execute();
  await db
    .insertInto('household_member')
    .values(
      households.map((h) => ({
        person_id: h.personId,
        household_id: h.id,
        division_code: village,
        relation: 'head' as const,
      })),
    )
    .execute();
  // The first February inside the rota: a few households go home for the Spring Festival and keep their place.
  const festival = `${Number(month.slice(0, 4)) + (month.slice(5) > '02' ? 1 : 0)}-02`;
  for (const g of groups) {
    await db
      .updateTable('household_group')
      .set({ leader_household_id: g.members[0]?.id ?? null })
      .where('id', '=', g.id)
      .execute();
    const away = new Set<string>(g.members.filter((_, i) => i % 5 === 3).map((m) => m.id));
    if (away.size > 0) {
      await db
        .insertInto('household_absence')
        .values(
          [...away].map((id) => ({
            household_id: id,
            division_code: village,
            from_month: festival,
            to_month: festival,
            reason: '春节返乡',
            created_by: by,
          })),
        )
        .execute();
    }
    const rota = generateRoster(
      g.members.map((m, i) => ({ id: m.id, position: i + 1, lastDutyMonth: null })),
      month,
      12,
      (id, m) => m === festival && away.has(id),
    );
    await db
      .insertInto('duty_roster')
      .values(
        rota.map((r) => ({
          group_id: g.id,
          month: r.month,
          division_code: village,
          household_id: r.householdId,
          skipped: r.skipped,
          generated_by: by,
        })),
      )
      .execute();
    if (detailed) {
      await db
        .insertInto('duty_log')
        .values({
          group_id: g.id,
          household_id: rota[0]?.householdId ?? null,
          division_code: village,
          duty_date: day,
          activities: '走访本组住户，登记新搬来住户1户，提醒2名已婚育龄妇女参加免费体检',
          issues: rng.chance(0.5) ? '楼道堆放杂物，已告知房东清理' : null,
          created_by: by,
        })
        .execute();
    }
  }
  if (detailed) {
    const purposes = ['arrival_registration', 'service_reminder', 'health_education', 'contraceptive_supply'] as const;
    const outcomes = ['met', 'met', 'service_booked', 'not_home'] as const;
    for (const [i, h] of households.slice(0, 8).entries()) {
      await db
        .insertInto('visit')
        .values({
          division_code: village,
          person_id: h.personId,
          household_id: h.id,
          representative_id: reps[i % reps.length] ?? null,
          visited_on: addDays(day, -rng.int(1, 40)),
          purpose: purposes[i % purposes.length] as (typeof purposes)[number],
          outcome: outcomes[i % outcomes.length] as (typeof outcomes)[number],
          notes: i % 2 === 0 ? '已告知免费体检和药具发放点' : null,
          created_by: by,
        })
        .execute();
    }
  }
}
