/**
 * A merged record's household membership and visits follow it to the survivor (persons.merge.ts). A person belongs
 * to one household: when both records do, the merge is refused until one membership is removed.
 */
import { registerMergeMoves } from '../persons/index.ts';

export function registerHouseholdMergeMoves(): void {
  registerMergeMoves('households', {
    // The membership is keyed by the person; its household names the row in the trail.
    tables: [{ table: 'household_member', key: 'household_id' }, { table: 'visit' }],
    refuse: async (db, survivorId, mergedId) => {
      const members = await db
        .selectFrom('household_member')
        .select('person_id')
        .where('person_id', 'in', [survivorId, mergedId])
        .execute();
      return members.length < 2
        ? null
        : {
            zh: '两条记录都属于某个户，请先把其中一条移出户再合并',
            en: 'Both records belong to a household; remove one of them from its household before merging',
          };
    },
  });
}
