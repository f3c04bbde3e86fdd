// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';
import { keepEventSources } from './shared.ts';

/**
 * The last three pending indicators (issue 6) as event sources of the generic counter of T09, so they are
 * maintained by the same statement-level triggers and recomputed by `stat_rebuild()`:
 *
 * - 按时反馈率 (exchange on-time feedback): messages in the inbox that need our answer (inquiries, inflow
 *   notifications), counted in the month of their deadline (`due_on`); on time when answered (`replied_at`, China
 *   date) on or before it. Nothing depends on today: a message due in a month that has not ended yet counts as due
 *   and not (yet) on time until it is answered, so the figure of a month still running is provisional.
 * - 配对率 (pairing rate): inflow notifications we sent (outbox), in the month sent; paired when the origin's
 *   pairing reply (the inbox row `reply_id` points at) says found. That reply row is written before the outbox row
 *   is marked replied, in the same transaction, and inbox rows are never updated in kind or payload nor deleted, so
 *   the expression reads a fact that cannot change under the trigger.
 * - 库存可供天数 (days of supply): units dispensed (`quantity` of `dispensed` movements), by month and item; the
 *   indicator divides the stock by the average dispensed per day over a trailing window (src/core/indicators).
 *
 * Months of timestamps are taken in China time (Asia/Shanghai is UTC+8 with no DST), as in T09/T13.
 */
const CHINA_DAY = (column: string) => `(x.${column} AT TIME ZONE 'UTC' + interval '8 hours')`;
const DUE = 'x.needs_reply AND x.due_on IS NOT NULL';
const INFLOW_NOTIFICATION = `x.kind = 'notification' AND x.event = 'inflow'`;

const sources: [measure: string, table: string, date: string, detail: string, filter: string, value: string][] = [
  ['exchange.feedback_due', 'exchange_inbox', 'x.due_on', 'x.kind', DUE, '1'],
  [
    'exchange.feedback_on_time',
    'exchange_inbox',
    'x.due_on',
    'x.kind',
    `${DUE} AND x.replied_at IS NOT NULL AND ${CHINA_DAY('replied_at')}::date <= x.due_on`,
    '1',
  ],
  ['exchange.notified', 'exchange_outbox', CHINA_DAY('created_at'), 'NULL', INFLOW_NOTIFICATION, '1'],
  [
    'exchange.paired',
    'exchange_outbox',
    CHINA_DAY('created_at'),
    'NULL',
    `${INFLOW_NOTIFICATION} AND x.reply_id IS NOT NULL AND EXISTS (SELECT 1 FROM exchange_inbox r
      WHERE r.id = x.reply_id AND r.kind = 'pairing' AND r.payload -> 'found' = 'true'::jsonb)`,
    '1',
  ],
  ['stock.dispensed', 'stock_movement', CHINA_DAY('at'), 'x.item', `x.kind = 'dispensed'`, 'x.quantity'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [measure, table, date, detail, filter, value] of sources) {
    await sql`SELECT stat_register_event_source(${measure}, ${table}, 'division_code', ${date}, ${detail},
      ${filter}, ${value})`.execute(db);
  }
  await sql`SELECT stat_rebuild()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The tables keep their triggers (earlier migrations registered sources on them too); only the sources go.
  const list = sources.map(([m]) => `'${m}'`).join(', ');
  await keepEventSources(db, `x.measure NOT IN (${list})`);
  await sql.raw(`DELETE FROM stat_rollup WHERE measure IN (${list})`).execute(db);
}
