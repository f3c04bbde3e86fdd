/**
 * Verification answers, shared by the public page, staff checks and the department API.
 * A payload is first verified like the offline verifier does (signature, from core), then looked up for
 * revocation, replacement and expiry. Answers carry masked data only, and a payload that fails says
 * nothing about the certificate whose number it claims.
 *
 * Who sees what on the public page: a number alone gets the status; the holder's masked details (name, ID
 * number, marital status, children, the replacing number) go only to whoever shows the QR payload, or the number
 * plus the holder's birth date. A wrong birth date gets exactly the number-alone answer.
 */
import type { AppContext } from '../../context.ts';
import {
  certificateStatus,
  parseCertificateNumber,
  type StoredCertificateStatus,
  VERIFICATION_LABELS,
  type VerificationResult,
} from '../../core/certificate.ts';
import { extractPayload, MAX_PAYLOAD_LENGTH, verifyPayload } from '../../core/certificate-payload.ts';
import { today } from '../../core/china-time.ts';
import { AppError, fieldIssue, type LocalizedText } from '../../core/errors.ts';
import { fieldLabel } from '../../core/person.ts';
import { type CertificateRow, findByNumber, keyRingFor } from '../certificates/index.ts';

export interface Verification {
  result: VerificationResult;
  label: LocalizedText;
  /** Why a payload failed (forged), in both languages. */
  reason: LocalizedText | null;
  certificate: {
    number: string;
    kind: 'standard' | 'temporary';
    maskedName: string;
    idNumberMasked: string;
    maritalStatus: string;
    childrenCount: number;
    issuer: { code: string; name: string };
    issuedOn: string;
    expiresOn: string;
    replacedByNumber: string | null;
  } | null;
  /** Internal: who the certificate belongs to, for audit rows and staff check records; never sent publicly. */
  row: CertificateRow | null;
}

function answer(
  result: VerificationResult,
  row: CertificateRow | null,
  reason: LocalizedText | null = null,
): Verification {
  return {
    result,
    label: VERIFICATION_LABELS[result],
    reason,
    certificate: row
      ? {
          number: row.number,
          kind: row.kind,
          maskedName: row.facts.maskedName,
          idNumberMasked: row.facts.idNumberMasked,
          maritalStatus: row.facts.maritalStatus,
          childrenCount: row.facts.children.length,
          issuer: { code: row.division_code, name: row.facts.issuerName },
          issuedOn: row.issued_on,
          expiresOn: row.expires_on,
          replacedByNumber: null,
        }
      : null,
    row,
  };
}

async function statusOf(ctx: AppContext, row: CertificateRow): Promise<Verification> {
  const result = certificateStatus(
    { status: row.status as StoredCertificateStatus, expiresOn: row.expires_on },
    today(),
  );
  const out = answer(result, row);
  if (out.certificate && row.replaced_by_id) {
    const next = await ctx.db
      .selectFrom('certificate')
      .select('number')
      .where('id', '=', row.replaced_by_id)
      .executeTakeFirst();
    out.certificate.replacedByNumber = next?.number ?? null;
  }
  return out;
}

/** By number: a wrong check character is a 400 naming the field (a typo), an unknown number "not found". */
export async function verifyNumber(ctx: AppContext, raw: string): Promise<Verification> {
  const parsed = parseCertificateNumber(raw);
  if (!parsed.ok) throw AppError.validation([fieldIssue('number', fieldLabel('number'), parsed.problem)]);
  const row = await findByNumber(ctx.db, parsed.number);
  return row ? statusOf(ctx, row) : answer('not_found', null);
}

/** By scanned or pasted payload: anything that fails the signature check is "forged". */
export async function verifyScanned(ctx: AppContext, scanned: string): Promise<Verification> {
  if (scanned.length > MAX_PAYLOAD_LENGTH * 2) {
    throw AppError.validation([fieldIssue('payload', fieldLabel('payload'), { zh: '内容过长', en: 'is too long' })]);
  }
  const payload = extractPayload(scanned);
  const kid = payload.split('.')[1];
  const check = verifyPayload(payload, await keyRingFor(ctx.db).keys(kid));
  if (!check.ok) return answer('forged', null, check.message);
  const row = await findByNumber(ctx.db, check.facts.number);
  // Signed by us but unknown here: the database lost it, or the key leaked. Either way, do not accept it.
  if (!row || row.payload !== payload) {
    return answer('forged', null, {
      zh: '签名有效但系统中无此证明记录',
      en: 'Signed, but no such certificate on record',
    });
  }
  return statusOf(ctx, row);
}

/** The holder's birth date, checked against the registry; false for no holder at all. */
export async function holderBornOn(ctx: AppContext, personId: string | null, birthDate: string): Promise<boolean> {
  if (!personId) return false;
  const person = await ctx.db.selectFrom('person').select('birth_date').where('id', '=', personId).executeTakeFirst();
  return person?.birth_date === birthDate;
}

/** What leaves the server: the verification without the internal row; the holder's details only when shown. */
export function publicView(v: Verification, lang: 'zh' | 'en', detailed: boolean) {
  const c = v.certificate;
  return {
    result: v.result,
    label: v.label[lang],
    reason: v.reason ? v.reason[lang] : null,
    certificate:
      c && !detailed
        ? { number: c.number, kind: c.kind, issuer: c.issuer, issuedOn: c.issuedOn, expiresOn: c.expiresOn }
        : c,
    detailed: detailed && c !== null,
    checkedAt: new Date().toISOString(),
  };
}
