/**
 * SQL for the exchange views. Scope is in every WHERE clause: a message belongs to the division on our
 * side (the sender's for the outbox, the receiver's for the inbox).
 */
import { sql } from 'kysely';
import { LEVEL_PREFIX_LENGTH, levelOf } from '../../core/divisions.ts';
import type { Db } from '../../db/database.ts';
import type { Scoped, Subtree } from '../../db/scoped.ts';

export type Box = 'inbox' | 'outbox';

export interface MessageFilter {
  box: Box;
  /** The division chosen (the user's or one inside it). */
  within: Subtree;
  kind?: string | undefined;
  /** inbox: open | answered | overdue; outbox: pending | sent | delivered | rejected | awaiting_reply | overdue */
  status?: string | undefined;
  today: string;
  page: number;
  pageSize: number;
}

export interface MessageListRow {
  id: string;
  kind: string;
  event: string | null;
  case_id: string;
  from_division: string;
  to_division: string;
  urgent: boolean;
  needs_reply: boolean;
  due_on: string | null;
  replied_at: Date | null;
  in_reply_to: string | null;
  payload: Record<string, unknown>;
  person_id: string | null;
  person_name: string | null;
  person_id_masked: string | null;
  at: Date;
  status: string;
  transport: string | null;
  last_error: string | null;
  case_state: string | null;
}

export async function listMessages(db: Db, f: MessageFilter): Promise<{ rows: MessageListRow[]; total: number }> {
  const inbox = f.box === 'inbox';
  const table = sql.table(inbox ? 'exchange_inbox' : 'exchange_outbox');
  const like = f.within.like;
  const open = sql`m.needs_reply and m.replied_at is null`;
  const conditions = [sql`m.division_code like ${like}`];
  if (f.kind) conditions.push(sql`m.kind = ${f.kind}`);
  if (f.status === 'open' || f.status === 'awaiting_reply') conditions.push(open);
  if (f.status === 'answered') conditions.push(sql`m.replied_at is not null`);
  if (f.status === 'overdue') conditions.push(sql`${open} and m.due_on < ${f.today}::date`);
  if (!inbox && ['pending', 'sent', 'delivered', 'rejected'].includes(f.status ?? '')) {
    conditions.push(sql`m.status = ${f.status}`);
  }
  const where = sql.join(conditions, sql` and `);
  const rows = await sql<MessageListRow>`
    select m.id, m.kind, m.event, m.case_id, m.from_division, m.to_division, m.urgent, m.needs_reply,
           m.due_on, m.replied_at, m.in_reply_to, m.payload, m.person_id,
           p.name as person_name, p.id_masked as person_id_masked,
           ${sql.raw(inbox ? 'm.sent_at' : 'm.created_at')} as at,
           ${sql.raw(inbox ? 'm.outcome' : 'm.status')} as status,
           m.transport,
           ${sql.raw(inbox ? 'null' : 'm.last_error')} as last_error,
           (select c.state from exchange_case c where c.id = m.case_id and c.division_code like ${like}
             order by c.updated_at desc limit 1) as case_state
      from ${table} m left join person p on p.id = m.person_id
     where ${where}
     order by at desc, m.id
     limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`.execute(db);
  const count = await sql<{ n: string }>`select count(*) as n from ${table} m where ${where}`.execute(db);
  return { rows: rows.rows, total: Number(count.rows[0]?.n ?? 0) };
}

