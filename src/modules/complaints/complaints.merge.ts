/** Complaints and requests of a merged record follow it to the survivor (persons.merge.ts). */
import { registerMergeMoves } from '../persons/index.ts';

export function registerComplaintMergeMoves(): void {
  registerMergeMoves('complaints', { tables: [{ table: 'complaint' }] });
}
