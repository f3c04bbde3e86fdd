/** SQL for staff training, including the figures the annual summary quotes ("培训N期、M学时、X人次"). */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { subtree } from '../../db/scoped.ts';

export interface TrainingFigures {
  sessions: number;
  hours: number;
  /** Attending staff summed over sessions (人次). */
  attendances: number;
}

/** Sessions held from `from` to `to` (inclusive) by offices in the subtree of `divisionCode`. */
export async function trainingFigures(
  db: Db,
  f: { divisionCode: string; from: string; to: string },
): Promise<TrainingFigures> {
  const row = await db
    .selectFrom('staff_training as t')
    .where('t.division_code', 'like', subtree(f.divisionCode).like)
    .where('t.held_on', '>=', f.from)
    .where('t.held_on', '<=', f.to)
    .select([
      sql<string>`count(*)`.as('sessions'),
      sql<string>`coalesce(sum(t.hours), 0)`.as('hours'),
      sql<string>`coalesce(sum((SELECT count(*) FROM staff_training_attendee a WHERE a.training_id = t.id)), 0)`.as(
        'attendances',
      ),
    ])
    .executeTakeFirstOrThrow();
  return { sessions: Number(row.sessions), hours: Number(row.hours), attendances: Number(row.attendances) };
}
