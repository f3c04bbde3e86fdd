/**
 * Statistics submissions between deployments (逐级上报): a unit's frozen monthly table goes to the deployment that
 * serves the level above, sealed for it and signed like every exchange message, on the same stream and subject
 * scheme, and is checked on arrival before anything is stored. Only rollup cells travel (see
 * src/core/stats-submission.ts): no person, no ID number.
 *
 * Sending: a submission row starts as delivery 'pending'. If this deployment serves the parent division it is
 * simply 'local' (the level above reads the same table); otherwise it is published to the peer serving the
 * parent and marked 'sent' once JetStream acknowledged it, retried with backoff until then.
 */
import type { Kysely, Selectable } from 'kysely';
import type { ExchangeConfig } from '../../config.exchange.ts';
import { isWithin } from '../../core/divisions.ts';
import {
  backoffMs,
  ExchangeRejection,
  KID_HEADER,
  type Peer,
  peerServing,
  SIG_HEADER,
  serves,
  signBytes,
  subjectFor,
} from '../../core/exchange.ts';
import { MAX_BATCH_BYTES } from '../../core/exchange-batch.ts';
import { sealBody } from '../../core/exchange-seal.ts';
import {
  type FrozenReport,
  SUBMISSION_WIRE_KEY,
  type SubmissionMessage,
  submissionBody,
  submissionOf,
} from '../../core/stats-submission.ts';
import type { Database, StatSubmissionTable } from '../../db/schema.ts';
import { writeAudit } from '../audit/index.ts';
import type { ExchangeIdentity } from './exchange.identity.ts';
import { EXCHANGE_ACTOR } from './exchange.inbox.ts';
import { type NatsLink, publishSigned } from './exchange.nats.ts';

type Row = Selectable<StatSubmissionTable>;

/** A submission found in an opened body, with the peer that signed it. */
export interface ReceivedSubmission {
  message: SubmissionMessage;
  peer: Peer;
}

/**
 * The submission an opened body carries (null: a person envelope or a batch), checked: its shape and hash,
 * that this deployment serves the level it is addressed to, and that the signing peer serves the unit.
 */
export function receivedSubmission(
  plain: Uint8Array,
  served: readonly string[],
  peer: Peer,
): ReceivedSubmission | null {
  const bytes = Buffer.from(plain);
  if (!bytes.includes(`"${SUBMISSION_WIRE_KEY}"`)) return null;
  if (bytes.byteLength > MAX_BATCH_BYTES) throw new ExchangeRejection('malformed', 'too large');
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ExchangeRejection('malformed', 'not JSON');
  }
  const message = submissionOf(json, (detail) => new ExchangeRejection('malformed', detail));
  if (!message) return null;
  if (!isWithin(message.division, message.parent) || message.division === message.parent)
    throw new ExchangeRejection('malformed', 'the parent is not above the unit');
  if (!serves(served, message.parent)) throw new ExchangeRejection('not_our_division', message.parent);
  if (peer.divisions.length > 0 && !peer.divisions.some((d) => isWithin(message.division, d.padEnd(12, '0'))))
    throw new ExchangeRejection('peer_division', message.division);
  return { message, peer };
}

/**
 * Stores a received submission once (a redelivery is a duplicate): the latest version is the one in force, so
 * versions arriving out of order still leave the highest one current.
 */
