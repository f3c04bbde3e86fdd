/** The employers module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { employerRoutes } from './employers.routes.ts';
