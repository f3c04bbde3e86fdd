/**
 * The deployment's Ed25519 signing keys, kept in the database (private keys AES-GCM encrypted with the data
 * key) so every server process and the CLI share them. One key is active; `liudong keys rotate` retires it
 * and makes a new one. Retired keys stay, so certificates signed with them still verify by key id.
 */
import type crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  generateSigningKey,
  type PublicKeyEntry,
  privateKeyObject,
  publicKeyRing,
} from '../../core/certificate-payload.ts';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { PiiCipher } from '../../security/pii.ts';

export interface ActiveKey {
  kid: string;
  privateKey: crypto.KeyObject;
}

/** Inserts a new active key after retiring the current one; returns the new key id. */
export async function rotateSigningKey(
  db: Kysely<Database>,
  pii: PiiCipher,
): Promise<{ kid: string; retired: string[] }> {
  return db.transaction().execute(async (trx) => {
    const retired = await trx
      .updateTable('signing_key')
      .set({ retired_at: new Date() })
      .where('retired_at', 'is', null)
      .returning('kid')
      .execute();
    const key = generateSigningKey();
    await trx
      .insertInto('signing_key')
      .values({ kid: key.kid, public_key: key.publicKey, private_key_enc: pii.encrypt(key.privateKey) })
      .execute();
    return { kid: key.kid, retired: retired.map((r) => r.kid) };
  });
}

export async function listPublicKeys(db: Db) {
  return db
    .selectFrom('signing_key')
    .select(['kid', 'public_key', 'created_at', 'retired_at'])
    .orderBy('created_at')
    .execute();
}

/** The active key, creating the first one on first use; concurrent first uses agree through the unique index. */
export async function activeSigningKey(db: Db, pii: PiiCipher): Promise<ActiveKey> {
  let row = await db
    .selectFrom('signing_key')
    .select(['kid', 'private_key_enc'])
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  if (!row) {
    const key = generateSigningKey();
    await db
      .insertInto('signing_key')
      .values({ kid: key.kid, public_key: key.publicKey, private_key_enc: pii.encrypt(key.privateKey) })
      .onConflict((oc) => oc.doNothing())
      .execute();
    row = await db
      .selectFrom('signing_key')
      .select(['kid', 'private_key_enc'])
      .where('retired_at', 'is', null)
      .executeTakeFirstOrThrow();
  }
  return { kid: row.kid, privateKey: privateKeyObject(pii.decrypt(row.private_key_enc)) };
}

/**
 * Public keys for verification, cached per process. An unknown key id triggers one reload (a key rotated by
 * the CLI or another process), rate-limited so forged key ids cannot turn every request into a query.
 */
export class KeyRing {
  private ring = new Map<string, crypto.KeyObject>();
  private loadedAt = 0;
  private static readonly RELOAD_MS = 5000;

  constructor(private readonly db: Kysely<Database>) {}

  async keys(kid?: string): Promise<ReadonlyMap<string, crypto.KeyObject>> {
    const stale = Date.now() - this.loadedAt > KeyRing.RELOAD_MS;
    if (this.loadedAt === 0 || (kid !== undefined && !this.ring.has(kid) && stale)) await this.reload();
    return this.ring;
  }

  async reload(): Promise<void> {
    const rows = await listPublicKeys(this.db);
    const entries: PublicKeyEntry[] = rows.map((r) => ({ kid: r.kid, publicKey: r.public_key }));
    this.ring = publicKeyRing(entries);
    this.loadedAt = Date.now();
  }
}

const rings = new WeakMap<Kysely<Database>, KeyRing>();

/** One ring per database handle (the app and tests may hold several). */
export function keyRingFor(db: Kysely<Database>): KeyRing {
  let ring = rings.get(db);
  if (!ring) {
    ring = new KeyRing(db);
    rings.set(db, ring);
  }
  return ring;
}
