/** The divisions module's front door: what the rest of the application may use (README, "Layout"). */

export { checkDivisionField } from './division-check.ts';
export { loadDivisions } from './divisions.loader.ts';
export type { DivisionRef } from './divisions.repository.ts';
export { divisionRefs, existingCodes, getDivision, getPath } from './divisions.repository.ts';
