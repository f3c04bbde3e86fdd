import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { DatabaseKind } from './db/database.ts';
import type { Database } from './db/schema.ts';
import type { AuditBatcher, AuditChainStatus, AuditTrailSetup } from './modules/audit/index.ts';
import type { PiiCipher } from './security/pii.ts';

/** What a request handler or CLI command needs; passed explicitly, never a global. */
export interface AppContext {
  db: Kysely<Database>;
  /** Group-committed audit rows for reads; see audit.batcher.ts. */
  readAudit: AuditBatcher;
  dbKind: DatabaseKind;
  config: Config;
  pii: PiiCipher;
  /** The audit chain's keys (from the master key) and the checkpoint file outside the database. */
  auditTrail: AuditTrailSetup;
  /** The running server's latest check of the audit chain, for the auditor's page. */
  auditStatus: AuditChainStatus;
}
