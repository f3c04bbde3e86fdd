/**
 * The encrypted container of a backup file: a short plain header, then the (gzipped) dump cut into
 * chunks, each sealed with AES-256-GCM.
 *
 *   LIUDONG-BACKUP\n
 *   {header JSON}\n
 *   frame*            frame = u32 BE plaintext length | ciphertext | 16-byte GCM tag
 *
 * The file key is HKDF(base key, random salt). The base key is the deployment master key (the one that
 * protects ID numbers at rest), or scrypt(LIUDONG_BACKUP_PASSPHRASE) when a passphrase is given. Each
 * frame's nonce is its index; its additional data binds the header, the index and a "last frame" flag,
 * so an edited header, reordered, dropped or truncated frames all fail authentication.
 */
import crypto from 'node:crypto';
import type fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';

export const MAGIC = 'LIUDONG-BACKUP\n';
const TAG_BYTES = 16;
const CHUNK_BYTES = 1 << 20;
const MAX_HEADER_BYTES = 64 * 1024;
const SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;

export interface BackupHeader {
  format: 1;
  cipher: 'aes-256-gcm';
  /** master: HKDF of the deployment master key; scrypt: derived from LIUDONG_BACKUP_PASSPHRASE. */
  kdf: 'master' | 'scrypt';
  salt: string;
  scrypt?: { N: number; r: number; p: number };
  /** Fingerprint of the master key the data's ID numbers are encrypted under (not the key itself). */
  dataKeyId: string;
  createdAt: string;
  engine: string;
}

export type BackupSecret = { kind: 'master'; masterKey: Buffer } | { kind: 'passphrase'; passphrase: string };

/** A public fingerprint of the master key, so restore can tell whether the target holds the same key. */
export function keyFingerprint(masterKey: Buffer): string {
  return Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'liudong/key-id/v1', 8)).toString('hex');
}

function fileKey(header: BackupHeader, secret: BackupSecret): Buffer {
  const salt = Buffer.from(header.salt, 'base64');
  let base: Buffer;
  if (header.kdf === 'scrypt') {
    if (secret.kind !== 'passphrase') {
      throw new Error('This backup is protected by a passphrase: set LIUDONG_BACKUP_PASSPHRASE to restore it.');
    }
    const p = header.scrypt ?? SCRYPT;
    base = crypto.scryptSync(secret.passphrase.normalize('NFC'), salt, 32, {
      N: p.N,
      r: p.r,
      p: p.p,
      maxmem: 256 * p.N * p.r,
    });
  } else {
    if (secret.kind !== 'master') {
      throw new Error(
        'This backup is encrypted under the deployment data key, not a passphrase: unset LIUDONG_BACKUP_PASSPHRASE.',
      );
    }
    base = secret.masterKey;
  }
  return Buffer.from(crypto.hkdfSync('sha256', base, salt, 'liudong/backup/v1', 32));
}

function nonce(index: number): Buffer {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(index), 4);
  return n;
}

function aad(headerDigest: Buffer, index: number, last: boolean): Buffer {
  const a = Buffer.alloc(headerDigest.length + 9);
  headerDigest.copy(a);
  a.writeBigUInt64BE(BigInt(index), headerDigest.length);
  a[headerDigest.length + 8] = last ? 1 : 0;
  return a;
}

export function newHeader(secret: BackupSecret, dataKeyId: string, engine: string): BackupHeader {
  return {
    format: 1,
    cipher: 'aes-256-gcm',
    kdf: secret.kind === 'master' ? 'master' : 'scrypt',
    salt: crypto.randomBytes(16).toString('base64'),
    ...(secret.kind === 'passphrase' ? { scrypt: { ...SCRYPT } } : {}),
    dataKeyId,
    createdAt: new Date().toISOString(),
    engine,
  };
}

/** Encrypts a byte stream into the container; the output starts with the magic line and the header. */
export class EncryptStream extends Transform {
  private readonly key: Buffer;
  private readonly digest: Buffer;
  private readonly headerLine: Buffer;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;
  private started = false;

