// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * A certificate without a trip home (issue 26 part 1): an inflow resident's application for a standard
 * certificate goes to the origin as an urgent 协查.
 * - `routed_at`: at the residence, when the application was sent to the origin (only the origin decides it then);
 * - `origin_inquiry_id`: at the origin, the inquiry that brought it (its decision answers that inquiry);
 * - `origin_certificate`: at the residence, the certificate the origin issued, as it travelled back (number,
 *   dates, issuer, signed payload and check link), for the resident's portal.
 */
const statements = [
  `ALTER TABLE certificate_application ADD COLUMN routed_at timestamptz`,
  `ALTER TABLE certificate_application ADD COLUMN origin_inquiry_id uuid`,
  `ALTER TABLE certificate_application ADD COLUMN origin_certificate jsonb`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE certificate_application DROP COLUMN origin_certificate`.execute(db);
  await sql`ALTER TABLE certificate_application DROP COLUMN origin_inquiry_id`.execute(db);
  await sql`ALTER TABLE certificate_application DROP COLUMN routed_at`.execute(db);
}
