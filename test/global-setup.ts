import crypto from 'node:crypto';
import fs from 'node:fs';
import { sealAudit } from '../src/modules/audit/audit.chain.ts';
import { loadDemo } from '../src/modules/demo/demo.generator.ts';
import { openContext } from '../src/server.ts';

// Must be set before the template module reads it: the workers inherit it from this process.
process.env.LIUDONG_TEST_RUN ??= crypto.randomBytes(4).toString('hex');

const { adminQuery, databaseUrl, TEMPLATE_DB, TEMPLATE_DIR, TEST_DEMO_PERSONS, TEST_SEED, testConfig, withDatabase } =
  await import('./support/template.ts');

export default async function setup(): Promise<() => Promise<void>> {
  const url = databaseUrl();
  if (url) {
    // A missing or unreachable PostgreSQL fails here, loudly: the suite never skips it.
    await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${TEMPLATE_DB}`);
  } else {
    fs.rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  }
  const config = testConfig({ databaseUrl: url ? withDatabase(url, TEMPLATE_DB) : null, dataDir: TEMPLATE_DIR });
  const { ctx, handle } = await openContext(config);
  await loadDemo(ctx, { persons: TEST_DEMO_PERSONS, seed: TEST_SEED });
  await sealAudit(ctx.db, ctx.auditTrail.keys.chain);
  await handle.close();
  return async () => {
    if (url) await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    else fs.rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  };
}
