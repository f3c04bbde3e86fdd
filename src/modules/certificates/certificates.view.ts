/** Shapes certificates for staff: full name for staff in scope, the ID number always masked. */
import { certificateStatus, type StoredCertificateStatus } from '../../core/certificate.ts';
import type { CertificateRow } from './certificates.repository.ts';

export interface CertificateEventView {
  kind: string;
  reason: string | null;
  at: Date;
  actor: { username: string | null; displayName: string | null };
}

export function certificateView(row: CertificateRow, today: string, events: CertificateEventView[] = []) {
  return {
    id: row.id,
    number: row.number,
    personId: row.person_id,
    kind: row.kind,
    status: certificateStatus({ status: row.status as StoredCertificateStatus, expiresOn: row.expires_on }, today),
    issuedOn: row.issued_on,
    expiresOn: row.expires_on,
    issuer: { code: row.division_code, name: row.facts.issuerName },
    name: row.facts.name,
    maskedName: row.facts.maskedName,
    idNumberMasked: row.facts.idNumberMasked,
    sex: row.facts.sex,
    maritalStatus: row.facts.maritalStatus,
    children: row.facts.children,
    keyId: row.key_id,
    payload: row.payload,
    replacesId: row.replaces_id,
    replacedById: row.replaced_by_id,
    revokedAt: row.revoked_at,
    revokeReason: row.revoke_reason,
    createdAt: row.created_at,
    events,
  };
}

export type CertificateView = ReturnType<typeof certificateView>;
