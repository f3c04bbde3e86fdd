/**
 * Possible duplicates of a person (issue 24): rows that share a blocking key, read in SQL through indexes, then
 * scored by the matcher (src/core/dedup). The blocking keys hold no clear ID number: name pinyin within a year
 * either side of the birth date, name initials (also of the swapped name) on the birth date or its day-month
 * swap, and the blind index of the number's first 14 digits (area + birth date).
 */
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { swappedInitials } from '../../core/dedup/names.ts';
import {
  type MatchRecord,
  type MatchScore,
  type PreparedRecord,
  prepareRecord,
  scorePair,
} from '../../core/dedup/score.ts';
import { pinyinFull, pinyinInitials } from '../../core/pinyin.ts';
import type { Database } from '../../db/schema.ts';
import { isCiphertext, type PiiCipher } from '../../security/pii.ts';
import { decryptPhone } from './persons.columns.ts';
import type { PersonRow } from './persons.repository.ts';

/** Rows read per subject at most: a block of a very common name is cut here, the best keys first. */
export const CANDIDATE_LIMIT = 200;

export interface BlockKeys {
  pinyin: string;
  initials: string[];
  birthDates: string[];
  yearFrom: string;
  yearTo: string;
  /** Blind index of the first 14 digits, as stored in id_prefix_hashes[9]. */
  idBlock: string | null;
}

/** Position of the 14-digit prefix in id_prefix_hashes (prefix lengths 6..17, 1-based in SQL). */
const ID_BLOCK_PREFIX = 14;
const ID_BLOCK_ELEMENT = ID_BLOCK_PREFIX - 6 + 1;

export function blockKeys(pii: PiiCipher, record: PreparedRecord, name: string): BlockKeys {
  const year = Number(record.birthDate.slice(0, 4));
  const [y, m, d] = record.birthDate.split('-');
  const swappedDate = Number(d) <= 12 && m !== d ? `${y}-${d}-${m}` : null;
  const initials = [...new Set([pinyinInitials(name), swappedInitials(record.name)])];
  const id = record.id18;
  return {
    pinyin: pinyinFull(name),
    initials,
    birthDates: swappedDate ? [record.birthDate, swappedDate] : [record.birthDate],
    yearFrom: `${year - 1}-01-01`,
    yearTo: `${year + 1}-12-31`,
    idBlock: id ? (pii.prefixIndexes(id)[ID_BLOCK_PREFIX - 6] ?? null) : null,
  };
}

/** The SQL condition "shares a blocking key", for any query over person. */
export function sharesBlock(keys: BlockKeys) {
  return (eb: ExpressionBuilder<Database, 'person'>) =>
    eb.or([
      eb.and([
        eb('person.name_pinyin', '=', keys.pinyin),
        eb('person.birth_date', '>=', keys.yearFrom),
        eb('person.birth_date', '<=', keys.yearTo),
      ]),
      eb.and([eb('person.name_initials', 'in', keys.initials), eb('person.birth_date', 'in', keys.birthDates)]),
      ...(keys.idBlock
        ? [eb(sql<string>`person.id_prefix_hashes[${sql.lit(ID_BLOCK_ELEMENT)}]`, '=', keys.idBlock)]
        : []),
    ]);
}

// biome-ignore lint/complexity/noBannedTypes: Kysely's own type for "nothing selected yet".
type PersonFrom = SelectQueryBuilder<Database, 'person', {}>;

/** The rows sharing a block with the subject, from `from` (a scoped select, or the whole registry for jobs). */
export function blockRows(from: PersonFrom, keys: BlockKeys, excludeIds: readonly string[]) {
  let q = from.selectAll('person').where(sharesBlock(keys)).where('person.merged_into', 'is', null);
  if (excludeIds.length > 0) q = q.where('person.id', 'not in', [...excludeIds]);
  return q.limit(CANDIDATE_LIMIT).execute();
}

