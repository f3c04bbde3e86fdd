/** Certificate checks of a merged record follow it to the survivor (persons.merge.ts). */
import { registerMergeMoves } from '../persons/index.ts';

export function registerCheckMergeMoves(): void {
  registerMergeMoves('verify', { tables: [{ table: 'certificate_check' }] });
}
