/**
 * This deployment's exchange keys, created on first use (like the certificate keys), private halves AES-GCM
 * encrypted with the data key: an Ed25519 key that signs what it sends, and an X25519 key that peers seal
 * messages to it with. Peers list both public keys (`liudong exchange keys`).
 */
import type crypto from 'node:crypto';
import { privateKeyObject } from '../../core/certificate-payload.ts';
import { generateExchangeKey } from '../../core/exchange.ts';
import { generateBoxKey } from '../../core/exchange-seal.ts';
import type { Db } from '../../db/database.ts';
import type { PiiCipher } from '../../security/pii.ts';

export interface ExchangeIdentity {
  kid: string;
  publicKey: string;
  privateKey: crypto.KeyObject;
  /** X25519 public key (raw, base64url) that peers encrypt bodies for. */
  encryptionKey: string;
  encryptionPrivateKey: crypto.KeyObject;
}

export async function exchangeIdentity(db: Db, pii: PiiCipher): Promise<ExchangeIdentity> {
  let row = await db.selectFrom('exchange_identity').selectAll().orderBy('created_at').limit(1).executeTakeFirst();
  if (!row) {
    const key = generateExchangeKey();
    const box = generateBoxKey();
    await db
      .insertInto('exchange_identity')
      .values({
        kid: key.kid,
        public_key: key.publicKey,
        private_key_enc: pii.encrypt(key.privateKey),
        box_public_key: box.publicKey,
        box_private_key_enc: pii.encrypt(box.privateKey),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    row = await db.selectFrom('exchange_identity').selectAll().orderBy('created_at').limit(1).executeTakeFirstOrThrow();
  }
  if (!row.box_public_key || !row.box_private_key_enc) {
    // A deployment from before encrypted bodies: its encryption key is added once (the first writer wins).
    const box = generateBoxKey();
    await db
      .updateTable('exchange_identity')
      .set({ box_public_key: box.publicKey, box_private_key_enc: pii.encrypt(box.privateKey) })
      .where('kid', '=', row.kid)
      .where('box_public_key', 'is', null)
      .execute();
    row = await db.selectFrom('exchange_identity').selectAll().where('kid', '=', row.kid).executeTakeFirstOrThrow();
  }
  return {
    kid: row.kid,
    publicKey: row.public_key,
    privateKey: privateKeyObject(pii.decrypt(row.private_key_enc)),
    encryptionKey: row.box_public_key as string,
    encryptionPrivateKey: privateKeyObject(pii.decrypt(row.box_private_key_enc as string)),
  };
}
