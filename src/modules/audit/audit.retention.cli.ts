/** `liudong audit purge`: delete audit rows past their retention, keeping the chain verifiable. */
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { deriveAuditKeys, loadMasterKey } from '../../security/pii.ts';
import { sealAudit } from './audit.chain.ts';
import { AuditChainBrokenError, purgeAudit } from './audit.retention.ts';
import { checkAuditTrail, describeBroken } from './audit.trail.ts';

export function registerAuditPurgeCommand(audit: Command, embeddedNote: string): void {
  audit
    .command('purge')
    .description(
      'Delete sealed audit rows older than their retention: rows about a person after LIUDONG_AUDIT_PROCESSING_RETENTION_MONTHS ' +
        '(default and minimum 36), other rows after LIUDONG_AUDIT_LOG_RETENTION_MONTHS (default and minimum 6). ' +
        'Verifies the whole chain first and refuses if it is broken; records an anchor so "audit verify" still ' +
        `checks everything that remains.${embeddedNote}`,
    )
    .option('--dry-run', 'report what would be deleted, delete nothing')
    .action(async (opts: { dryRun?: boolean }) => {
      const config = loadConfig();
      const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
      const trail = {
        keys: deriveAuditKeys(loadMasterKey(config.dataKey, config.keyFile)),
        checkpointFile: config.auditCheckpointFile,
      };
      try {
        await migrateToLatest(handle.db);
        await sealAudit(handle.db, trail.keys.chain, Number.MAX_SAFE_INTEGER);
        const policy = {
          logMonths: config.auditLogRetentionMonths,
          processingMonths: config.auditProcessingRetentionMonths,
        };
        console.log(
          `Retention: ${policy.logMonths} months for logs, ${policy.processingMonths} months for records about a person. Verifying the chain first…`,
        );
        // The checkpoints too: a purge must not go ahead on a chain that was truncated or rolled back.
        const checked = await checkAuditTrail(handle.db, trail, { write: 'always' });
        if (!checked.ok) throw new AuditChainBrokenError(`Audit chain ${describeBroken(checked)} Nothing was purged.`);
        const r = await purgeAudit(handle.db, trail.keys.chain, policy, {
          dryRun: opts.dryRun,
          actor: { id: null, username: 'cli', role: null, divisionCode: null, ip: null },
        });
        if (r.anchorChainSeq === null) {
          console.log('Nothing to purge.');
        } else {
          console.log(
            `${opts.dryRun ? 'Would delete' : 'Deleted'} ${r.deleted} rows up to chain position ${r.anchorChainSeq} ` +
              `(logs before ${r.logCutoff}, records before ${r.processingCutoff}); ${r.kept} younger rows before it kept.`,
          );
        }
      } catch (err) {
        if (err instanceof AuditChainBrokenError) {
          console.log(err.message);
          process.exitCode = 1;
          return;
        }
        throw err;
      } finally {
        await handle.close();
      }
    });
}
