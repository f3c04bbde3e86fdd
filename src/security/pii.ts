/**
 * Identity numbers (and other secrets) at rest: AES-256-GCM ciphertext plus HMAC blind indexes for
 * equality and prefix lookup.
 *
 * Keys. One master key: LIUDONG_DATA_KEY, or a key file created with 0600 permissions on first start.
 * From it (HKDF) come:
 * - the original data key, kid "v1": ciphertexts `v1.<iv>.<tag>.<data>`;
 * - the blind-index key (HMAC), which never rotates with the data keys: a new one would have to recompute
 *   every id_hash and prefix index at once, with lookups reading both during the change (see the README);
 * - the wrapping key for the data-key ring: further data keys, made by `liudong keys rotate-data`, are random
 *   and stored in the `data_key` table only wrapped (AES-GCM, the kid as associated data). Their ciphertexts
 *   carry the key id: `v2.<kid>.<iv>.<tag>.<data>`.
 * The ring is loaded from the database by src/modules/keys/keyring.ts; a cipher fresh from createPiiCipher
 * knows only v1 and writes v1, which is exactly the behaviour before key rotation existed.
 * The audit chain's keys come from the same master key (deriveAuditKeys), so the database never holds them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface PiiCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** Deterministic keyed hash: equal inputs give equal outputs, without revealing the input. */
  blindIndex(value: string): string;
  /** Blind indexes of each prefix of an ID number from 6 characters up to the whole number. */
  prefixIndexes(idNumber: string): string[];
  /** The data keys this process can use; managed by src/modules/keys. */
  keyring: Keyring;
}

export interface Keyring {
  /** The key new ciphertexts are written under. */
  currentKeyId(): string;
  /** Key ids this process can decrypt. */
  keyIds(): string[];
  has(kid: string): boolean;
  install(kid: string, key: Buffer): void;
  setCurrent(kid: string): void;
  /** Drops a retired key: its ciphertexts no longer decrypt (for v1: refused, as its key is the master's). */
  forget(kid: string): void;
  wrap(kid: string, key: Buffer): string;
  unwrap(kid: string, wrapped: string): Buffer;
}

export const MIN_ID_PREFIX = 6;
/** The key derived from the master key, used before any rotation; its ciphertexts start with "v1.". */
export const ORIGINAL_KEY_ID = 'v1';

const B64 = '[A-Za-z0-9_-]';
const V1 = new RegExp(`^v1\\.${B64}{16}\\.${B64}{22}\\.${B64}*$`);
const V2 = new RegExp(`^v2\\.([a-z0-9]+)\\.${B64}{16}\\.${B64}{22}\\.${B64}*$`);

/** The key id a stored value is encrypted under, or null when it is not our ciphertext (e.g. clear text). */
export function ciphertextKeyId(stored: string): string | null {
  if (stored.startsWith('v1.')) return V1.test(stored) ? ORIGINAL_KEY_ID : null;
  if (stored.startsWith('v2.')) return V2.exec(stored)?.[1] ?? null;
  return null;
}

export function isCiphertext(stored: string): boolean {
  return ciphertextKeyId(stored) !== null;
}

/** A new key id: "k" + date + random, lower-case alphanumerics only (it sits between dots). */
export function newKeyId(now = new Date()): string {
  return `k${now.toISOString().slice(0, 10).replaceAll('-', '')}${crypto.randomBytes(3).toString('hex')}`;
}

/** A 32-byte key derived from the master key for one purpose (HKDF-SHA256, the purpose as info). */
export function deriveKey(master: Buffer, info: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
}

/** HMAC keys of the audit trail: one links the chain rows, one signs the checkpoints kept outside the database. */
export interface AuditKeys {
  chain: Buffer;
  checkpoint: Buffer;
}

export function deriveAuditKeys(master: Buffer): AuditKeys {
  return {
    chain: deriveKey(master, 'liudong/audit/chain/v1'),
    checkpoint: deriveKey(master, 'liudong/audit/checkpoint/v1'),
  };
}

