/** SQL for outreach events, including the figures the annual summary quotes ("发放宣传资料 N 份"). */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export interface OutreachFigures {
  /** The division the row sums up (a child of the asked division, or the division itself for `total`). */
  divisionCode: string;
  events: number;
  materials: number;
  attendance: number;
  /** Services given at events: linked service records plus those counted without a record. */
  services: number;
}

/**
 * Outreach figures for events held between `from` and `to` (inclusive) under `prefix` (a scope prefix such
 * as '330205005'), summed per division at `groupLength` digits of the code (6 county, 9 township, 12 village),
 * padded back to 12 digits. For the statistics module's annual summary: `outreachFigures(db, { prefix:
 * '330205', from: '2026-01-01', to: '2026-12-31', groupLength: 9 })` gives one row per township.
 */
export async function outreachFigures(
  db: Db,
  f: { prefix: string; from: string; to: string; groupLength: 2 | 4 | 6 | 9 | 12 },
): Promise<OutreachFigures[]> {
  const rows = await db
    .selectFrom('outreach_event as e')
    .where('e.division_code', 'like', `${f.prefix}%`)
    .where('e.held_on', '>=', f.from)
    .where('e.held_on', '<=', f.to)
    .select([
      sql<string>`rpad(substr(e.division_code, 1, ${f.groupLength}), 12, '0')`.as('division'),
      sql<string>`count(*)`.as('events'),
      sql<string>`coalesce(sum(e.materials_count), 0)`.as('materials'),
      sql<string>`coalesce(sum(e.attendance), 0)`.as('attendance'),
      sql<string>`coalesce(sum(e.services_count + (SELECT count(*) FROM outreach_event_service s WHERE s.event_id = e.id)), 0)`.as(
        'services',
      ),
    ])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  return rows.map((r) => ({
    divisionCode: r.division,
    events: Number(r.events),
    materials: Number(r.materials),
    attendance: Number(r.attendance),
    services: Number(r.services),
  }));
}

export function sumFigures(rows: OutreachFigures[], divisionCode: string): OutreachFigures {
  return rows.reduce(
    (t, r) => ({
      divisionCode,
      events: t.events + r.events,
      materials: t.materials + r.materials,
      attendance: t.attendance + r.attendance,
      services: t.services + r.services,
    }),
    { divisionCode, events: 0, materials: 0, attendance: 0, services: 0 },
  );
}
