/**
 * Identity numbers at rest: AES-256-GCM ciphertext plus HMAC blind indexes for equality and prefix lookup.
 * Encryption and lookup keys are derived (HKDF) from one master key: LIUDONG_DATA_KEY, or a key file
 * created with 0600 permissions on first start.
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
}

export const MIN_ID_PREFIX = 6;

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

export function createPiiCipher(master: Buffer): PiiCipher {
  const derive = (info: string) => Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  const encKey = derive('liudong/pii/enc/v1');
  const macKey = derive('liudong/pii/mac/v1');
  const blindIndex = (value: string) =>
    crypto.createHmac('sha256', macKey).update(value).digest('base64url').slice(0, 22);
  return {
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${data.toString('base64url')}`;
    },
    decrypt(stored) {
      const [version, iv, tag, data] = stored.split('.');
      if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('Unknown ciphertext format');
      const decipher = crypto.createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
    blindIndex,
    prefixIndexes(idNumber) {
      const out: string[] = [];
      for (let len = MIN_ID_PREFIX; len < idNumber.length; len++) out.push(blindIndex(`p:${idNumber.slice(0, len)}`));
      return out;
    },
  };
}