/** A case's rows on this deployment and every message of its thread, oldest first. */
export async function caseThread(scope: Scoped, caseId: string) {
  const cases = await scope
    .selectFrom('exchange_case as c')
    .leftJoin('person as p', 'p.id', 'c.person_id')
    .select([
      'c.id',
      'c.side',
      'c.state',
      'c.division_code',
      'c.counterpart_division',
      'c.paired_at',
      'c.created_at',
      'c.updated_at',
      'c.person_id',
      'p.name as person_name',
      'p.id_masked as person_id_masked',
    ])
    .where('c.id', '=', caseId)
    .execute();
  if (cases.length === 0) return null;
  const columns = [
    'id',
    'kind',
    'event',
    'from_division',
    'to_division',
    'urgent',
    'due_on',
    'replied_at',
    'in_reply_to',
    'payload',
  ] as const;
  const [out, inbox] = await Promise.all([
    scope
      .selectFrom('exchange_outbox')
      .select([...columns, 'created_at as at', 'status'])
      .where('case_id', '=', caseId)
      .execute(),
    scope
      .selectFrom('exchange_inbox')
      .select([...columns, 'sent_at as at', 'outcome as status']) // the sender's time, as the inbox row shows
      .where('case_id', '=', caseId)
      .execute(),
  ]);
  const messages = [
    ...out.map((m) => ({ ...m, direction: 'out' as const })),
    ...inbox.map((m) => ({ ...m, direction: 'in' as const })),
  ].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  return { cases, messages };
}

export async function listDeadLetters(scope: Scoped, status: 'open' | 'retried' | undefined) {
  let q = scope.db
    .selectFrom('exchange_dead_letter')
    .select([
      'id',
      'source',
      'subject',
      'peer',
      'message_id',
      'division_code',
      'reason_code',
      'reason',
      'status',
      'retries',
      'received_at',
      'retried_at',
    ])
    // Unattributable letters (no readable division) are shown to every county administrator.
    .where((eb) => eb.or([scope.on('exchange_dead_letter')(eb), eb('division_code', 'is', null)]));
  if (status) q = q.where('status', '=', status);
  return q.orderBy('received_at', 'desc').limit(500).execute();
}

export interface RateRow {
  division: string;
  sent: number;
  received: number;
  /** Replies owed by this division (inquiries and inflow notifications received), counted once due or answered. */
  repliesDue: number;
  repliesOnTime: number;
  /** Inflow notifications this division sent, and how many the origin paired. */
  pairingRequests: number;
  paired: number;
  onTimeFeedbackRate: number | null;
  pairingRate: number | null;
}

/**
 * The China-time (UTC+8, no daylight saving) calendar day of a timestamptz column, whatever the session's
 * time zone: the same expression the statistics rollups date exchange messages by.
 */
const chinaDay = (column: string) => sql.raw(`(${column} at time zone 'UTC' + interval '8 hours')::date`);

/**
 * Exchange indicators per child division of `division` (and a total), over messages created/applied in
 * [from, to]. The statistics module reads them from here, so the definitions live in one place:
 * - sent / received: messages in the outbox / inbox of the division;
 * - on-time feedback rate (反馈及时率): replies sent by the due date ÷ replies owed (due by today or answered);
 * - pairing rate (配对率): inflow notifications paired by the origin ÷ inflow notifications sent.
 */
