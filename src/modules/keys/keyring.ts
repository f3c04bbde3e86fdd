/**
 * The data-key ring in the database (table data_key, wrapped keys only) and this process's copy of it in
 * ctx.pii.keyring. A server refreshes its copy every LIUDONG_KEYRING_REFRESH_SECONDS, so a key that
 * `liudong keys rotate-data` adds from another process (PostgreSQL) is known to every server before any
 * value is written under it: the rotation waits for that (see rotation.ts).
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { newKeyId, ORIGINAL_KEY_ID, type PiiCipher } from '../../security/pii.ts';

export type DataKeyState = 'staged' | 'current' | 'active' | 'retired';

/** Reads the ring and installs what this process does not have yet; sets the current key; drops retired ones. */
export async function refreshKeyring(db: Db, pii: PiiCipher): Promise<void> {
  const rows = await db.selectFrom('data_key').select(['kid', 'wrapped', 'state']).execute();
  const ring = pii.keyring;
  let current = ORIGINAL_KEY_ID;
  for (const row of rows) {
    if (row.state === 'retired') continue;
    if (!ring.has(row.kid) && row.wrapped) ring.install(row.kid, ring.unwrap(row.kid, row.wrapped));
    if (row.state === 'current') current = row.kid;
  }
  if (ring.currentKeyId() !== current) ring.setCurrent(current);
  for (const row of rows) if (row.state === 'retired' && ring.has(row.kid)) ring.forget(row.kid);
}

/** Adds a new random key in state 'staged': every process may decrypt with it, none writes with it yet. */
export async function stageDataKey(db: Db, pii: PiiCipher): Promise<string> {
  const kid = newKeyId();
  const key = crypto.randomBytes(32);
  await db
    .insertInto('data_key')
    .values({ kid, wrapped: pii.keyring.wrap(kid, key), state: 'staged' })
    .execute();
  pii.keyring.install(kid, key);
  return kid;
}

/** Makes a staged key the current one for new writes; the previous current key stays for decryption. */
export async function activateDataKey(db: Db, pii: PiiCipher, kid: string): Promise<string> {
  const previous = pii.keyring.currentKeyId();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('data_key').set({ state: 'active' }).where('state', '=', 'current').execute();
    await trx
      .updateTable('data_key')
      .set({ state: 'current', activated_at: new Date() })
      .where('kid', '=', kid)
      .execute();
  });
  pii.keyring.setCurrent(kid);
  return previous;
}

export interface DataKeyInfo {
  kid: string;
  state: DataKeyState;
  createdAt: Date | null;
  activatedAt: Date | null;
  retiredAt: Date | null;
  /** Present only while the key is not retired. */
  hasMaterial: boolean;
  rotationFinishedAt: Date | null;
}

/** The ring as stored, with the original key (v1) listed first even though it has no row until retired. */
export async function listDataKeys(db: Db): Promise<DataKeyInfo[]> {
  const rows = await db.selectFrom('data_key').selectAll().orderBy('created_at').execute();
  const info = rows.map(
    (r): DataKeyInfo => ({
      kid: r.kid,
      state: r.state,
      createdAt: r.kid === ORIGINAL_KEY_ID ? null : new Date(r.created_at),
      activatedAt: r.activated_at,
      retiredAt: r.retired_at,
      hasMaterial: r.wrapped !== null,
      rotationFinishedAt: r.rotation_finished_at,
    }),
  );
  if (!info.some((k) => k.kid === ORIGINAL_KEY_ID)) {
    info.unshift({
      kid: ORIGINAL_KEY_ID,
      state: info.some((k) => k.state === 'current') ? 'active' : 'current',
      createdAt: null,
      activatedAt: null,
      retiredAt: null,
      hasMaterial: true,
      rotationFinishedAt: null,
    });
  }
  return info;
}
