/** SQL for complaints; staff reads go through the scoped entry (src/db/scoped.ts). */
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ComplaintLegalRequestTable, ComplaintTable } from '../../db/schema.ts';
import type { Scoped } from '../../db/scoped.ts';

export type ComplaintRow = Selectable<ComplaintTable>;

export async function nextComplaintNumber(db: Db, year: number): Promise<string> {
  const { rows } = await sql<{ n: string }>`SELECT nextval('complaint_serial_seq')::text AS n`.execute(db);
  return `WQ${year}${String(rows[0]?.n ?? '0').padStart(6, '0')}`;
}

export async function insertComplaint(db: Db, values: Insertable<ComplaintTable>): Promise<ComplaintRow> {
  return db.insertInto('complaint').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findComplaintInScope(scope: Scoped, id: string): Promise<ComplaintRow | undefined> {
  return scope.selectFrom('complaint').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findComplaintOfPerson(db: Db, id: string, personId: string): Promise<ComplaintRow | undefined> {
  return db
    .selectFrom('complaint')
    .selectAll()
    .where('id', '=', id)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export async function listComplaintsOfPerson(db: Db, personId: string): Promise<ComplaintRow[]> {
  return db
    .selectFrom('complaint')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
}

export interface ComplaintFilter {
  status?: string | undefined;
  overdueOn?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listComplaintsInScope(scope: Scoped, f: ComplaintFilter) {
  let q = scope.selectFrom('complaint');
  if (f.status) q = q.where('status', '=', f.status as ComplaintRow['status']);
  if (f.overdueOn) q = q.where('status', '=', 'open').where('due_on', '<', f.overdueOn);
  const [rows, total] = await Promise.all([
    q
      .selectAll()
      .orderBy(sql`CASE status WHEN 'open' THEN 0 ELSE 1 END`)
      .orderBy('due_on')
      .orderBy('number')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Marks open complaints past their deadline as escalated (once); returns the rows newly escalated. */
export async function escalateOverdue(scope: Scoped, day: string, at: Date) {
  return scope.db
    .updateTable('complaint')
    .set({ escalated_at: at })
    .where(scope.on('complaint'))
    .where('status', '=', 'open')
    .where('due_on', '<', day)
    .where('escalated_at', 'is', null)
    .returning(['id', 'number', 'person_id', 'division_code', 'due_on'])
    .execute();
}

export async function listLegalRequests(db: Db, complaintIds: string[]) {
  if (complaintIds.length === 0) return [];
  return db
    .selectFrom('complaint_legal_request')
    .selectAll()
    .where('complaint_id', 'in', complaintIds)
    .orderBy('created_at')
    .execute();
}

export async function insertLegalRequest(db: Db, values: Insertable<ComplaintLegalRequestTable>) {
  return db.insertInto('complaint_legal_request').values(values).returningAll().executeTakeFirstOrThrow();
}

export interface ComplaintCounts {
  division: string;
  received: number;
  resolved: number;
  resolvedInTime: number;
}

/**
 * Per-division counts for the "complaints resolved in time" indicator (及时办结率 = resolvedInTime / received):
 * complaints received in [from, to] inside the scope, grouped by the first `groupLength` digits of the
 * division code (padded back to 12 digits). A complaint counts as resolved once it has a reply, and in time
 * when the reply came on or before its deadline (working days, see core/complaints.ts).
 */
export async function complaintCountsByDivision(
  scope: Scoped,
  f: { from: string; to: string; groupLength: number },
): Promise<ComplaintCounts[]> {
  const group = sql<string>`rpad(substr(division_code, 1, ${sql.lit(Math.trunc(f.groupLength))}), 12, '0')`;
  const rows = await scope
    .selectFrom('complaint')
    .where('received_on', '>=', f.from)
    .where('received_on', '<=', f.to)
    .select([
      group.as('division'),
      sql<string>`count(*)`.as('received'),
      sql<string>`count(*) FILTER (WHERE replied_on IS NOT NULL)`.as('resolved'),
      sql<string>`count(*) FILTER (WHERE replied_on IS NOT NULL AND replied_on <= due_on)`.as('resolved_in_time'),
    ])
    .groupBy(group)
    .orderBy(group)
    .execute();
  return rows.map((r) => ({
    division: r.division,
    received: Number(r.received),
    resolved: Number(r.resolved),
    resolvedInTime: Number(r.resolved_in_time),
  }));
}

export interface AttachmentInfo {
  id: string;
  complaintId: string;
  fileName: string;
  size: number;
  contentType: string;
}

/** Attachment metadata (never the bytes) for a set of complaints. */
export async function attachmentsFor(db: Db, complaintIds: string[]): Promise<Map<string, AttachmentInfo[]>> {
  const out = new Map<string, AttachmentInfo[]>();
  if (complaintIds.length === 0) return out;
  const rows = await db
    .selectFrom('complaint_attachment')
    .select(['id', 'complaint_id', 'file_name', 'size', 'content_type'])
    .where('complaint_id', 'in', complaintIds)
    .orderBy('created_at')
    .execute();
  for (const r of rows) {
    const list = out.get(r.complaint_id) ?? [];
    list.push({
      id: r.id,
      complaintId: r.complaint_id,
      fileName: r.file_name,
      size: r.size,
      contentType: r.content_type,
    });
    out.set(r.complaint_id, list);
  }
  return out;
}
