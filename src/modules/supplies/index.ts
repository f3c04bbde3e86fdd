/** The supplies module's front door: what other modules and the application code around them may use (README, "Layout"). */
export { restockAlerts } from './supplies.service.ts';
