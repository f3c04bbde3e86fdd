/** The portal module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { portalRoutes } from './portal.routes.ts';
export { portalStaffRoutes } from './portal.staff.routes.ts';
export { MemorySmsSender, setSmsSender } from './sms.ts';
