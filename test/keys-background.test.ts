/**
 * PGlite is one process, so the CLI cannot rotate beside the server: `keys rotate-data --background` only
 * makes the new key current, and the server finishes the re-encryption in the background while serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/modules/demo/demo.generator.ts';
import { countUnderOldKeys } from '../src/modules/keys/rotation.ts';
import { openContext, startServer } from '../src/server.ts';
import { runCli } from './support/cli.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';
import { databaseUrl } from './support/template.ts';

let env: TestEnv;

// PGlite only: on PostgreSQL the CLI rotates beside the server (test/keys-online.test.ts). CI runs both passes.
describe.skipIf(databaseUrl())('rotate-data --background on PGlite', () => {
  beforeAll(async () => {
    env = await createTestEnv();
    await env.release();
  });
  afterAll(() => env.close());

  it('makes the key current from the CLI, then the server re-encrypts while it answers requests', async () => {
    const cli = runCli(env.ctx.config, ['keys', 'rotate-data', '--background']);
    expect(cli.out).toMatch(/Data key (k\w+) is current for new writes/);
    const kid = /Data key (k\w+)/.exec(cli.out)?.[1] as string;

    const port = 33000 + Math.floor(Math.random() * 2000);
    const server = await startServer({ ...env.ctx.config, port });
    try {
      expect(server.keyRotation).toBeDefined();
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'village', password: DEMO_PASSWORD }),
      });
      expect(login.status).toBe(200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const list = await fetch(`${server.url}/api/persons?pageSize=5`, { headers: { cookie } });
      expect(list.status).toBe(200);
      await server.keyRotation;
    } finally {
      await server.stop();
    }
    const { ctx, handle } = await openContext(env.ctx.config);
    try {
      expect(ctx.pii.keyring.currentKeyId()).toBe(kid);
      expect(await countUnderOldKeys(ctx.db, kid)).toBe(0);
    } finally {
      await handle.close();
    }
  }, 120_000);
});
