/** The supplies module's front door: what the rest of the application may use (README, "Layout"). */
export { restockAlerts } from './supplies.service.ts';
export { RestockAlert } from './supplies.schema.ts';
