/**
 * What the births module announces, inside the transaction that registers (src/core/hooks.ts). The exchange
 * registers its notice to the other area here (src/modules/wiring.ts), so births depends on no reaction.
 */
import { Hook } from '../../core/hooks.ts';
import type { Db } from '../../db/database.ts';

export interface RegisteredBirth {
  id: string;
  number: string;
  person_id: string;
  division_code: string;
  place_basis: string;
  child_order: number;
  child_born_on: string | null;
  expected_on: string | null;
}

export interface BirthRegistered {
  registration: RegisteredBirth;
  /** The applicant's two places: the notice goes to the one the registering office is not in. */
  applicant: { hukou_division: string; residence_division: string };
  registeredOn: string;
}

export const birthRegistered = new Hook<Db, BirthRegistered>('birthRegistered');
