/**
 * How a module's rows follow a merge (persons.merge.ts): the module names its tables and the column that points to
 * the person, and registers them at start-up (src/modules/wiring.ts). The handlers run on the merge's transaction,
 * move the merged record's rows to the survivor, and record the moved rows' keys in the trail; an unmerge moves
 * exactly those rows back, or refuses (409) when one of them is gone or points elsewhere since.
 */
import { sql } from 'kysely';
import { AppError, type LocalizedText } from '../../core/errors.ts';
import type { Db } from '../../db/database.ts';
import { personMerging, personUnmerging } from './persons.hooks.ts';

export interface MovedTable {
  table: string;
  /** The column that names the person (default person_id). */
  column?: string;
  /** The row key kept in the trail (default id); a table keyed by the person names another column. */
  key?: string;
}

export interface MergeMoves {
  tables: readonly MovedTable[];
  /** A state of both records that a merge cannot resolve by itself (two valid certificates): refused with 409. */
  refuse?: (db: Db, survivorId: string, mergedId: string) => Promise<LocalizedText | null>;
}

const columnOf = (t: MovedTable) => t.column ?? 'person_id';
/** The trail's name for a table's moved rows: the table, with the column when it is not person_id. */
export const trailName = (t: MovedTable) => (t.column ? `${t.table}.${t.column}` : t.table);

/** Points every row of `from` to `to`; returns the keys of the rows moved. */
export async function moveRows(db: Db, t: MovedTable, from: string, to: string): Promise<string[]> {
  const column = sql.ref(columnOf(t));
  const result = await sql<{ k: string }>`UPDATE ${sql.table(t.table)} SET ${column} = ${to}
    WHERE ${column} = ${from} RETURNING ${sql.ref(t.key ?? 'id')}::text AS k`.execute(db);
  return result.rows.map((r) => r.k);
}

/** Points the rows with these keys back from `from` to `to`; refuses (409) when any of them cannot be. */
export async function moveRowsBack(
  db: Db,
  t: MovedTable,
  keys: readonly string[],
  from: string,
  to: string,
): Promise<void> {
  if (keys.length === 0) return;
  const column = sql.ref(columnOf(t));
  const result = await sql<{ k: string }>`UPDATE ${sql.table(t.table)} SET ${column} = ${to}
    WHERE ${sql.ref(t.key ?? 'id')}::text = ANY(${keys as string[]}::text[]) AND ${column} = ${from}
    RETURNING 1 AS k`.execute(db);
  const missing = keys.length - result.rows.length;
  if (missing > 0) {
    throw new AppError('MERGE_CONFLICT', 409, {
      zh: `合并时转移的记录中有${missing}条（${t.table}）已被删除或改动，无法自动撤销合并`,
      en: `${missing} of the rows the merge moved (${t.table}) were deleted or changed since; the merge cannot be undone automatically`,
    });
  }
}

/** Registers a module's tables on the merge and unmerge hooks (src/modules/wiring.ts). */
export function registerMergeMoves(owner: string, moves: MergeMoves): void {
  personMerging.on(`${owner}.moveRows`, async (db, merge) => {
    const why = await moves.refuse?.(db, merge.survivor.id, merge.merged.id);
    if (why) throw new AppError('MERGE_CONFLICT', 409, why);
    for (const t of moves.tables) {
      const keys = await moveRows(db, t, merge.merged.id, merge.survivor.id);
      if (keys.length > 0) merge.moved[trailName(t)] = keys;
    }
  });
  personUnmerging.on(`${owner}.moveRowsBack`, async (db, unmerge) => {
    for (const t of moves.tables) {
      await moveRowsBack(db, t, unmerge.moved[trailName(t)] ?? [], unmerge.survivor.id, unmerge.merged.id);
    }
  });
}
