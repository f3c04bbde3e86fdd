/**
 * PostgreSQL only (PGlite is one process): `liudong keys rotate-data` runs as its own process beside a
 * running server, which keeps answering reads and writes of people throughout, and learns the new key by
 * refreshing its key ring (LIUDONG_KEYRING_REFRESH_SECONDS).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/modules/demo/demo.generator.ts';
import { type RunningServer, startServer } from '../src/server.ts';
import { CLI, cliEnv } from './support/cli.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';
import { personInput, validIdNumber } from './support/fixtures.ts';
import { databaseUrl } from './support/template.ts';

let env: TestEnv;
let server: RunningServer;

// PostgreSQL only: a PGlite folder admits one process, so the CLI cannot run beside a server there; the PGlite
// counterpart is test/keys-background.test.ts. CI runs both passes, so neither is ever skipped everywhere.
describe.runIf(databaseUrl())('rotate-data beside a running server', () => {
  beforeAll(async () => {
    env = await createTestEnv();
    await env.release();
    const port = 31000 + Math.floor(Math.random() * 2000);
    server = await startServer({ ...env.ctx.config, port, keyringRefreshSeconds: 1 });
  });
  afterAll(async () => {
    await server?.stop();
    await env.close();
  });

  it('answers every request while the CLI rotates, and reads back what it wrote', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'village', password: DEMO_PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const cli = spawn(
      process.execPath,
      [...CLI, 'keys', 'rotate-data', '--batch-size', '20', '--pause-ms', '20', '--propagation-seconds', '3'],
      { env: cliEnv(env.ctx.config) },
    );
    let cliOut = '';
    cli.stdout.on('data', (c: Buffer) => {
      cliOut += c.toString();
    });
    cli.stderr.on('data', (c: Buffer) => {
      cliOut += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => cli.on('exit', resolve));
    let running = true;
    void exited.then(() => {
      running = false;
    });

    const statuses: number[] = [];
    const people: { id: string; idNumber: string }[] = [];
    while (running || people.length < 3) {
      // A birth date per person: the fixture's sequence numbers repeat after a few hundred, and a slow rotation
      // (a bigger database) outlasts them, which made a duplicate ID number (409) rather than a rotation problem.
      const birthDate = new Date(Date.UTC(1980, 0, 1) + people.length * 86_400_000).toISOString().slice(0, 10);
      const idNumber = validIdNumber('341221', birthDate, people.length % 2 ? 'M' : 'F');
      const created = await fetch(`${server.url}/api/persons`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(personInput({ idNumber })),
      });
      statuses.push(created.status);
      if (created.status !== 201) break;
      people.push({ id: (await created.json()).person.id, idNumber });
      for (const p of people.slice(-5)) {
        const read = await fetch(`${server.url}/api/persons/${p.id}?reveal=idNumber`, { headers: { cookie } });
        statuses.push(read.status);
        expect(JSON.stringify(await read.json())).toContain(p.idNumber);
      }
    }
    expect(await exited, cliOut).toBe(0);
    expect(cliOut).toMatch(/Data key k\w+ is current/);
    expect(statuses.filter((s) => s >= 300)).toEqual([]);
    expect(people.length).toBeGreaterThan(3);
  }, 120_000);
});
