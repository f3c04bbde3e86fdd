/** Rows for printing, fetched in scope and in the order asked for. */
import { certificateStatus, type StoredCertificateStatus } from '../../core/certificate.ts';
import { today } from '../../core/china-time.ts';
import type { Scoped } from '../../db/scoped.ts';
import type { PrintableCertificate } from './certificates.pdf.ts';
import { type CertificateRow, certificatesIn } from './certificates.repository.ts';

export function toPrintable(row: CertificateRow): PrintableCertificate {
  return {
    facts: row.facts,
    payload: row.payload,
    status: certificateStatus({ status: row.status as StoredCertificateStatus, expiresOn: row.expires_on }, today()),
  };
}

export async function printableInScope(scope: Scoped, ids: string[]): Promise<CertificateRow[]> {
  if (ids.length === 0) return [];
  const rows = await certificatesIn(scope).selectAll('c').where('c.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
