/** `liudong backup FILE` and `liudong restore FILE`. */
import fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { progressBar } from '../../progress.ts';
import { deriveAuditKeys } from '../../security/pii.ts';
import { checkpointRestoredChain, describeBroken, sealAudit, verifyAudit } from '../audit/index.ts';
import { type BackupKeys, existingMasterKey, restoreBackup, writeBackup } from './backup.service.ts';

const KEY_NOTE = `
The file is encrypted (AES-256-GCM) under a key derived from the deployment data key (LIUDONG_DATA_KEY or
the key file), or under LIUDONG_BACKUP_PASSPHRASE when that is set. Either way, restoring needs the
source deployment's data key too: the ID numbers inside stay encrypted under it.`;

const ENGINE_NOTE = `
With PostgreSQL (DATABASE_URL) this can run while the server is running. With the embedded database
(no DATABASE_URL) stop the server first: PGlite is single-process.`;

function keys(): BackupKeys {
  const config = loadConfig();
  return {
    masterKey: existingMasterKey(config.dataKey, config.keyFile),
    passphrase: config.backupPassphrase,
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .argument('<file>', 'the backup file to write')
    .description(
      `Write an encrypted backup of the whole database: every table, the sequences and the audit chain, as one consistent snapshot. It restores into PGlite or PostgreSQL.${KEY_NOTE}${ENGINE_NOTE}`,
    )
    .option('--force', 'overwrite the file if it exists')
    .action(async (file: string, opts: { force?: boolean }) => {
      if (fs.existsSync(file) && !opts.force) throw new Error(`${file} already exists; use --force to overwrite it.`);
      const config = loadConfig();
      const backupKeys = keys();
      if (!config.databaseUrl && !fs.existsSync(`${config.dataDir}/pgdata`)) {
        throw new Error(`No embedded database at ${config.dataDir} (set LIUDONG_DATA_DIR or DATABASE_URL).`);
      }
      const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
      const bar = progressBar('backup rows');
      try {
        const summary = await writeBackup(handle.db, handle.kind, file, backupKeys, (p) =>
          bar.update(p.rowsDone, p.rowsTotal),
        );
        bar.stop();
        const rows = summary.tables.reduce((sum, t) => sum + t.rows, 0);
        console.log(
          `Backup written to ${file} (${mb(summary.bytes)}): ${rows} rows in ${summary.tables.length} tables, ${summary.sequences} sequences, from ${handle.kind}.`,
        );
        console.log(
          backupKeys.passphrase
            ? 'Encrypted under LIUDONG_BACKUP_PASSPHRASE. Keep the passphrase and the data key; the backup is useless without them.'
            : 'Encrypted under the data key. Keep a copy of the key apart from the backup; the backup is useless without it.',
        );
      } finally {
        bar.stop();
        await handle.close();
      }
    });

  program
    .command('restore')
    .argument('<file>', 'a file written by "liudong backup"')
    .description(
      `Restore a backup into an EMPTY database (a new LIUDONG_DATA_DIR folder, or a new PostgreSQL database), from either engine: it migrates the target, loads every row in one transaction, checks foreign keys, sets the sequences, then verifies the audit chain. Nothing is written if any step fails. Needs the source deployment's data key.${KEY_NOTE}${ENGINE_NOTE}`,
    )
    .action(async (file: string) => {
      if (!fs.existsSync(file)) throw new Error(`${file} does not exist.`);
      const config = loadConfig();
      const backupKeys = keys();
      const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
      const bar = progressBar('restore rows');
      try {
        const summary = await restoreBackup(handle.db, file, backupKeys, (p) => bar.update(p.rowsDone, p.rowsTotal));
        bar.stop();
        const rows = summary.tables.reduce((sum, t) => sum + t.rows, 0);
        console.log(
          `Restored ${rows} rows in ${summary.tables.length} tables and ${summary.sequences} sequences from a ${summary.header.engine} backup of ${summary.header.createdAt} into ${handle.kind}.`,
        );
        const trail = { keys: deriveAuditKeys(backupKeys.masterKey), checkpointFile: config.auditCheckpointFile };
        // Rows the source had not sealed yet are sealed here, so the first checkpoint covers everything restored.
        await sealAudit(handle.db, trail.keys.chain, Number.MAX_SAFE_INTEGER);
        const result = await verifyAudit(handle.db, trail.keys.chain, {
          onProgress: (n) => process.stderr.isTTY && process.stderr.write(`\raudit verified ${n}`),
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        if (result.ok) {
          console.log(`Audit chain OK: ${result.checked} sealed rows verified.`);
          const cp = await checkpointRestoredChain(handle.db, trail, result);
          if (cp.movedAside) {
            console.log(
              `The restored chain does not match the latest audit checkpoint (${cp.gap?.reason}), as expected after restoring an older backup. ` +
                `The old checkpoint file is kept as ${cp.movedAside}; checkpoints start again at position ${cp.written.pos}.`,
            );
          } else {
            console.log(`Audit checkpoint written at position ${cp.written.pos} (${trail.checkpointFile}).`);
          }
        } else {
          console.log(`Audit chain ${describeBroken(result)}`);
          process.exitCode = 1;
        }
      } finally {
        bar.stop();
        await handle.close();
      }
    });
}
