/**
 * Demo activity for the statistics pages: certificates (properly signed), checks at the residence,
 * contraceptive counselling, check-ups and health education over the last twelve months, and a staff
 * assessment for 甬江街道. Deterministic for a seed; written in batches so the rollup triggers run per batch.
 */
import crypto from 'node:crypto';
import type { Insertable } from 'kysely';
import type { AppContext } from '../../context.ts';
import { expiryDate, formatCertificateNumber, maskName } from '../../core/certificate.ts';
import { idNumberHash, signPayload } from '../../core/certificate-payload.ts';
import { SeededRandom } from '../../core/demo-random.ts';
import type { MaritalStatus } from '../../core/person.ts';
import type { CertificateCheckTable, CertificateTable, ServiceRecordTable } from '../../db/schema.ts';
import { activeSigningKey } from '../certificates/index.ts';

const HOME = '330205';
const BATCH = 1000;

function shiftDays(today: Date, days: number): string {
  return new Date(today.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

/** Random numbers like real ones; the demo writes in batches, so a repeat is redrawn here instead. */
function freshNumber(taken: Set<string>, county6: string, year: number): string {
  let number = formatCertificateNumber(county6, year);
  while (taken.has(number)) number = formatCertificateNumber(county6, year);
  taken.add(number);
  return number;
}

export async function loadDemoActivity(ctx: AppContext, seed: number, today: Date): Promise<void> {
  const { db } = ctx;
  const rng = new SeededRandom(seed + 6);
  const admin = await db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  const women = await db
    .selectFrom('person')
    .select([
      'id',
      'id_number_enc',
      'id_masked',
      'name',
      'hukou_division',
      'residence_division',
      'marital_status',
      'children',
    ])
    .where('sex', '=', 'F')
    .where('marital_status', 'in', ['first_marriage', 'remarried'])
    .orderBy('birth_date')
    .orderBy('name')
    .orderBy('id_masked')
    .execute();
  const key = await activeSigningKey(db, ctx.pii);
  const certificates: Insertable<CertificateTable>[] = [];
  const taken = new Set<string>();
  const checks: Insertable<CertificateCheckTable>[] = [];
  const services: Insertable<ServiceRecordTable>[] = [];
  const thisYear = today.toISOString().slice(0, 4);
  const daysThisYear = Math.floor((today.getTime() - Date.parse(`${thisYear}-01-01`)) / 86_400_000);
  const service = (personId: string, division: string, kind: ServiceRecordTable['kind'], date: string, extra = {}) =>
    services.push({
      person_id: personId,
      division_code: division,
      kind,
      status: 'done',
      service_date: date,
      outcome: '{}',
      consent: true,
      created_by: admin.id,
      ...extra,
    });
  for (const w of women) {
    const outflow = w.hukou_division.startsWith(HOME) && !w.residence_division.startsWith(HOME);
    const inflow = w.residence_division.startsWith(HOME) && !w.hukou_division.startsWith(HOME);
    if (!outflow && !inflow) continue;
    const holds = rng.chance(outflow ? 0.93 : 0.7);
    if (holds) {
      const issuer = outflow ? `${w.hukou_division.slice(0, 9)}000` : `${w.hukou_division.slice(0, 6)}000000`;
      const issuedOn = shiftDays(today, rng.int(20, 600));
      const expiresOn = expiryDate(issuedOn, 36);
      const number = freshNumber(taken, issuer.slice(0, 6), Number(issuedOn.slice(0, 4)));
      const payload = signPayload(
        {
          number,
          kind: 'standard',
          maskedName: maskName(w.name),
          idHash: idNumberHash(number, ctx.pii.decrypt(w.id_number_enc)),
          maritalStatus: w.marital_status as MaritalStatus,
          childrenCount: w.children.length,
          issuerDivision: issuer,
          issuedOn,
          expiresOn,
        },
        key,
      );
      const facts = {
        number,
        kind: 'standard',
        name: w.name,
        maskedName: maskName(w.name),
        idNumberMasked: w.id_masked,
        sex: 'F',
        maritalStatus: w.marital_status,
        children: w.children.map((c) => ({ sex: c.sex, birthYear: Number(c.birthDate.slice(0, 4)) })),
        issuerDivision: issuer,
        issuerName: '计划生育办公室',
        issuedOn,
        expiresOn,
      };
      const id = crypto.randomUUID();
      certificates.push({
        id,
        number,
        person_id: w.id,
        division_code: issuer,
        kind: 'standard',
        issued_on: issuedOn,
        expires_on: expiresOn,
        facts: JSON.stringify(facts),
        payload,
        key_id: key.kid,
        issued_by: admin.id,
      });
      if (inflow && rng.chance(0.9)) {
        checks.push({
          division_code: w.residence_division,
          person_id: w.id,
          certificate_id: id,
          number_presented: number,
          method: rng.chance(0.7) ? 'qr' : 'number',
          result: 'valid',
          checked_by: admin.id,
          checked_at: new Date(`${shiftDays(today, rng.int(0, 360))}T10:00:00+08:00`),
        });
      }
    } else if (inflow && rng.chance(0.3)) {
      checks.push({
        division_code: w.residence_division,
        person_id: w.id,
        method: 'none_held',
        result: 'none_held',
        checked_by: admin.id,
        checked_at: new Date(`${shiftDays(today, rng.int(0, 360))}T10:00:00+08:00`),
      });
    }
    if (rng.chance(inflow ? 0.88 : 0.9)) {
      service(w.id, w.residence_division, 'contraceptive_counselling', shiftDays(today, rng.int(0, 360)), {
        contraceptive_in_use: rng.chance(0.93),
      });
    }
    if (inflow) {
      const r = rng.int(0, 99);
      if (r < 84)
        service(w.id, w.residence_division, 'reproductive_checkup', shiftDays(today, rng.int(0, daysThisYear)));
      else if (r < 88) {
        service(w.id, w.residence_division, 'reproductive_checkup', shiftDays(today, rng.int(0, daysThisYear)), {
          status: 'declined',
        });
      }
      if (rng.chance(0.3)) service(w.id, w.residence_division, 'health_education', shiftDays(today, rng.int(0, 360)));
    }
  }
  await inBatches(certificates, (b) => db.insertInto('certificate').values(b).execute());
  await inBatches(
    certificates.map((c) => ({
      certificate_id: c.id as string,
      person_id: c.person_id,
      division_code: c.division_code,
      kind: 'issued' as const,
      actor_id: admin.id,
    })),
    (b) => db.insertInto('certificate_event').values(b).execute(),
  );
  await inBatches(checks, (b) => db.insertInto('certificate_check').values(b).execute());
  await inBatches(services, (b) => db.insertInto('service_record').values(b).execute());
  await loadDemoAssessment(ctx, rng, Number(thisYear));
}

const STAFF = ['张敏', '李娜', '王芳', '刘洋', '陈静', '杨丽', '赵磊', '黄婷'];

/** Report 4's scheme for 甬江街道's community staff, this year and last (to show the two-year flag). */
async function loadDemoAssessment(ctx: AppContext, rng: SeededRandom, year: number): Promise<void> {
  const rows = [year - 1, year].flatMap((y) =>
    STAFF.map((name, i) => ({
      division_code: '330205005000',
      year: y,
      staff_name: name,
      // The last name stays last both years, so the demo shows the flag.
      discipline_score: i === STAFF.length - 1 ? 62 : rng.int(75, 98),
      work_score: i === STAFF.length - 1 ? 58 : rng.int(70, 97),
    })),
  );
  await ctx.db.insertInto('staff_assessment').values(rows).execute();
}
