/** The divisions module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { loadDivisions } from './divisions.loader.ts';
export type { DivisionRef } from './divisions.repository.ts';
export { divisionRefs, existingCodes, getDivision, getPath } from './divisions.repository.ts';
export { divisionRoutes } from './divisions.routes.ts';
