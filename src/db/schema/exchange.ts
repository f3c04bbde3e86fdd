/** Information exchange between the areas of origin and residence. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Timestamp } from './columns.ts';

/** This deployment's Ed25519 exchange key (issue 5); the private key is AES-GCM encrypted like ID numbers. */
export interface ExchangeIdentityTable {
  kid: string;
  public_key: string;
  private_key_enc: string;
  /** X25519 key pair for encrypted bodies (null until first use). */
  box_public_key: string | null;
  box_private_key_enc: string | null;
  created_at: Timestamp;
}

export type ExchangeKind = 'inquiry' | 'notification' | 'feedback' | 'pairing';
export type ExchangeTransport = 'local' | 'nats';
export type ExchangeCaseState =
  | 'unconfirmed'
  | 'needs_reconfirmation'
  | 'registered_inflow'
  | 'registered_outflow'
  | 'moving'
  | 'settled';

/** Columns the outbox and the inbox share: one message as its sender or its receiver sees it. */
interface ExchangeMessageColumns {
  id: string;
  idempotency_key: string;
  kind: ExchangeKind;
  event: string | null;
  case_id: string;
  from_side: 'residence' | 'origin';
  person_id: string | null;
  /** Our side of the exchange: the sender's division in the outbox, the receiver's in the inbox. */
  division_code: string;
  from_division: string;
  to_division: string;
  urgent: ColumnType<boolean, boolean | undefined, boolean>;
  needs_reply: ColumnType<boolean, boolean | undefined, boolean>;
  due_on: string | null;
  in_reply_to: string | null;
  payload: JSONColumnType<Record<string, unknown>, string, string>;
  reply_id: string | null;
  replied_at: Date | null;
}

export interface ExchangeOutboxTable extends ExchangeMessageColumns {
  /** Decided when dispatched: 'local' when this deployment serves the receiver, else 'nats'. */
  transport: ExchangeTransport | null;
  status: ColumnType<
    'pending' | 'sent' | 'delivered' | 'rejected',
    'pending' | undefined,
    'pending' | 'sent' | 'delivered' | 'rejected'
  >;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Date | null;
}

export interface ExchangeInboxTable extends ExchangeMessageColumns {
  transport: ExchangeTransport;
  /** Sender key id for messages from another deployment. */
  peer: string | null;
  /** What applying it did, e.g. 'paired', 'not_found', 'answered', 'recorded'. */
  outcome: string;
  /** When the sender committed it (the sender's clock). */
  sent_at: Date | string;
  applied_at: Timestamp;
}

export interface ExchangeCaseTable {
  id: string;
  side: 'residence' | 'origin';
  person_id: string | null;
  division_code: string;
  counterpart_division: string;
  state: ExchangeCaseState;
  paired_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExchangeDeadLetterTable {
  id: Generated<string>;
  source: ExchangeTransport;
  subject: string | null;
  peer: string | null;
  message_id: string | null;
  division_code: string | null;
  reason_code: string;
  reason: JSONColumnType<{ zh: string; en: string }, string, string>;
  /** The message as received, AES-GCM encrypted (it may hold an ID number). */
  raw_enc: string;
  headers: JSONColumnType<Record<string, string>, string, string>;
  status: ColumnType<'open' | 'retried', 'open' | undefined, 'open' | 'retried'>;
  retries: Generated<number>;
  received_at: Timestamp;
  retried_at: Date | null;
}

export interface ExchangeTables {
  exchange_identity: ExchangeIdentityTable;
  exchange_outbox: ExchangeOutboxTable;
  exchange_inbox: ExchangeInboxTable;
  exchange_case: ExchangeCaseTable;
  exchange_dead_letter: ExchangeDeadLetterTable;
}
