/** Reads of the review queue. Pairs are read in scope; a pair's other record only for its masked summary. */
import type { Db } from '../../db/database.ts';
import type { DuplicateStatus } from '../../db/schema.ts';
import type { Scoped } from '../../db/scoped.ts';

export function pairsInScope(scope: Scoped, statuses: readonly DuplicateStatus[]) {
  return scope.selectFrom('duplicate_pair').where('status', 'in', statuses);
}

export function pairInScope(scope: Scoped, id: string) {
  return scope.selectFrom('duplicate_pair').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The few facts of records outside the scope that the masked summary shows (surname, sex, birth year, office):
 * the pair itself was read in scope, and no other column leaves this function.
 */
export function maskedFacts(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('person')
    .select(['id', 'name', 'sex', 'birth_date', 'residence_division'])
    .where('id', 'in', ids)
    .execute();
}
