/**
 * One page of the auditor's view, as people read it. A list read writes one audit row per person in the
 * list (so each person's access log stays a btree lookup), which made one list view dozens of identical
 * lines; here the rows of one write (same instant, actor, action, outcome, record, address and details)
 * become one line with its count. People are shown by masked name and masked ID number, resolved in SQL
 * within the auditor's jurisdiction, and users by their display names.
 */

import type { Selectable } from 'kysely';
import { maskName } from '../../core/certificate.ts';
import type { Db } from '../../db/database.ts';
import type { AuditLogTable } from '../../db/schema.ts';
import type { Scoped } from '../../db/scoped.ts';

/** The columns of an audit row this page needs (audit.routes `filtered`). */
export type RawAuditRow = Omit<Selectable<AuditLogTable>, 'chain_seq' | 'prev_hash'>;

export interface AuditGroup {
  /** The newest row of the group (the key of the line). */
  seq: string;
  rows: RawAuditRow[];
}

/** Rows of one audit write share every column but seq, person and sealing. */
function groupKey(r: RawAuditRow): string {
  return JSON.stringify([
    r.at.getTime(),
    r.actor_id,
    r.actor_username,
    r.action,
    r.outcome,
    r.entity,
    r.entity_id,
    r.ip,
    r.details,
  ]);
}

/**
 * Reads rows newest first in chunks until `pageSize` whole groups are known. A group is whole once a row
 * of another group follows it (or the rows run out), so a list read is never split across two pages.
 * `fetch(before, limit)` returns rows with seq < before (all rows when before is null), newest first.
 */
export async function readGroups(
  fetch: (before: string | null, limit: number) => Promise<RawAuditRow[]>,
  pageSize: number,
  before: string | null,
): Promise<{ groups: AuditGroup[]; next: string | null }> {
  const chunk = Math.max(200, pageSize * 4);
  const groups: AuditGroup[] = [];
  let lastKey: string | null = null;
  let cursor = before;
  for (;;) {
    const rows = await fetch(cursor, chunk);
    for (const r of rows) {
      const key = groupKey(r);
      const last = groups[groups.length - 1];
      if (last && key === lastKey) last.rows.push(r);
      else {
        if (groups.length === pageSize) {
          // A row of a further group: the page is complete and the next page starts after the last group.
          const tail = last?.rows[last.rows.length - 1];
          return { groups, next: tail?.seq ?? null };
        }
        groups.push({ seq: r.seq, rows: [r] });
        lastKey = key;
      }
    }
    if (rows.length < chunk) return { groups, next: null };
    cursor = rows[rows.length - 1]?.seq ?? null;
  }
}

export interface PersonLabel {
  name: string;
  idNumberMasked: string;
}

/** Masked name and ID of the given people, only those inside the jurisdiction (others stay unnamed). */
export async function personLabels(scope: Scoped, ids: string[]): Promise<Map<string, PersonLabel>> {
  if (ids.length === 0) return new Map();
  const rows = await scope.selectFrom('person').select(['id', 'name', 'id_masked']).where('id', 'in', ids).execute();
  return new Map(rows.map((p) => [p.id, { name: maskName(p.name), idNumberMasked: p.id_masked }]));
}

/** Users' display names by id (the audit row keeps the login name as it was at the time). */
export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((u) => [u.id, u.display_name]));
}

export interface AuditLine {
  seq: string;
  at: Date;
  actorUsername: string | null;
  /** The user's display name; null for system and anonymous rows. */
  actorName: string | null;
  actorRole: string | null;
  actorDivision: string | null;
  action: string;
  outcome: string;
  entity: string | null;
  entityId: string | null;
  /** The person, when the line is about exactly one. */
  personId: string | null;
  person: PersonLabel | null;
  /** How many people the line is about (a list read of 20 people is one line with 20). */
  personCount: number;
  /** Audit rows folded into this line. */
  rows: number;
  ip: string | null;
  sealed: boolean;
  flagged: boolean;
  reason: string | null;
}

/** Turns groups into lines, resolving people and users in two queries. */
export async function auditLines(scope: Scoped, groups: AuditGroup[]): Promise<AuditLine[]> {
  const personsOf = (g: AuditGroup) => new Set(g.rows.flatMap((x) => (x.person_id ? [x.person_id] : [])));
  const single = groups.flatMap((g) => {
    const persons = personsOf(g);
    return persons.size === 1 ? [...persons] : [];
  });
  const actors = groups.flatMap((g) => (g.rows[0]?.actor_id ? [g.rows[0].actor_id] : []));
  const [people, users] = await Promise.all([
    personLabels(scope, [...new Set(single)]),
    userNames(scope.db, [...new Set(actors)]),
  ]);
  return groups.map((g) => {
    const r = g.rows[0] as RawAuditRow;
    const details = r.details ?? {};
    const persons = personsOf(g);
    const personId = persons.size === 1 ? ([...persons][0] ?? null) : null;
    return {
      seq: g.seq,
      at: r.at,
      actorUsername: r.actor_username,
      actorName: r.actor_id ? (users.get(r.actor_id) ?? null) : null,
      actorRole: r.actor_role,
      actorDivision: r.actor_division,
      action: r.action,
      outcome: r.outcome,
      entity: r.entity,
      entityId: r.entity_id,
      personId,
      person: personId ? (people.get(personId) ?? null) : null,
      personCount: persons.size,
      rows: g.rows.length,
      ip: r.ip,
      sealed: g.rows.every((x) => x.hash !== null),
      // Break-glass grants are what an auditor must review first.
      flagged: details.flagged === true,
      reason: typeof details.reason === 'string' ? details.reason : null,
    };
  });
}
