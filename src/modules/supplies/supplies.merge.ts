/** Contraceptive supplies handed to a merged record follow it to the survivor (persons.merge.ts). */
import { registerMergeMoves } from '../persons/index.ts';

export function registerSupplyMergeMoves(): void {
  registerMergeMoves('supplies', { tables: [{ table: 'stock_movement' }] });
}
