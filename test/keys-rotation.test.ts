/**
 * `liudong keys rotate-data` on a real database (PGlite, or PostgreSQL with DATABASE_URL): rotation under
 * concurrent writes, lookups afterwards, resuming an interrupted run, retiring, and backup/restore.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.ts';
import { restoreBackup, writeBackup } from '../src/modules/backup/backup.service.ts';
import { ENCRYPTED_COLUMNS } from '../src/modules/keys/encrypted-columns.ts';
import { listDataKeys, refreshKeyring } from '../src/modules/keys/keyring.ts';
import { findCiphertextColumns, KeyInUseError, retireDataKey } from '../src/modules/keys/retire.ts';
import { countUnderOldKeys, RotationInterruptedError, rotateData } from '../src/modules/keys/rotation.ts';
import { ciphertextKeyId, createPiiCipher, type PiiCipher } from '../src/security/pii.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';
import { personInput, validIdNumber } from './support/fixtures.ts';
import { adminQuery, databaseUrl, TEST_DATA_KEY, withDatabase } from './support/template.ts';

const MASTER = Buffer.from(TEST_DATA_KEY, 'base64');
const BATCH = 40;

let env: TestEnv;
let village: string;

beforeEach(async () => {
  env = await createTestEnv();
  village = await env.login('village');
});
afterEach(async () => {
  await env.close();
});

async function createPerson(overrides: Record<string, unknown> = {}) {
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: { cookie: village },
    payload: personInput(overrides),
  });
  expect(res.statusCode).toBe(201);
  return res.json().person as { id: string; version: number };
}

/** Every registered ciphertext decrypts with `pii`; returns the key ids seen. */
async function decryptEverything(pii: PiiCipher, db = env.ctx.db): Promise<Set<string>> {
  const kids = new Set<string>();
  for (const t of ENCRYPTED_COLUMNS) {
    const rows = await db
      .selectFrom(t.table as 'person')
      .select(t.columns as 'phone'[])
      .execute();
    for (const row of rows as Record<string, string | null>[]) {
      for (const c of t.columns) {
        const value = row[c];
        const kid = value ? ciphertextKeyId(value) : null;
        if (!value || !kid) continue;
        kids.add(kid);
        expect(() => pii.decrypt(value), `${t.table}.${c}`).not.toThrow();
      }
    }
  }
  return kids;
}

