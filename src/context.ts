import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { DatabaseKind } from './db/database.ts';
import type { Database } from './db/schema.ts';
import type { PiiCipher } from './security/pii.ts';

/** What a request handler or CLI command needs; passed explicitly, never a global. */
export interface AppContext {
  db: Kysely<Database>;
  /** For person reads with their audit row; see DatabaseHandle.auditedReadDb. */
  auditedReadDb: Kysely<Database>;
  dbKind: DatabaseKind;
  config: Config;
  pii: PiiCipher;
}
