/**
 * Marriage-and-childbearing status certificates (婚育情况证明): numbers, masking and status.
 * Pure rules shared by the server, the CLI and the offline verifier. Signing lives in certificate-payload.ts.
 */
import type { LocalizedText } from './errors.ts';
import type { MaritalStatus } from './person.ts';
import { formatRecordNumber, type NumberResult, parseRecordNumber, randomNumberPart } from './record-number.ts';

export const CERTIFICATE_KINDS = ['standard', 'temporary'] as const;
/** standard: issued at the origin (户籍地); temporary: issued where the person lives (现居住地). */
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/** What is stored; "expired" is derived from the expiry date, never stored. */
export type StoredCertificateStatus = 'valid' | 'revoked' | 'replaced';
export type CertificateStatus = StoredCertificateStatus | 'expired';
/** A verification answer: a status, or a payload/number that does not check out. */
export type VerificationResult = CertificateStatus | 'forged' | 'not_found';

export const VERIFICATION_LABELS: Record<VerificationResult, LocalizedText> = {
  valid: { zh: '有效', en: 'Valid' },
  expired: { zh: '已过期', en: 'Expired' },
  revoked: { zh: '已撤销', en: 'Revoked' },
  replaced: { zh: '已换发（旧证失效）', en: 'Replaced by a newer certificate' },
  forged: { zh: '验证失败：证明系伪造或被篡改', en: 'Failed: forged or altered certificate' },
  not_found: { zh: '未找到该证明编号（可能系伪造）', en: 'No certificate with this number (possibly forged)' },
};

/**
 * Number: "HY" + issuing county (6) + year (2) + 8 random characters + check character, e.g. HY33020526K7Q2M9XD4;
 * certificates issued before December 2026 keep their serial numbers (HY330205260000012X). See record-number.ts.
 */
export function formatCertificateNumber(county6: string, year: number, random: string = randomNumberPart()): string {
  return formatRecordNumber('HY', county6, year, random);
}

/** Accepts spaces, hyphens, lower case and full-width characters, as people type them from paper. */
export function parseCertificateNumber(raw: string): NumberResult {
  return parseRecordNumber('HY', raw);
}

/** 张三 → 张*, 欧阳晓薇 → 欧**薇: enough to match a face, not enough to look someone up. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export function certificateStatus(
  cert: { status: StoredCertificateStatus; expiresOn: string },
  today: string,
): CertificateStatus {
  if (cert.status !== 'valid') return cert.status;
  return cert.expiresOn < today ? 'expired' : 'valid';
}

/** Adds whole months to a YYYY-MM-DD date, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Expiry: the day before the same date `months` later (a 12-month certificate issued 1 Mar runs to 28/29 Feb). */
export function expiryDate(issuedOn: string, months: number): string {
  return addDays(addMonths(issuedOn, months), -1);
}

/** The facts printed on the certificate and carried (masked) in its QR code. */
export interface CertificateFacts {
  number: string;
  kind: CertificateKind;
  maskedName: string;
  idNumberMasked: string;
  sex: 'M' | 'F';
  maritalStatus: MaritalStatus;
  children: { sex: 'M' | 'F'; birthYear: number }[];
  issuerDivision: string;
  issuerName: string;
  issuedOn: string;
  expiresOn: string;
}

export const KIND_LABELS: Record<CertificateKind, LocalizedText> = {
  standard: { zh: '婚育情况证明', en: 'Marriage and childbearing status certificate' },
  temporary: { zh: '婚育情况证明（临时）', en: 'Marriage and childbearing status certificate (temporary)' },
};
