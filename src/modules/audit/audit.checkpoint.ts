/**
 * Audit checkpoints: the chain position, its hash and the switch-over position, signed (HMAC under a key
 * derived from the master key) and appended as JSON lines to a file next to the key file. The database
 * cannot rewrite them, so a chain that was truncated, rolled back or rewritten (even with every hash
 * recomputed) no longer matches the latest checkpoint.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.ts';
import { type BrokenAt, type ChainHead, hashAt, latestAnchor, type VerifyResult } from './audit.chain.ts';

export interface Checkpoint {
  pos: string;
  hash: string;
  keyedFrom: string;
  /** ISO time the checkpoint was written. */
  at: string;
  mac: string;
}

function macOf(key: Buffer, c: Omit<Checkpoint, 'mac'>): string {
  return crypto
    .createHmac('sha256', key)
    .update(`checkpoint\n${c.pos}\n${c.hash}\n${c.keyedFrom}\n${c.at}`)
    .digest('hex');
}

function parse(line: string, key: Buffer): Checkpoint | null {
  try {
    const c = JSON.parse(line) as Partial<Checkpoint>;
    const fields = [c.pos, c.hash, c.keyedFrom, c.at, c.mac];
    if (!fields.every((f) => typeof f === 'string')) return null;
    const cp = c as Checkpoint;
    const expected = Buffer.from(macOf(key, cp));
    const given = Buffer.from(cp.mac);
    return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? cp : null;
  } catch {
    return null;
  }
}

export type CheckpointFile = { ok: true; latest: Checkpoint | null } | { ok: false; line: number; problem: string };

/** The newest checkpoint; every line must carry a valid signature (a missing file has none yet). */
export function readCheckpoints(file: string, key: Buffer): CheckpointFile {
  if (!fs.existsSync(file)) return { ok: true, latest: null };
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  let latest: Checkpoint | null = null;
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const cp = parse(line, key);
    if (!cp) {
      return {
        ok: false,
        line: i + 1,
        problem: `line ${i + 1} of the checkpoint file ${file} is not signed by this deployment's key (altered or foreign)`,
      };
    }
    latest = cp;
  }
  return { ok: true, latest };
}

export function appendCheckpoint(file: string, key: Buffer, head: ChainHead, keyedFrom: string): Checkpoint {
  const body = { pos: head.pos, hash: head.hash, keyedFrom, at: new Date().toISOString() };
  const cp: Checkpoint = { ...body, mac: macOf(key, body) };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // One short line per write with O_APPEND: concurrent writers on one host never interleave.
  fs.appendFileSync(file, `${JSON.stringify(cp)}\n`, { mode: 0o600 });
  return cp;
}

/**
 * What a verified chain contradicts in a checkpoint: a moved switch-over, rows the checkpoint covered that
 * are gone (truncation, rollback), or a different hash at the checkpoint's position (a rewrite). Rows a purge
 * deleted under a signed anchor are legitimately gone.
 */
export async function contradiction(db: Db, cp: Checkpoint, chain: VerifyResult): Promise<BrokenAt | null> {
  const when = `the checkpoint of ${cp.at}`;
  if (cp.keyedFrom !== chain.keyedFrom) {
    return {
      seq: null,
      chainSeq: chain.keyedFrom,
      reason: `the switch-over to keyed links moved from position ${cp.keyedFrom} to ${chain.keyedFrom} since ${when}`,
    };
  }
  const head = BigInt(chain.head.pos);
  if (BigInt(cp.pos) > head) {
    return {
      seq: null,
      chainSeq: (head + 1n).toString(),
      reason: `rows ${head + 1n}–${cp.pos}, covered by ${when}, are missing (the chain was truncated or rolled back)`,
    };
  }
  if (cp.pos === '0') return null;
  const stored = cp.pos === chain.head.pos ? chain.head.hash : await hashAt(db, cp.pos);
  if (stored === null) {
    const anchor = await latestAnchor(db);
    if (anchor && BigInt(anchor.chain_seq) >= BigInt(cp.pos)) return null;
    return { seq: null, chainSeq: cp.pos, reason: `the row covered by ${when} is missing` };
  }
  if (stored !== cp.hash) {
    return {
      seq: null,
      chainSeq: cp.pos,
      reason: `the chain up to position ${cp.pos} differs from ${when} (rows before it were rewritten)`,
    };
  }
  return null;
}
