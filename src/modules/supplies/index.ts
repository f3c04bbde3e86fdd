/** The supplies module's front door: what the rest of the application may use (README, "Layout"). */

export { registerSupplyMergeMoves } from './supplies.merge.ts';
export { RestockAlert } from './supplies.schema.ts';
export { restockAlerts } from './supplies.service.ts';