  constructor(header: BackupHeader, secret: BackupSecret) {
    super();
    this.headerLine = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
    this.digest = crypto.createHash('sha256').update(this.headerLine).digest();
    this.key = fileKey(header, secret);
  }

  private frame(plain: Buffer, last: boolean): Buffer {
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, nonce(this.index));
    cipher.setAAD(aad(this.digest, this.index, last));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    this.index++;
    const len = Buffer.alloc(4);
    len.writeUInt32BE(plain.length);
    return Buffer.concat([len, body, cipher.getAuthTag()]);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.push(Buffer.concat([Buffer.from(MAGIC, 'utf8'), this.headerLine]));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.start();
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    // Keep at least one byte back: only flush() knows which frame is the last one.
    if (this.pendingBytes > CHUNK_BYTES) {
      let all = Buffer.concat(this.pending);
      while (all.length > CHUNK_BYTES) {
        this.push(this.frame(all.subarray(0, CHUNK_BYTES), false));
        all = all.subarray(CHUNK_BYTES);
      }
      this.pending = [all];
      this.pendingBytes = all.length;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.start();
    this.push(this.frame(Buffer.concat(this.pending), true));
    this.pending = [];
    done();
  }
}

async function readExactly(fd: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fd.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buf : buf.subarray(0, got);
}

/** Reads the plain header; `offset` is where the first frame starts. */
export async function readHeader(fd: fs.promises.FileHandle): Promise<{ header: BackupHeader; offset: number }> {
  const head = await readExactly(fd, 0, MAX_HEADER_BYTES);
  if (!head.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC, 'utf8'))) {
    throw new Error('Not a Liudong backup file (the first line is not LIUDONG-BACKUP).');
  }
  const end = head.indexOf(0x0a, MAGIC.length);
  if (end < 0) throw new Error('The backup header is damaged.');
  let header: BackupHeader;
  try {
    header = JSON.parse(head.subarray(MAGIC.length, end).toString('utf8')) as BackupHeader;
  } catch {
    throw new Error('The backup header is damaged.');
  }
  if (header.format !== 1 || header.cipher !== 'aes-256-gcm') {
    throw new Error(`Unsupported backup format ${String(header.format)}: this version of Liudong reads format 1.`);
  }
  return { header, offset: end + 1 };
}

/** Yields the decrypted plaintext frame by frame; throws on any authentication failure or truncation. */
export async function* decryptFrames(
  fd: fs.promises.FileHandle,
  header: BackupHeader,
  offset: number,
  secret: BackupSecret,
): AsyncGenerator<Buffer> {
  const key = fileKey(header, secret);
  // The additional data covers the header bytes exactly as written.
  const written = await readExactly(fd, MAGIC.length, offset - MAGIC.length);
  const digest = crypto.createHash('sha256').update(written).digest();
  let position = offset;
  for (let index = 0; ; index++) {
    const len = await readExactly(fd, position, 4);
    if (len.length < 4) throw new Error('The backup file is truncated (its last part is missing).');
    const plainLength = len.readUInt32BE(0);
    if (plainLength > CHUNK_BYTES) throw new Error('The backup file is damaged (bad frame length).');
    const body = await readExactly(fd, position + 4, plainLength + TAG_BYTES);
    if (body.length < plainLength + TAG_BYTES)
      throw new Error('The backup file is truncated (its last part is missing).');
    position += 4 + plainLength + TAG_BYTES;
    const probe = await readExactly(fd, position, 1);
    const last = probe.length === 0;
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, nonce(index));
    decipher.setAAD(aad(digest, index, last));
    decipher.setAuthTag(body.subarray(plainLength));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(body.subarray(0, plainLength)), decipher.final()]);
    } catch {
      if (index === 0) {
        throw new Error(
          header.kdf === 'scrypt'
            ? 'Cannot decrypt the backup: wrong LIUDONG_BACKUP_PASSPHRASE, or the file was altered.'
            : 'Cannot decrypt the backup: this deployment has a different data key (LIUDONG_DATA_KEY / key file), or the file was altered.',
        );
      }
      throw new Error(
        `The backup file was altered or truncated (part ${index + 1} fails its integrity check); restore nothing from it.`,
      );
    }
    yield plain;
    if (last) return;
  }
}
