/**
 * A merge settles the merged record's open and referred pairs as merged (they leave the queue), and keeps their
 * ids in the merge's trail; an unmerge reopens exactly those pairs (persons.merge.ts runs both hooks).
 */
import { personMerging, personUnmerging } from '../persons/index.ts';

const TRAIL = 'duplicate_pair';

export function registerDuplicateMergeHooks(): void {
  personMerging.on('duplicates.closePairs', async (db, merge) => {
    const closed = await db
      .updateTable('duplicate_pair')
      .set({ status: 'merged', decided_at: new Date(), updated_at: new Date() })
      .where((eb) => eb.or([eb('person_a', '=', merge.merged.id), eb('person_b', '=', merge.merged.id)]))
      .where('status', 'in', ['open', 'referred'])
      .returning('id')
      .execute();
    if (closed.length > 0) merge.moved[TRAIL] = closed.map((r) => String(r.id));
  });
  personUnmerging.on('duplicates.reopenPairs', async (db, unmerge) => {
    const ids = unmerge.moved[TRAIL] ?? [];
    if (ids.length === 0) return;
    await db
      .updateTable('duplicate_pair')
      .set({ status: 'open', decided_by: null, decided_at: null, updated_at: new Date() })
      .where('id', 'in', [...ids])
      .where('status', '=', 'merged')
      .execute();
  });
}
