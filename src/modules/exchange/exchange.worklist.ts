/**
 * Exchange work items: an inquiry (or an inflow notification the registry could not pair) that needs a
 * person's answer, due 15 days after arrival when urgent, else 30 (issue 5). Done once answered.
 */
import { addDays } from '../../core/certificate.ts';
import type { WorkItem } from '../../core/deadlines.ts';
import type { Db } from '../../db/database.ts';

export async function exchangeReplyItems(
  db: Db,
  like: string,
  day: string,
  lookbackDays: number,
  personId?: string,
): Promise<WorkItem[]> {
  let q = db.selectFrom('exchange_inbox');
  if (personId) q = q.where('person_id', '=', personId);
  const rows = await q
    .select(['id', 'person_id', 'division_code', 'due_on', 'replied_at', 'outcome'])
    .where('needs_reply', '=', true)
    .where('division_code', 'like', like)
    .where('due_on', '>=', addDays(day, -lookbackDays))
    // Automatic replies are not work; only what a person had to (or has to) answer.
    .where('outcome', 'in', ['not_found', 'worklist', 'answered', 'answered_not_found'])
    .execute();
  return rows.map((r) => {
    const doneOn = r.replied_at ? new Date(r.replied_at).toISOString().slice(0, 10) : null;
    return {
      kind: 'exchange_reply',
      personId: r.person_id ?? '',
      division: r.division_code,
      dueOn: r.due_on as string,
      status: doneOn ? 'done' : (r.due_on as string) < day ? 'overdue' : 'due',
      doneOn,
      certificateId: null,
      messageId: r.id,
    };
  });
}
