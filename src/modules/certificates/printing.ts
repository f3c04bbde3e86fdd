/** Rows for printing, fetched in scope and in the order asked for. */
import { certificateStatus, type StoredCertificateStatus } from '../../core/certificate.ts';
import { today } from '../../core/china-time.ts';
import type { Db } from '../../db/database.ts';
import type { PrintableCertificate } from './certificates.pdf.ts';
import type { CertificateRow } from './certificates.repository.ts';

export function toPrintable(row: CertificateRow): PrintableCertificate {
  return {
    facts: row.facts,
    payload: row.payload,
    status: certificateStatus({ status: row.status as StoredCertificateStatus, expiresOn: row.expires_on }, today()),
  };
}

export async function printableInScope(db: Db, ids: string[], prefix: string): Promise<CertificateRow[]> {
  if (ids.length === 0) return [];
  const like = `${prefix}%`;
  const rows = await db
    .selectFrom('certificate as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .selectAll('c')
    .where('c.id', 'in', ids)
    .where((eb) =>
      eb.or([
        eb('c.division_code', 'like', like),
        eb('p.hukou_division', 'like', like),
        eb('p.residence_division', 'like', like),
      ]),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
