/** The divisions module's front door: what other modules and the application code around them may use (README, "Layout"). */
export { loadDivisions } from './divisions.loader.ts';
export type { DivisionRef } from './divisions.repository.ts';
export { divisionRefs, existingCodes, getDivision, getPath } from './divisions.repository.ts';
