/**
 * This deployment's Ed25519 exchange key: created on first use (like the certificate keys), private key
 * AES-GCM encrypted with the data key. Peers list its public key (`liudong exchange keys`).
 */
import type crypto from 'node:crypto';
import { privateKeyObject } from '../../core/certificate-payload.ts';
import { generateExchangeKey } from '../../core/exchange.ts';
import type { PiiCipher } from '../../security/pii.ts';
import type { Db } from '../audit/audit.repository.ts';

export interface ExchangeIdentity {
  kid: string;
  publicKey: string;
  privateKey: crypto.KeyObject;
}

export async function exchangeIdentity(db: Db, pii: PiiCipher): Promise<ExchangeIdentity> {
  let row = await db.selectFrom('exchange_identity').selectAll().orderBy('created_at').limit(1).executeTakeFirst();
  if (!row) {
    const key = generateExchangeKey();
    await db
      .insertInto('exchange_identity')
      .values({ kid: key.kid, public_key: key.publicKey, private_key_enc: pii.encrypt(key.privateKey) })
      .execute();
    row = await db.selectFrom('exchange_identity').selectAll().orderBy('created_at').limit(1).executeTakeFirstOrThrow();
  }
  return { kid: row.kid, publicKey: row.public_key, privateKey: privateKeyObject(pii.decrypt(row.private_key_enc)) };
}
