/** The persons module's front door: what the rest of the application may use (README, "Layout"). */
export { encryptClearPhones } from './persons.backfill.ts';
export {
  creationChanges,
  decryptPhone,
  encryptPhone,
  idNumberColumns,
  inputColumns,
  maskPhone,
  nameColumns,
  publicFields,
  spouseIdColumns,
} from './persons.columns.ts';
export { peopleRegistered, personChanged, personRegistered } from './persons.hooks.ts';
export type { PersonRow } from './persons.repository.ts';
export { findPersonInScope, lockPerson, personExistsInScope } from './persons.repository.ts';
export { personOfRequest } from './persons.request.ts';
export type { PersonPatch } from './persons.schema.ts';
export { divisionCode, OWN_HOME_LANDLORD, PersonCreate, PersonIdParam, personFields } from './persons.schema.ts';
export { createPersonIn, requirePersonInScope, updatePerson, updatePersonIn } from './persons.service.ts';
export type { NewPerson } from './persons.write.ts';
export {
  addChild,
  amendPerson,
  completeSeededRegistration,
  linkParties,
  recordPersonEvent,
  registerMany,
  registerPerson,
} from './persons.write.ts';