export function loadMasterKey(dataKey: string | null, keyFile: string): Buffer {
  if (dataKey) {
    const key = Buffer.from(dataKey, 'base64');
    if (key.length !== 32) throw new Error('LIUDONG_DATA_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  if (fs.existsSync(keyFile)) return Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
  fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

/**
 * Random 96-bit GCM nonces, drawn from a pool refilled 4,096 at a time: one randomBytes call per value
 * cost more than the encryption itself in bulk imports. Each nonce is still fresh CSPRNG output, used once.
 */
const ivPool = Buffer.alloc(12 * 4096);
let ivOffset = ivPool.length;
function freshIv(): Buffer {
  if (ivOffset >= ivPool.length) {
    crypto.randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + 12));
  ivOffset += 12;
  return iv;
}

function seal(key: Buffer, plain: Buffer, aad: string | null): [string, string, string] {
  const iv = freshIv();
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  if (aad !== null) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return [iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')];
}

function open(key: Buffer, iv: string, tag: string, data: string, aad: string | null): Buffer {
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  if (aad !== null) decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
}

export function createPiiCipher(master: Buffer): PiiCipher {
  const derive = (info: string) => deriveKey(master, info);
  const macKey = derive('liudong/pii/mac/v1');
  const wrapKey = derive('liudong/keyring/wrap/v1');
  const keys = new Map<string, Buffer>([[ORIGINAL_KEY_ID, derive('liudong/pii/enc/v1')]]);
  let current = ORIGINAL_KEY_ID;

  const keyFor = (kid: string): Buffer => {
    const key = keys.get(kid);
    if (!key) {
      throw new Error(
        kid === ORIGINAL_KEY_ID
          ? 'The original data key (v1) is retired; this value can no longer be decrypted'
          : `Unknown data key "${kid}": the key ring is not loaded or the key was retired`,
      );
    }
    return key;
  };
  const blindIndex = (value: string) =>
    crypto.createHmac('sha256', macKey).update(value).digest('base64url').slice(0, 22);

  const keyring: Keyring = {
    currentKeyId: () => current,
    keyIds: () => [...keys.keys()],
    has: (kid) => keys.has(kid),
    install(kid, key) {
      if (key.length !== 32) throw new Error('A data key is 32 bytes');
      if (kid !== ORIGINAL_KEY_ID) keys.set(kid, key);
    },
    setCurrent(kid) {
      keyFor(kid);
      current = kid;
    },
    forget(kid) {
      if (kid === current) throw new Error(`Key ${kid} is the current key; rotate before retiring it`);
      keys.delete(kid);
    },
    wrap(kid, key) {
      return `w1.${seal(wrapKey, key, `liudong/data-key/${kid}`).join('.')}`;
    },
    unwrap(kid, wrapped) {
      const [version, iv, tag, data] = wrapped.split('.');
      if (version !== 'w1' || !iv || !tag || data === undefined) throw new Error('Unknown wrapped-key format');
      try {
        return open(wrapKey, iv, tag, data, `liudong/data-key/${kid}`);
      } catch {
        throw new Error(`Data key ${kid} does not unwrap under this master key (LIUDONG_DATA_KEY or the key file)`);
      }
    },
  };

  return {
    encrypt(plain) {
      const key = keyFor(current);
      const utf8 = Buffer.from(plain, 'utf8');
      if (current === ORIGINAL_KEY_ID) return `v1.${seal(key, utf8, null).join('.')}`;
      return `v2.${current}.${seal(key, utf8, `liudong/v2/${current}`).join('.')}`;
    },
    decrypt(stored) {
      const parts = stored.split('.');
      if (parts[0] === 'v1' && parts.length === 4) {
        const [, iv, tag, data] = parts as [string, string, string, string];
        return open(keyFor(ORIGINAL_KEY_ID), iv, tag, data, null).toString('utf8');
      }
      if (parts[0] === 'v2' && parts.length === 5) {
        const [, kid, iv, tag, data] = parts as [string, string, string, string, string];
        return open(keyFor(kid), iv, tag, data, `liudong/v2/${kid}`).toString('utf8');
      }
      throw new Error('Unknown ciphertext format');
    },
    blindIndex,
    prefixIndexes(idNumber) {
      const out: string[] = [];
      for (let len = MIN_ID_PREFIX; len < idNumber.length; len++) out.push(blindIndex(`p:${idNumber.slice(0, len)}`));
      return out;
    },
    keyring,
  };
}
