import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../http/session.ts';

export const SYSTEM_ACTOR: Actor = { id: null, username: 'system', role: null, divisionCode: null, ip: null };

export interface AuditEntry {
  action: string;
  outcome?: 'ok' | 'denied' | 'not_found' | 'failed';
  entity?: string;
  entityId?: string;
  personIds?: string[];
  details?: Record<string, unknown>;
}

/**
 * One row per person the entry is about (or one row about nobody), so the access log is a btree lookup.
 * The rows share the statement's timestamp (the column default, clock_timestamp(), gave each row its own
 * microsecond), which is what lets the auditor's page fold one list read back into one line.
 */
export function auditRows(actor: Actor, entry: AuditEntry) {
  const base = {
    at: sql<Date>`statement_timestamp()`,
    actor_id: actor.id,
    actor_username: actor.username,
    actor_role: actor.role,
    actor_division: actor.divisionCode,
    ip: actor.ip,
    action: entry.action,
    outcome: entry.outcome ?? 'ok',
    entity: entry.entity ?? null,
    entity_id: entry.entityId ?? null,
    details: entry.details ? JSON.stringify(entry.details) : null,
  };
  const people = entry.personIds && entry.personIds.length > 0 ? entry.personIds : [null];
  return people.map((person_id) => ({ ...base, person_id }));
}

/** Appends to the audit log; call it with the transaction of the change it records. */
export async function writeAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(auditRows(actor, entry)).execute();
}

export interface AccessRow {
  at: Date;
  action: string;
  actor_username: string | null;
  actor_role: string | null;
  actor_division: string | null;
  display_name: string | null;
  division_name: string | null;
  division_full_name: string | null;
  /** An exchange message's purpose (协查事由), from the audit row or else the message itself. */
  purpose: string | null;
}

/** Accesses to one person, newest first (reads, writes, list appearances); several ids: a person's merged records. */
export async function listPersonAccess(
  db: Db,
  personId: string | readonly string[],
  limit = 200,
): Promise<AccessRow[]> {
  const ids = typeof personId === 'string' ? [personId] : [...personId];
  const rows = await db
    .selectFrom('audit_log as a')
    .leftJoin('app_user as u', 'u.id', 'a.actor_id')
    .leftJoin('division as d', 'd.code', 'a.actor_division')
    .where('a.person_id', 'in', ids)
    .select([
      'a.at',
      'a.action',
      'a.actor_username',
      'a.actor_role',
      'a.actor_division',
      'u.display_name',
      'd.name as division_name',
      'd.full_name as division_full_name',
      sql<string | null>`CASE WHEN a.entity = 'exchange_message' THEN coalesce(a.details->>'purpose',
        (SELECT o.payload->>'purpose' FROM exchange_outbox o WHERE o.id = a.entity_id::uuid),
        (SELECT i.payload->>'purpose' FROM exchange_inbox i WHERE i.id = a.entity_id::uuid)) END`.as('purpose'),
    ])
    .orderBy('a.seq', 'desc')
    .limit(limit)
    .execute();
  if (ids.length === 1) return rows;
  // One entry about several of these records (a merge) wrote a row per record, all with the statement's time.
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.at.getTime()}|${r.action}|${r.actor_username}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
