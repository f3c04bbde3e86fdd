/** Service records and referrals of a merged record follow it to the survivor (persons.merge.ts). */
import { registerMergeMoves } from '../persons/index.ts';

export function registerServiceMergeMoves(): void {
  registerMergeMoves('services', { tables: [{ table: 'service_record' }, { table: 'service_referral' }] });
}
