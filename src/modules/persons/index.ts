/** The persons module's front door: what the rest of the application may use (README, "Layout"). */
export { encryptClearPhones } from './persons.backfill.ts';
export type { Candidate } from './persons.candidates.ts';
export {
  blockKeys,
  blockRows,
  blockRowsOfMany,
  CANDIDATE_LIMIT,
  matchRecordOf,
  PreparedRecords,
  scoreCandidates,
  sharesBlockRow,
} from './persons.candidates.ts';
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
export type { PersonMerging, PersonUnmerging } from './persons.hooks.ts';
export {
  peopleRegistered,
  personChanged,
  personMerging,
  personRegistered,
  personUnmerging,
} from './persons.hooks.ts';
export { mergedRecordIds } from './persons.merge.ts';
export type { MergeMoves, MovedTable } from './persons.merge-moves.ts';
export { registerMergeMoves } from './persons.merge-moves.ts';
export type { PersonRow } from './persons.repository.ts';
export { findPersonInScope, lockPerson, personExistsInScope } from './persons.repository.ts';
export { personOfRequest } from './persons.request.ts';
export type { PersonPatch } from './persons.schema.ts';
export {
  divisionCode,
  OWN_HOME_LANDLORD,
  PersonCreate,
  PersonDetailBody,
  PersonIdParam,
  PossibleDuplicateBody,
  personFields,
  ScorePartBody,
} from './persons.schema.ts';
export { createPersonIn, requirePersonInScope, updatePerson, updatePersonIn, viewContext } from './persons.service.ts';
export { personDetail } from './persons.view.ts';
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
