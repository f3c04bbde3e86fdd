/**
 * What the certificates module announces, inside the transaction that issues (src/core/hooks.ts). The exchange
 * registers its notice to the residence here (src/modules/wiring.ts), so certificates depends on no reaction.
 */
import { Hook } from '../../core/hooks.ts';
import type { Db } from '../../db/database.ts';

export interface CertificateIssued {
  certificate: { id: string; number: string; expires_on: string; division_code: string };
  person: { id: string; residence_division: string; hukou_division: string };
}

/** A certificate issued or reissued (a replacement is a new certificate). */
export const certificateIssued = new Hook<Db, CertificateIssued>('certificateIssued');
