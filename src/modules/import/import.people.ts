/**
 * The rows of one new person as the importer inserts them: the columns the API would write (ID number
 * encrypted and indexed, pinyin), and the first history entry createPerson writes. No database.
 */
import crypto from 'node:crypto';
import { type IdNumberFacts, parseIdNumber } from '../../core/id-number.ts';
import type { PiiCipher } from '../../security/pii.ts';
import type { NewPerson, PersonCreate } from '../persons/index.ts';
import { creationChanges, inputColumns, publicFields } from '../persons/index.ts';

export interface NewPersonInput {
  input: PersonCreate;
  /** The validated ID number's facts (import.rows.ts finishRow). */
  id: IdNumberFacts;
}

export function newPerson(pii: PiiCipher, { input, id }: NewPersonInput, actorId: string): NewPerson {
  const spouse = input.spouseIdNumber ? parseIdNumber(input.spouseIdNumber) : null;
  const columns = inputColumns(pii, input, id);
  const row: NewPerson['row'] = {
    ...columns,
    id_prefix_hashes: columns.id_prefix_hashes.join(','),
    spouse_birth_date: spouse?.ok ? spouse.value.birthDate : null,
    created_by: actorId,
  };
  // The phone in clear text, as the input gave it: publicFields would otherwise decrypt what was just encrypted.
  const fields = publicFields(
    { ...row, phone: input.phone ?? null, children: input.children ?? [], spouse_id: null } as Parameters<
      typeof publicFields
    >[0],
    pii,
  );
  return { id: crypto.randomUUID(), row, changes: JSON.stringify(creationChanges(fields)) };
}
