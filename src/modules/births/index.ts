/** The births module's front door: what the rest of the application may use (README, "Layout"). */

export type { BirthRegistered, RegisteredBirth } from './births.hooks.ts';
export { birthRegistered } from './births.hooks.ts';
export { registerBirthMergeMoves } from './births.merge.ts';
export { birthCreateFields, birthReplaceReason } from './births.schema.ts';
export { registrationsOfPerson, submitBirthRegistration } from './births.service.ts';
export { publicBirthView, verifyBirthNumber, verifyBirthScanned } from './births.verify.ts';
