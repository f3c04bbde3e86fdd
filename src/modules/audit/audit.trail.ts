/**
 * The audit trail as a whole: the keyed chain in the database checked against the signed checkpoints
 * outside it. Used by `liudong audit verify`, `audit purge`, `restore`, and the server, which checks the
 * whole chain at start-up and the newly sealed rows every LIUDONG_AUDIT_CHECKPOINT_SECONDS, appends a
 * checkpoint each time, and keeps the outcome for the auditor's page.
 */
import fs from 'node:fs';
import type { Db } from '../../db/database.ts';
import type { AuditKeys } from '../../security/pii.ts';
import { type BrokenAt, type VerifyResult, verifyAudit } from './audit.chain.ts';
import { appendCheckpoint, type Checkpoint, contradiction, readCheckpoints } from './audit.checkpoint.ts';

export interface AuditTrailSetup {
  keys: AuditKeys;
  checkpointFile: string;
}

export interface TrailResult extends VerifyResult {
  /** The checkpoint the chain was compared with (null: none yet). */
  checkpoint: Checkpoint | null;
  /** The checkpoint appended after a successful check. */
  written: Checkpoint | null;
}

export interface TrailOptions {
  onProgress?: (checked: number) => void;
  /** Check only the rows sealed after the latest checkpoint (the server's periodic check). */
  incremental?: boolean;
  /** Append a checkpoint after a successful check: always, only when the chain grew, or never. */
  write?: 'always' | 'when-moved' | 'never';
}

export async function checkAuditTrail(
  db: Db,
  setup: AuditTrailSetup,
  options: TrailOptions = {},
): Promise<TrailResult> {
  const file = readCheckpoints(setup.checkpointFile, setup.keys.checkpoint);
  const latest = file.ok ? file.latest : null;
  const chain = await verifyAudit(db, setup.keys.chain, {
    onProgress: options.onProgress,
    from: options.incremental && latest ? latest : undefined,
  });
  const failed = (firstBroken: BrokenAt): TrailResult => ({
    ...chain,
    ok: false,
    firstBroken,
    checkpoint: latest,
    written: null,
  });
  if (!chain.ok) return failed(chain.firstBroken as BrokenAt);
  if (!file.ok) return failed({ seq: null, chainSeq: chain.head.pos, reason: file.problem });
  const problem = latest ? await contradiction(db, latest, chain) : null;
  if (problem) return failed(problem);
  const write = options.write ?? 'never';
  const moved = !latest || latest.pos !== chain.head.pos;
  const written =
    write === 'always' || (write === 'when-moved' && moved)
      ? appendCheckpoint(setup.checkpointFile, setup.keys.checkpoint, chain.head, chain.keyedFrom)
      : null;
  return { ...chain, checkpoint: latest, written };
}

/** One line for a broken trail, as the CLI and the server log print it. */
export function describeBroken(r: VerifyResult): string {
  const b = r.firstBroken;
  return `BROKEN at chain position ${b?.chainSeq} (row seq ${b?.seq ?? 'missing'}): ${b?.reason}. ${r.checked} rows verified before it.`;
}

export interface AuditChainStatus {
  state: 'unchecked' | 'ok' | 'broken';
  checkedAt: string | null;
  /** Rows verified by the last check (the whole chain at start-up, then the rows sealed since). */
  checked: number;
  checkpoint: { pos: string; at: string } | null;
  firstBroken: BrokenAt | null;
}

export function uncheckedStatus(): AuditChainStatus {
  return { state: 'unchecked', checkedAt: null, checked: 0, checkpoint: null, firstBroken: null };
}

/**
 * One check for a running server: the whole chain (start-up) or the rows sealed since the latest
 * checkpoint. A broken chain stays reported until the server restarts: later rows verifying does not
 * make an earlier break go away, and no checkpoint is written over it.
 */
export async function checkAuditChain(
  db: Db,
  setup: AuditTrailSetup,
  status: AuditChainStatus,
  options: { full: boolean; alarm: (message: string) => void },
): Promise<void> {
  if (status.state === 'broken') return;
  const r = await checkAuditTrail(db, setup, { incremental: !options.full, write: 'when-moved' });
  const cp = r.written ?? r.checkpoint;
  Object.assign(status, {
    state: r.ok ? 'ok' : 'broken',
    checkedAt: new Date().toISOString(),
    checked: r.checked,
    checkpoint: cp ? { pos: cp.pos, at: cp.at } : null,
    firstBroken: r.firstBroken ?? null,
  } satisfies AuditChainStatus);
  if (!r.ok) {
    options.alarm(
      `⚠ 审计日志链已损坏，可能遭到篡改，请立即调查（liudong audit verify）。 / AUDIT CHAIN ${describeBroken(r)}`,
    );
  }
}

export interface RestoredTrail {
  /** The checkpoint file found before the restore, moved aside because the restored chain contradicts it. */
  movedAside: string | null;
  /** What the restored chain lacks or changes against that file's latest checkpoint. */
  gap: BrokenAt | null;
  written: Checkpoint;
}

/**
 * After `liudong restore`: a restore is a deliberate rollback to the backup's moment, so checkpoints taken
 * after it would call the restored chain truncated. If the existing file contradicts the restored (and
 * verified) chain, it is kept beside it under a new name, as evidence of what the backup does not hold,
 * and a new file starts at the restored head. A fresh data folder simply gets its first checkpoint.
 */
export async function checkpointRestoredChain(
  db: Db,
  setup: AuditTrailSetup,
  chain: VerifyResult,
): Promise<RestoredTrail> {
  const file = readCheckpoints(setup.checkpointFile, setup.keys.checkpoint);
  const gap = !file.ok
    ? { seq: null, chainSeq: chain.head.pos, reason: file.problem }
    : file.latest
      ? await contradiction(db, file.latest, chain)
      : null;
  let movedAside: string | null = null;
  if (gap) {
    movedAside = `${setup.checkpointFile}.before-restore-${new Date().toISOString().replaceAll(':', '')}`;
    fs.renameSync(setup.checkpointFile, movedAside);
  }
  const written = appendCheckpoint(setup.checkpointFile, setup.keys.checkpoint, chain.head, chain.keyedFrom);
  return { movedAside, gap, written };
}
