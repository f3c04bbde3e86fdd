/** The outreach module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { outreachRoutes } from './outreach.routes.ts';
