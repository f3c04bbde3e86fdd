/** The worklists module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { worklistRoutes } from './worklists.routes.ts';
export { computeItems } from './worklists.service.ts';
