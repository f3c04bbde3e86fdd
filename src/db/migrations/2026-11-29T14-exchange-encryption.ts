// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Encrypted exchange bodies (issue 5): each deployment gets an X25519 key pair next to its Ed25519 exchange
 * key; messages between deployments are sealed for the receiver's key. The private key is encrypted with
 * the data key like the signing key. Null until first use (the key is created on the next start).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE exchange_identity ADD COLUMN box_public_key text, ADD COLUMN box_private_key_enc text`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE exchange_identity DROP COLUMN box_public_key, DROP COLUMN box_private_key_enc`.execute(db);
}