describe('rotate-data', () => {
  it('keeps every row decryptable while writes happen, and leaves nothing under v1', async () => {
    const written: { id: string; idNumber: string; phone: string }[] = [];
    let rotating = true;
    let duringRotation = 0;
    const writer = (async () => {
      for (let i = 0; rotating || i < 5; i++) {
        const idNumber = validIdNumber('341221', '1990-01-01', i % 2 ? 'M' : 'F');
        const phone = `1390000${String(1000 + i)}`;
        const person = await createPerson({ idNumber, phone });
        written.push({ id: person.id, idNumber, phone });
        // An update of an existing row races the rotator's compare-and-swap.
        const patch = await env.app.inject({
          method: 'PATCH',
          url: `/api/persons/${person.id}`,
          headers: { cookie: village },
          payload: { version: person.version, phone: `1370000${String(1000 + i)}` },
        });
        expect(patch.statusCode).toBe(200);
        const last = written[written.length - 1];
        if (last) last.phone = `1370000${String(1000 + i)}`;
        if (rotating) duringRotation++;
      }
    })();
    // A pause between batches, as an operator would use, lets the writes interleave with the batches.
    const result = await rotateData(env.ctx, { propagationMs: 0, batchSize: BATCH, pauseMs: 40 });
    rotating = false;
    await writer;

    expect(result.kid).toMatch(/^k\d{8}[0-9a-f]{6}$/);
    expect(duringRotation).toBeGreaterThan(3);
    expect([...(await decryptEverything(env.ctx.pii))]).toEqual([result.kid]);
    expect(await findCiphertextColumns(env.ctx.db, 'v1')).toEqual([]);
    for (const w of written) {
      const row = await env.ctx.db
        .selectFrom('person')
        .select(['id_number_enc', 'phone'])
        .where('id', '=', w.id)
        .executeTakeFirstOrThrow();
      expect(env.ctx.pii.decrypt(row.id_number_enc)).toBe(w.idNumber);
      expect(env.ctx.pii.decrypt(row.phone as string)).toBe(w.phone);
    }
  });

  it('still finds people by full ID number and by ID-number prefix afterwards', async () => {
    const idNumber = validIdNumber('520526', '1979-02-03');
    const person = await createPerson({ idNumber });
    await rotateData(env.ctx, { propagationMs: 0, batchSize: BATCH });

    const lookup = await env.app.inject({
      method: 'GET',
      url: `/api/persons/lookup?idNumber=${idNumber}`,
      headers: { cookie: village },
    });
    expect(lookup.json().person.id).toBe(person.id);
    const prefix = await env.app.inject({
      method: 'GET',
      url: `/api/persons?q=${idNumber.slice(0, 12)}`,
      headers: { cookie: village },
    });
    expect(prefix.json().items.map((p: { id: string }) => p.id)).toContain(person.id);
  });

  it('shows the full ID number written before the rotation', async () => {
    const idNumber = validIdNumber('411627', '1988-08-08');
    const person = await createPerson({ idNumber });
    await rotateData(env.ctx, { propagationMs: 0, batchSize: BATCH });
    const res = await env.app.inject({
      method: 'GET',
      url: `/api/persons/${person.id}?reveal=idNumber`,
      headers: { cookie: village },
    });
    expect(res.statusCode).toBe(200);
    expect(JSON.stringify(res.json())).toContain(idNumber);
  });

  it('resumes an interrupted rotation from its checkpoint with the same key', async () => {
    const before = await countUnderOldKeys(env.ctx.db, 'none');
    const abort = new AbortController();
    let batches = 0;
    await expect(
      rotateData(env.ctx, {
        propagationMs: 0,
        batchSize: BATCH,
        signal: abort.signal,
        onProgress: (p) => {
          if (p.phase === 're-encrypting' && ++batches === 3) abort.abort();
        },
      }),
    ).rejects.toBeInstanceOf(RotationInterruptedError);
    const halfway = await env.ctx.db
      .selectFrom('data_key')
      .selectAll()
      .where('state', '=', 'current')
      .executeTakeFirstOrThrow();
    expect(halfway.rotation_checkpoint?.table).toBe('person');
    expect(Number(halfway.rotated_rows)).toBe(3 * BATCH);

    const result = await rotateData(env.ctx, { propagationMs: 0, batchSize: BATCH });
    expect(result.resumed).toBe(true);
    expect(result.kid).toBe(halfway.kid);
    expect(result.rows).toBe(before - 3 * BATCH);
    expect(await countUnderOldKeys(env.ctx.db, result.kid)).toBe(0);
  });

  it('with activateOnly, writes new values under the new key at once and leaves old ones for a later run', async () => {
    const started = await rotateData(env.ctx, { propagationMs: 0, activateOnly: true });
    expect(started.finished).toBe(false);
    const person = await createPerson();
    const fresh = await env.ctx.db
      .selectFrom('person')
      .select('id_number_enc')
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(ciphertextKeyId(fresh.id_number_enc)).toBe(started.kid);
    expect(await countUnderOldKeys(env.ctx.db, started.kid)).toBeGreaterThan(0);

    const finished = await rotateData(env.ctx, { propagationMs: 0, batchSize: BATCH });
    expect([finished.kid, finished.resumed, finished.finished]).toEqual([started.kid, true, true]);
    expect(await countUnderOldKeys(env.ctx.db, started.kid)).toBe(0);
  });

  it('writes one audit entry per rotation', async () => {
    const result = await rotateData(env.ctx, { propagationMs: 0, batchSize: BATCH });
    const rows = await env.ctx.db
      .selectFrom('audit_log')
      .select(['entity_id', 'details'])
      .where('action', '=', 'keys.rotate_data')
      .execute();
    expect(rows.map((r) => r.entity_id)).toEqual([result.kid]);
  });

  it('lets another process read values under the new key once it refreshes its key ring', async () => {
    const other = createPiiCipher(MASTER);
    const result = await rotateData(env.ctx, { propagationMs: 0, batchSize: BATCH });
    const row = await env.ctx.db.selectFrom('person').select('id_number_enc').limit(1).executeTakeFirstOrThrow();
    expect(() => other.decrypt(row.id_number_enc)).toThrow(/Unknown data key/);
    await refreshKeyring(env.ctx.db, other);
    expect(other.keyring.currentKeyId()).toBe(result.kid);
    expect(env.ctx.pii.decrypt(row.id_number_enc)).toBe(other.decrypt(row.id_number_enc));
  });

  it('stores new keys only wrapped, never in clear', async () => {
    const result = await rotateData(env.ctx, { propagationMs: 0, batchSize: BATCH });
    const row = await env.ctx.db
      .selectFrom('data_key')
      .selectAll()
      .where('kid', '=', result.kid)
      .executeTakeFirstOrThrow();
    expect(row.wrapped).toMatch(/^w1\./);
    expect(() => createPiiCipher(crypto.randomBytes(32)).keyring.unwrap(result.kid, row.wrapped as string)).toThrow(
      /does not unwrap/,
    );
  });

  it('rotates twice: values under both earlier keys end under the newest', async () => {
    const first = await rotateData(env.ctx, { propagationMs: 0, batchSize: BATCH });
    await createPerson();
    const second = await rotateData(env.ctx, { propagationMs: 0, batchSize: BATCH });
    expect(second.kid).not.toBe(first.kid);
    expect([...(await decryptEverything(env.ctx.pii))]).toEqual([second.kid]);
    const ring = await listDataKeys(env.ctx.db);
    expect(ring.map((k) => [k.kid, k.state])).toEqual([
      ['v1', 'active'],
      [first.kid, 'active'],
      [second.kid, 'current'],
    ]);
  });
});