export async function exchangeRates(
  db: Db,
  q: { division: string; from?: string | undefined; to?: string | undefined; today: string },
): Promise<{ total: RateRow; children: RateRow[] }> {
  const level = levelOf(q.division);
  const prefix = q.division.slice(0, LEVEL_PREFIX_LENGTH[level]);
  const childLen = level < 5 ? LEVEL_PREFIX_LENGTH[(level + 1) as 2 | 3 | 4 | 5] : 12;
  const from = q.from ?? '1970-01-01';
  const to = q.to ?? '9999-12-31';
  const result = await sql<{
    division: string;
    sent: string;
    received: string;
    replies_due: string;
    replies_on_time: string;
    pairing_requests: string;
    paired: string;
  }>`
    with o as (
      select substr(m.division_code, 1, ${childLen}) as division,
             count(*) as sent,
             count(*) filter (where m.kind = 'notification' and m.event = 'inflow') as pairing_requests,
             count(*) filter (where m.kind = 'notification' and m.event = 'inflow'
               and exists (select 1 from exchange_inbox r where r.id = m.reply_id and r.outcome = 'paired')) as paired
        from exchange_outbox m
       where m.division_code like ${`${prefix}%`}
         and ${chinaDay('m.created_at')} between ${from}::date and ${to}::date
       group by 1
    ), i as (
      select substr(m.division_code, 1, ${childLen}) as division,
             count(*) as received,
             count(*) filter (where m.needs_reply and (m.replied_at is not null or m.due_on < ${q.today}::date)) as replies_due,
             count(*) filter (where m.needs_reply and m.replied_at is not null and ${chinaDay('m.replied_at')} <= m.due_on) as replies_on_time
        from exchange_inbox m
       where m.division_code like ${`${prefix}%`}
         and ${chinaDay('m.applied_at')} between ${from}::date and ${to}::date
       group by 1
    )
    select coalesce(o.division, i.division) as division,
           coalesce(o.sent, 0) as sent, coalesce(i.received, 0) as received,
           coalesce(i.replies_due, 0) as replies_due, coalesce(i.replies_on_time, 0) as replies_on_time,
           coalesce(o.pairing_requests, 0) as pairing_requests, coalesce(o.paired, 0) as paired
      from o full outer join i on i.division = o.division
     order by 1`.execute(db);
  const toRow = (division: string, r: Omit<RateRow, 'division' | 'onTimeFeedbackRate' | 'pairingRate'>): RateRow => ({
    division,
    ...r,
    onTimeFeedbackRate: r.repliesDue > 0 ? r.repliesOnTime / r.repliesDue : null,
    pairingRate: r.pairingRequests > 0 ? r.paired / r.pairingRequests : null,
  });
  const children = result.rows.map((r) =>
    toRow(r.division.padEnd(12, '0'), {
      sent: Number(r.sent),
      received: Number(r.received),
      repliesDue: Number(r.replies_due),
      repliesOnTime: Number(r.replies_on_time),
      pairingRequests: Number(r.pairing_requests),
      paired: Number(r.paired),
    }),
  );
  const sum = (k: 'sent' | 'received' | 'repliesDue' | 'repliesOnTime' | 'pairingRequests' | 'paired') =>
    children.reduce((n, r) => n + r[k], 0);
  return {
    total: toRow(q.division, {
      sent: sum('sent'),
      received: sum('received'),
      repliesDue: sum('repliesDue'),
      repliesOnTime: sum('repliesOnTime'),
      pairingRequests: sum('pairingRequests'),
      paired: sum('paired'),
    }),
    children,
  };
}

/** Queue depths, lag, dead letters and peers for `liudong exchange status` and the console. */
export async function exchangeStatus(db: Db) {
  const pending = await db
    .selectFrom('exchange_outbox')
    .select([
      (eb) => eb.fn.countAll<string>().as('n'),
      (eb) => eb.fn.min('created_at').as('oldest'),
      sql<string>`count(*) filter (where last_error is not null)`.as('failing'),
    ])
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  const awaiting = await db
    .selectFrom('exchange_outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('needs_reply', '=', true)
    .where('replied_at', 'is', null)
    .executeTakeFirstOrThrow();
  const openInbox = await db
    .selectFrom('exchange_inbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('needs_reply', '=', true)
    .where('replied_at', 'is', null)
    .executeTakeFirstOrThrow();
  const dead = await db
    .selectFrom('exchange_dead_letter')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  const peers = await db
    .selectFrom('exchange_inbox')
    .select(['peer', (eb) => eb.fn.max('applied_at').as('last_seen'), (eb) => eb.fn.countAll<string>().as('n')])
    .where('peer', 'is not', null)
    .groupBy('peer')
    .execute();
  const lag = await db
    .selectFrom('exchange_inbox')
    .select(sql<number | null>`extract(epoch from avg(applied_at - sent_at)) * 1000`.as('ms'))
    .where('applied_at', '>', sql<Date>`now() - interval '1 hour'`)
    .executeTakeFirstOrThrow();
  return {
    outboxPending: Number(pending.n),
    outboxFailing: Number(pending.failing),
    oldestPendingAt: pending.oldest ? new Date(pending.oldest) : null,
    awaitingReplies: Number(awaiting.n),
    inboxOpen: Number(openInbox.n),
    deadLetters: Number(dead.n),
    meanLagMsLastHour: lag.ms === null ? null : Number(lag.ms),
    peersSeen: peers.map((p) => ({
      kid: p.peer as string,
      lastSeen: new Date(p.last_seen as Date),
      messages: Number(p.n),
    })),
  };
}
