// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Every 协查 has a lawful purpose (issue 26 part 8): a closed list carried in the message's payload, the old
 * free text kept as the note within it. Inquiries sent before this carried only free text; this maps each to
 * the nearest purpose by its words (a referral of a service, a certificate, a birth registration, an address
 * or contact, else registration pairing). The payload's purpose is checked against the list in both boxes.
 */
const PURPOSES = `('registration_pairing', 'certificate_verification', 'service_referral', 'contact_update',
  'birth_registration_check')`;

const mapped = `CASE
    WHEN payload->>'text' ~ '(转介|保健|产前|产后|孕|访视|服务)' OR event = 'referral' THEN 'service_referral'
    WHEN payload->>'text' ~ '(证明|证件)' THEN 'certificate_verification'
    WHEN payload->>'text' ~ '(生育登记|出生)' THEN 'birth_registration_check'
    WHEN payload->>'text' ~ '(居住|住址|地址|联系|电话)' THEN 'contact_update'
    ELSE 'registration_pairing'
  END`;

const statements = [
  ...['exchange_outbox', 'exchange_inbox'].flatMap((table) => [
    `UPDATE ${table} SET payload = payload || jsonb_build_object('purpose', ${mapped})
      WHERE kind = 'inquiry' AND NOT payload ? 'purpose'`,
    `ALTER TABLE ${table} ADD CONSTRAINT ${table}_purpose_check
      CHECK (payload->>'purpose' IS NULL OR payload->>'purpose' IN ${PURPOSES})`,
  ]),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE exchange_inbox DROP CONSTRAINT exchange_inbox_purpose_check`.execute(db);
  await sql`ALTER TABLE exchange_outbox DROP CONSTRAINT exchange_outbox_purpose_check`.execute(db);
}
