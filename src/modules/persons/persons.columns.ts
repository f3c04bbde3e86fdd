/**
 * The derived columns every way of writing a person needs (API, import, demo): the ID number only as
 * ciphertext + blind indexes + mask, and the name's pinyin for search. One place, so a new index or a
 * key change reaches all writers.
 */
import { type IdNumberFacts, maskIdNumber } from '../../core/id-number.ts';
import { pinyinFull, pinyinInitials } from '../../core/pinyin.ts';
import { isCiphertext, type PiiCipher } from '../../security/pii.ts';
import type { PersonRow } from './persons.repository.ts';
import type { PersonCreate } from './persons.schema.ts';

export function idNumberColumns(pii: PiiCipher, idNumber: string) {
  return {
    id_number_enc: pii.encrypt(idNumber),
    id_hash: pii.blindIndex(idNumber),
    id_prefix_hashes: pii.prefixIndexes(idNumber),
    id_masked: maskIdNumber(idNumber),
  };
}

export function nameColumns(name: string) {
  return { name, name_initials: pinyinInitials(name), name_pinyin: pinyinFull(name) };
}

export function spouseIdColumns(pii: PiiCipher, spouseIdNumber: string | null | undefined) {
  return {
    spouse_id_enc: spouseIdNumber ? pii.encrypt(spouseIdNumber) : null,
    spouse_id_masked: spouseIdNumber ? maskIdNumber(spouseIdNumber) : null,
  };
}

/**
 * Phone numbers are sensitive too (PIPL): the `phone` column holds AES-GCM ciphertext like ID numbers.
 * Rows written before this was introduced may still hold clear text until the startup backfill
 * (encryptClearPhones) has run, so reading tolerates both.
 */
export function encryptPhone(pii: PiiCipher, phone: string | null | undefined): string | null {
  return phone ? pii.encrypt(phone) : null;
}

export function decryptPhone(pii: PiiCipher, stored: string | null): string | null {
  if (!stored) return null;
  return isCiphertext(stored) ? pii.decrypt(stored) : stored;
}

/** For history and other places people read: 138****5678. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** History keeps who changed what, not the sensitive values themselves. */
export function maskHistoryChanges(changes: Record<string, { from: unknown; to: unknown }>) {
  const phone = changes.phone;
  if (!phone) return changes;
  const mask = (v: unknown) => (typeof v === 'string' ? maskPhone(v) : v);
  return { ...changes, phone: { from: mask(phone.from), to: mask(phone.to) } };
}

/**
 * The columns a validated input fills, shared by the API and the importer. Spouse links and the
 * spouse's birth date differ between them (the API may link a registered spouse), so callers add those.
 */
export function inputColumns(pii: PiiCipher, input: PersonCreate, id: IdNumberFacts) {
  return {
    ...idNumberColumns(pii, id.idNumber),
    ...nameColumns(input.name),
    sex: id.sex,
    birth_date: id.birthDate,
    hukou_division: input.hukouDivision,
    residence_division: input.residenceDivision,
    residence_address: input.residenceAddress ?? null,
    arrived_on: input.arrivedOn ?? null,
    departed_on: input.departedOn ?? null,
    marital_status: input.maritalStatus,
    spouse_name: input.spouseName ?? null,
    ...spouseIdColumns(pii, input.spouseIdNumber),
    children: JSON.stringify(input.children ?? []),
    phone: encryptPhone(pii, input.phone),
    employer: input.employer ?? null,
    landlord: input.landlord ?? null,
    housing_type: input.housingType ?? null,
  };
}

/** The fields history tracks, with the ID number masked: history is for people, not for lookups. */
export function publicFields(
  row: Omit<PersonRow, 'id' | 'version' | 'created_at' | 'updated_at' | 'created_by'>,
  pii: PiiCipher,
): Record<string, unknown> {
  return {
    idNumber: row.id_masked,
    name: row.name,
    hukouDivision: row.hukou_division,
    residenceDivision: row.residence_division,
    residenceAddress: row.residence_address,
    arrivedOn: row.arrived_on,
    departedOn: row.departed_on,
    maritalStatus: row.marital_status,
    spouseName: row.spouse_name,
    spouseIdNumber: row.spouse_id_masked,
    spouseId: row.spouse_id,
    children: row.children,
    // Clear here so a change in any digit is seen; maskHistoryChanges masks it before it is stored.
    phone: decryptPhone(pii, row.phone),
    employer: row.employer,
    landlord: row.landlord,
    housingType: row.housing_type,
  };
}

/** A creation's history changes: every filled field, from nothing to its value (the phone masked). */
export function creationChanges(fields: Record<string, unknown>) {
  return maskHistoryChanges(
    Object.fromEntries(
      Object.entries(fields)
        .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => [k, { from: null, to: v }]),
    ),
  );
}