describe('retire', () => {
  it('refuses to retire the current key', async () => {
    await expect(retireDataKey(env.ctx, 'v1')).rejects.toBeInstanceOf(KeyInUseError);
  });

  it('refuses to retire a key that still protects a value, naming the column', async () => {
    const result = await rotateData(env.ctx, { propagationMs: 0, batchSize: BATCH });
    // A value written by a process that never learned of the rotation, under the original key.
    const stale = createPiiCipher(MASTER);
    await env.ctx.db
      .updateTable('person')
      .set({ employer: stale.encrypt('某公司') })
      .where('id', '=', (await createPerson()).id)
      .execute();
    await expect(retireDataKey(env.ctx, 'v1')).rejects.toThrow(/person\.employer/);
    expect(result.kid).toBeTruthy();
  });

  it('retires v1 after a rotation: its values no longer decrypt, everything else does', async () => {
    await rotateData(env.ctx, { propagationMs: 0, batchSize: BATCH });
    const oldValue = createPiiCipher(MASTER).encrypt('341221199001011231');
    await retireDataKey(env.ctx, 'v1');
    expect(() => env.ctx.pii.decrypt(oldValue)).toThrow(/retired/);
    await decryptEverything(env.ctx.pii);
    const fresh = createPiiCipher(MASTER);
    await refreshKeyring(env.ctx.db, fresh);
    expect(() => fresh.decrypt(oldValue)).toThrow(/retired/);
  });

  it('deletes the material of a retired rotated key', async () => {
    const first = await rotateData(env.ctx, { propagationMs: 0, batchSize: BATCH });
    await rotateData(env.ctx, { propagationMs: 0, batchSize: BATCH });
    await retireDataKey(env.ctx, first.kid);
    const row = await env.ctx.db
      .selectFrom('data_key')
      .selectAll()
      .where('kid', '=', first.kid)
      .executeTakeFirstOrThrow();
    expect([row.state, row.wrapped]).toEqual(['retired', null]);
    expect(env.ctx.pii.keyring.has(first.kid)).toBe(false);
  });
});

describe('encrypted columns', () => {
  it('lists every column that holds ciphertext', async () => {
    // TOTP secrets exist once the admin has enrolled (the test login does it).
    await env.login('admin');
    const found = await findCiphertextColumns(env.ctx.db);
    const registered = new Set(ENCRYPTED_COLUMNS.flatMap((t) => t.columns.map((c) => `${t.table}.${c}`)));
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((c) => `${c.table}.${c.column}`).filter((c) => !registered.has(c))).toEqual([]);
  });
});

describe('backup and restore after a rotation', () => {
  it('restores into an empty database whose key ring reads every value', async () => {
    const result = await rotateData(env.ctx, { propagationMs: 0, batchSize: BATCH });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-keys-'));
    const file = path.join(dir, 'after-rotation.bak');
    await writeBackup(env.ctx.db, env.ctx.dbKind, file, { masterKey: MASTER, passphrase: null });

    const url = databaseUrl();
    const name = `liudong_k_${crypto.randomBytes(6).toString('hex')}`;
    if (url) await adminQuery(`CREATE DATABASE ${name}`);
    const target = await openDatabase({
      databaseUrl: url ? withDatabase(url, name) : null,
      dataDir: path.join(dir, 'restored'),
      poolSize: 2,
    });
    try {
      await restoreBackup(target.db, file, { masterKey: MASTER, passphrase: null });
      const restored = createPiiCipher(MASTER);
      await refreshKeyring(target.db, restored);
      expect(restored.keyring.currentKeyId()).toBe(result.kid);
      expect([...(await decryptEverything(restored, target.db))]).toEqual([result.kid]);
    } finally {
      await target.close();
      if (url) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000); // a backup, a new database and a restore
});
