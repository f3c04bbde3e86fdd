/**
 * Opening the application context (database, migrations, keys) without the web app: CLI commands such
 * as `liudong import` load only what they use, which keeps their memory small (the whole server's module
 * graph alone is ~240 MB of RSS).
 */
import { type Config, loadConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { type DatabaseHandle, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { AuditBatcher, uncheckedStatus } from './modules/audit/index.ts';
import { refreshKeyring } from './modules/keys/index.ts';
import { encryptClearPhones } from './modules/persons/index.ts';
import { resumeRollups } from './modules/stats/index.ts';
import { wireModules } from './modules/wiring.ts';
import { createPiiCipher, deriveAuditKeys, loadMasterKey } from './security/pii.ts';

export async function openContext(config: Config = loadConfig()): Promise<{ ctx: AppContext; handle: DatabaseHandle }> {
  // The hooks that carry effects between modules (a certificate issued → its exchange notice), registered
  // before anything below can write (idempotent: a second context in one process registers nothing twice).
  wireModules();
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
  });
  await migrateToLatest(handle.db);
  const master = loadMasterKey(config.dataKey, config.keyFile);
  const pii = createPiiCipher(master);
  const ctx: AppContext = {
    db: handle.db,
    readAudit: new AuditBatcher(handle.db),
    dbKind: handle.kind,
    config,
    pii,
    auditTrail: { keys: deriveAuditKeys(master), checkpointFile: config.auditCheckpointFile },
    auditStatus: uncheckedStatus(),
  };
  // Data keys made by `liudong keys rotate-data` (wrapped in the database under the master key).
  await refreshKeyring(ctx.db, ctx.pii);
  // A bulk load that died with the statistics triggers off: switch them on and rebuild (a no-op otherwise).
  await resumeRollups(handle.db);
  // Data written before phone numbers were encrypted at rest; a no-op once done.
  await encryptClearPhones(ctx);
  return { ctx, handle };
}