export async function applySubmission(
  db: Kysely<Database>,
  received: ReceivedSubmission,
): Promise<{ status: 'applied'; id: string } | { status: 'duplicate' }> {
  const m = received.message;
  return db.transaction().execute(async (trx) => {
    const higher = await trx
      .selectFrom('stat_submission')
      .select('id')
      .where('division_code', '=', m.division)
      .where('period_kind', '=', m.periodKind)
      .where('period_key', '=', m.period)
      .where('version', '>', m.version)
      .executeTakeFirst();
    const row = await trx
      .insertInto('stat_submission')
      .values({
        division_code: m.division,
        parent_code: m.parent,
        period_kind: m.periodKind,
        period_key: m.period,
        version: m.version,
        status: higher ? 'superseded' : 'submitted',
        submitted_by: null,
        submitter_name: m.submitter,
        submitted_at: m.submittedAt,
        reason: m.reason,
        cells: JSON.stringify(m.report),
        content_hash: m.contentHash,
        origin: received.peer.name,
        delivery: 'none',
        received_at: new Date(),
      })
      .onConflict((oc) => oc.columns(['division_code', 'period_kind', 'period_key', 'version']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return { status: 'duplicate' as const };
    if (!higher) {
      await trx
        .updateTable('stat_submission')
        .set({ status: 'superseded' })
        .where('division_code', '=', m.division)
        .where('period_kind', '=', m.periodKind)
        .where('period_key', '=', m.period)
        .where('version', '<', m.version)
        .execute();
    }
    await writeAudit(trx, EXCHANGE_ACTOR, {
      action: 'stats.submission.receive',
      entity: 'stat_submission',
      entityId: row.id,
      details: { division: m.division, period: m.period, version: m.version, peer: received.peer.kid },
    });
    return { status: 'applied' as const, id: row.id };
  });
}

export function messageOf(row: Row): SubmissionMessage {
  return {
    id: row.id,
    division: row.division_code,
    parent: row.parent_code,
    periodKind: row.period_kind,
    period: row.period_key,
    version: row.version,
    reason: row.reason,
    submitter: row.submitter_name,
    submittedAt: new Date(row.submitted_at).toISOString(),
    contentHash: row.content_hash,
    report: row.cells as FrozenReport,
  };
}

/** Sends the submissions waiting for delivery; returns how many rows were handled. */
export async function dispatchSubmissions(
  deps: { db: Kysely<Database>; config: ExchangeConfig },
  link: NatsLink | null,
  identity: ExchangeIdentity | null,
): Promise<number> {
  const { db, config } = deps;
  const rows = await db
    .selectFrom('stat_submission')
    .selectAll()
    .where('delivery', '=', 'pending')
    .where('next_attempt_at', '<=', new Date())
    .orderBy('submitted_at')
    .limit(50)
    .execute();
  for (const row of rows) {
    if (serves(config.served, row.parent_code)) {
      await db.updateTable('stat_submission').set({ delivery: 'local' }).where('id', '=', row.id).execute();
      continue;
    }
    const receiver = peerServing(config.peers, row.parent_code);
    try {
      if (!receiver?.encryptionKey) throw new Error(`no configured peer serves division ${row.parent_code}`);
      if (!link || link.nc.isClosed() || !identity) throw new Error('NATS not connected');
      // Encrypt, then sign what is sent, as for person messages (exchange.envelope.ts).
      const self = { publicKey: identity.encryptionKey, privateKey: identity.encryptionPrivateKey };
      const data = sealBody(submissionBody(messageOf(row)), self, receiver.encryptionKey);
      const sign = { [KID_HEADER]: identity.kid, [SIG_HEADER]: signBytes(data, identity.privateKey) };
      await publishSigned(link, subjectFor(config.subjectPrefix, row.parent_code), data, row.id, sign);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('stat_submission')
          .set((eb) => ({ delivery: 'sent', delivery_error: null, delivery_attempts: eb('delivery_attempts', '+', 1) }))
          .where('id', '=', row.id)
          .execute();
        await writeAudit(trx, EXCHANGE_ACTOR, {
          action: 'stats.submission.send',
          entity: 'stat_submission',
          entityId: row.id,
          details: { division: row.division_code, period: row.period_key, version: row.version, peer: receiver.kid },
        });
      });
    } catch (err) {
      const attempts = row.delivery_attempts + 1;
      await db
        .updateTable('stat_submission')
        .set({
          delivery_attempts: attempts,
          delivery_error: String(err instanceof Error ? err.message : err).slice(0, 500),
          next_attempt_at: new Date(Date.now() + backoffMs(Math.min(attempts, 8))),
        })
        .where('id', '=', row.id)
        .execute();
    }
  }
  return rows.length;
}
