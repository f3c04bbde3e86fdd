/**
 * The derived columns every way of writing a person needs (API, import, demo): the ID number only as
 * ciphertext + blind indexes + mask, and the name's pinyin for search. One place, so a new index or a
 * key change reaches all writers.
 */
import { maskIdNumber } from '../../core/id-number.ts';
import { pinyinFull, pinyinInitials } from '../../core/pinyin.ts';
import type { PiiCipher } from '../../security/pii.ts';

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
