/**
 * Public verification of a birth registration's QR code or number, on the same page and endpoints as
 * certificates (/verify, GET /api/verify/:number, POST /api/verify) and with the same signing keys.
 * Masked data only; a registration that is not (or no longer) registered answers "not found". As for
 * certificates, a number alone gets the status; the masked name, ID number and child order need the QR payload
 * or the number plus the holder's birth date.
 */

import type { AppContext } from '../../context.ts';
import { maskName, VERIFICATION_LABELS } from '../../core/certificate.ts';
import { extractPayload } from '../../core/certificate-payload.ts';
import { chinaDateOf } from '../../core/china-time.ts';
import { AppError, fieldIssue, type LocalizedText } from '../../core/errors.ts';
import { parseBirthNumber, verifyBirthPayload } from '../../core/services-birth.ts';
import { keyRingFor } from '../certificates/index.ts';
import { divisionRefs } from '../divisions/index.ts';

export interface BirthVerification {
  result: 'valid' | 'forged' | 'not_found';
  label: LocalizedText;
  reason: LocalizedText | null;
  registration: {
    number: string;
    maskedName: string;
    idNumberMasked: string;
    office: { code: string; name: string | null };
    registeredOn: string;
    childOrder: number;
  } | null;
  /** Internal, for the audit row; never sent. */
  personId: string | null;
  registrationId: string | null;
}

const VALID: LocalizedText = { zh: '有效：已办理生育登记', en: 'Valid: birth registration on record' };
const NOT_FOUND: LocalizedText = {
  zh: '未找到已办结的生育登记',
  en: 'No completed birth registration with this number',
};

async function lookup(ctx: AppContext, number: string, payload?: string): Promise<BirthVerification> {
  const row = await ctx.db
    .selectFrom('birth_registration as b')
    .innerJoin('person as p', 'p.id', 'b.person_id')
    .select([
      'b.id',
      'b.number',
      'b.status',
      'b.payload',
      'b.division_code',
      'b.registered_at',
      'b.child_order',
      'b.person_id',
      'p.name',
      'p.id_masked',
    ])
    .where('b.number', '=', number)
    .executeTakeFirst();
  if (row?.status !== 'registered' || !row.registered_at) {
    return {
      result: 'not_found',
      label: NOT_FOUND,
      reason: null,
      registration: null,
      personId: null,
      registrationId: null,
    };
  }
  if (payload !== undefined && row.payload !== payload) {
    return {
      result: 'forged',
      label: VERIFICATION_LABELS.forged,
      reason: { zh: '签名有效但与登记记录不符', en: 'Signed, but it does not match the record' },
      registration: null,
      personId: null,
      registrationId: null,
    };
  }
  const office = (await divisionRefs(ctx.db, [row.division_code])).get(row.division_code);
  return {
    result: 'valid',
    label: VALID,
    reason: null,
    registration: {
      number: row.number,
      maskedName: maskName(row.name),
      idNumberMasked: row.id_masked,
      office: { code: row.division_code, name: office?.fullName ?? null },
      registeredOn: chinaDateOf(row.registered_at),
      childOrder: row.child_order,
    },
    personId: row.person_id,
    registrationId: row.id,
  };
}

export async function verifyBirthNumber(ctx: AppContext, raw: string): Promise<BirthVerification> {
  const parsed = parseBirthNumber(raw);
  if (!parsed.ok) {
    throw AppError.validation([fieldIssue('number', { zh: '登记编号', en: 'Registration number' }, parsed.problem)]);
  }
  return lookup(ctx, parsed.number);
}

export async function verifyBirthScanned(ctx: AppContext, scanned: string): Promise<BirthVerification> {
  const payload = extractPayload(scanned);
  const kid = payload.split('.')[1];
  const check = verifyBirthPayload(payload, await keyRingFor(ctx.db).keys(kid));
  if (!check.ok) {
    return {
      result: 'forged',
      label: VERIFICATION_LABELS.forged,
      reason: { zh: '签名不符，内容已被篡改', en: 'The signature does not match; the content was altered' },
      registration: null,
      personId: null,
      registrationId: null,
    };
  }
  return lookup(ctx, check.facts.number, payload);
}

export function publicBirthView(v: BirthVerification, lang: 'zh' | 'en', detailed: boolean) {
  const r = v.registration;
  return {
    result: v.result,
    label: v.label[lang],
    reason: v.reason ? v.reason[lang] : null,
    certificate: null,
    registration: r && !detailed ? { number: r.number, office: r.office, registeredOn: r.registeredOn } : r,
    detailed: detailed && r !== null,
    checkedAt: new Date().toISOString(),
  };
}
