/** The births module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */

export type { BirthRegistered, RegisteredBirth } from './births.hooks.ts';
export { birthRegistered } from './births.hooks.ts';
export { birthRoutes } from './births.routes.ts';
export { birthCreateFields, birthReplaceReason } from './births.schema.ts';
export { registrationsOfPerson, submitBirthRegistration } from './births.service.ts';
export { publicBirthView, verifyBirthNumber, verifyBirthScanned } from './births.verify.ts';
