/** The supplies module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { supplyRoutes } from './supplies.routes.ts';
export { restockAlerts } from './supplies.service.ts';
