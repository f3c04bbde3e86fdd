/**
 * Test fixtures: a year's recorded work (birth registrations, supply, complaints, outreach, twelve-household
 * groups) on top of the demo county, dated on a day chosen by the test, written the way the modules store it.
 * Used by the summary and closed-period tests.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/** Midday China time of a 'YYYY-MM-DD' day, as a timestamp. */
const at = (day: string) => `${day}T12:00:00+08:00`;
const tag = () => crypto.randomBytes(4).toString('hex');

/** One of each kind of work at `division` (a community) on `day`; `scale` multiplies the counts. */
export async function recordWork(db: Db, division: string, day: string, scale = 1): Promise<void> {
  // The registering woman: anyone of the demo county (the figures count the office, not the person).
  const person = await sql<{ id: string }>`SELECT id FROM person WHERE residence_division LIKE '330205%'
    ORDER BY id LIMIT 1`.execute(db);
  const personId = person.rows[0]?.id as string;
  for (let i = 0; i < scale; i++) {
    await sql`INSERT INTO birth_registration (number, person_id, division_code, place_basis, channel, status,
        child_order, expected_on, submitted_at, registered_at)
      VALUES (${`T-${tag()}`}, ${personId}, ${division}, 'residence', 'counter', 'registered', 1, ${day},
        ${at(day)}, ${at(day)})`.execute(db);
    await sql`INSERT INTO complaint (number, division_code, channel, type, category, subject, body, status,
        received_on, due_on, reply, replied_on, replied_at)
      VALUES (${`C-${tag()}`}, ${division}, 'hotline', 'consultation', 'policy', '咨询', '询问免费服务', 'replied',
        ${day}, ${day}, '已答复', ${day}, ${at(day)})`.execute(db);
    await sql`INSERT INTO outreach_event (division_code, kind, title, place, held_on, materials_count, materials,
        attendance)
      VALUES (${division}, 'holiday', '宣传服务', '社区广场', ${day}, ${100 * (i + 1)}, '宣传手册', ${30 + i})`.execute(
      db,
    );
  }
  const point = await sql<{ id: string }>`INSERT INTO distribution_point (division_code, name, kind, location,
      keeper, created_at)
    VALUES (${division}, ${`发放点${tag()}`}, 'community', '居委会', '王秀英', ${at(day)}) RETURNING id`.execute(db);
  const pointId = point.rows[0]?.id as string;
  const received = 200 * scale;
  const dispensed = 30 * scale;
  await sql`INSERT INTO stock_movement (point_id, item, division_code, kind, quantity, delta, balance_after, at)
    VALUES (${pointId}, 'male_condom', ${division}, 'received', ${received}, ${received}, ${received}, ${at(day)}),
      (${pointId}, 'male_condom', ${division}, 'dispensed', ${dispensed}, ${-dispensed}, ${received - dispensed},
        ${at(day)})`.execute(db);
  const group = await sql<{ id: string }>`INSERT INTO household_group (division_code, name, created_at)
    VALUES (${division}, ${`联勤小组${tag()}`}, ${at(day)}) RETURNING id`.execute(db);
  await sql`INSERT INTO duty_log (group_id, division_code, duty_date, activities)
    VALUES (${group.rows[0]?.id as string}, ${division}, ${day}, '走访本组住户')`.execute(db);
}