/**
 * The rows sharing a block with any of many subjects, in one query (the background pass reads a batch at a time):
 * the condition is the union of the subjects' keys, looser than each subject's own (a pinyin's rows of every birth
 * year, every initials × date combination), so each subject then keeps its own rows with `sharesBlockRow`.
 */
export function blockRowsOfMany(from: PersonFrom, keys: readonly BlockKeys[]) {
  const pinyins = [...new Set(keys.map((k) => k.pinyin))];
  const initials = [...new Set(keys.flatMap((k) => k.initials))];
  const dates = [...new Set(keys.flatMap((k) => k.birthDates))];
  const idBlocks = [...new Set(keys.flatMap((k) => (k.idBlock ? [k.idBlock] : [])))];
  return from
    .selectAll('person')
    .where('person.merged_into', 'is', null)
    .where((eb) =>
      eb.or([
        eb('person.name_pinyin', 'in', pinyins),
        eb.and([eb('person.name_initials', 'in', initials), eb('person.birth_date', 'in', dates)]),
        ...(idBlocks.length > 0
          ? [eb(sql<string>`person.id_prefix_hashes[${sql.lit(ID_BLOCK_ELEMENT)}]`, 'in', idBlocks)]
          : []),
      ]),
    )
    .execute();
}

/** `sharesBlock` in memory, for a row read by `blockRowsOfMany`. */
export function sharesBlockRow(keys: BlockKeys, row: PersonRow): boolean {
  if (row.name_pinyin === keys.pinyin && row.birth_date >= keys.yearFrom && row.birth_date <= keys.yearTo) return true;
  if (row.name_initials && keys.initials.includes(row.name_initials) && keys.birthDates.includes(row.birth_date))
    return true;
  return keys.idBlock !== null && row.id_prefix_hashes?.[ID_BLOCK_ELEMENT - 1] === keys.idBlock;
}

/** A stored number in clear, or null when the column holds no ciphertext (rows made by hand in tests). */
const clear = (pii: PiiCipher, stored: string | null) => (stored && isCiphertext(stored) ? pii.decrypt(stored) : null);

/** What the matcher reads of a stored person (the ID numbers and phone decrypted in memory only). */
export function matchRecordOf(pii: PiiCipher, row: PersonRow): MatchRecord {
  return {
    idNumber: clear(pii, row.id_number_enc),
    name: row.name,
    birthDate: row.birth_date,
    sex: row.sex,
    hukouDivision: row.hukou_division,
    spouseIdNumber: clear(pii, row.spouse_id_enc),
    spouseName: row.spouse_name,
    children: row.children,
    phone: decryptPhone(pii, row.phone),
  };
}

export interface Candidate {
  row: PersonRow;
  match: MatchScore;
}

/**
 * Prepared records by person version, so a row met in many blocks (a common name's) is decrypted and prepared once
 * per pass rather than once per subject. Bounded: the oldest entries go first.
 */
export class PreparedRecords {
  private readonly byKey = new Map<string, PreparedRecord>();
  constructor(
    private readonly pii: PiiCipher,
    private readonly max = 50_000,
  ) {}

  of(row: PersonRow): PreparedRecord {
    const key = `${row.id}:${row.version}`;
    let prepared = this.byKey.get(key);
    if (!prepared) {
      prepared = prepareRecord(matchRecordOf(this.pii, row));
      if (this.byKey.size >= this.max) this.byKey.delete(this.byKey.keys().next().value as string);
      this.byKey.set(key, prepared);
    }
    return prepared;
  }
}

/** Scores the block rows against the subject, best first, keeping those at or above `min`. */
export function scoreCandidates(
  pii: PiiCipher,
  subject: PreparedRecord,
  rows: readonly PersonRow[],
  keep: (c: Candidate) => boolean,
  prepared?: PreparedRecords,
): Candidate[] {
  const prepare = (row: PersonRow) => (prepared ? prepared.of(row) : prepareRecord(matchRecordOf(pii, row)));
  return rows
    .map((row) => ({ row, match: scorePair(subject, prepare(row)) }))
    .filter(keep)
    .sort((a, b) => b.match.score - a.match.score);
}
