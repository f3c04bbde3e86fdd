/** Birth registrations of a merged record, as applicant or as spouse, follow it to the survivor (persons.merge.ts). */
import { registerMergeMoves } from '../persons/index.ts';

export function registerBirthMergeMoves(): void {
  registerMergeMoves('births', {
    tables: [{ table: 'birth_registration' }, { table: 'birth_registration', column: 'spouse_person_id' }],
  });
}
