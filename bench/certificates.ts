/**
 * Certificate verification figures for `npm run bench`:
 * - offline: verifyPayload from core (signature + shape), one thread, no I/O;
 * - online: POST /api/verify through the real app (rate limit lifted), which adds HTTP, the database
 *   lookup and the audit row; reported as a share of the offline rate measured in the same run.
 * Runs on a fresh embedded (PGlite) folder so it needs no server; the app runs in a child process
 * (`--serve`) so the load generator has the other core.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { verifyPayload } from '../src/core/certificate-payload.ts';
import { buildApp } from '../src/http/app.ts';
import { PUBLIC_LIMITS } from '../src/http/security.ts';
import type { SessionUser } from '../src/http/session.ts';
import { issueCertificate } from '../src/modules/certificates/certificates.service.ts';
import { keyRingFor } from '../src/modules/certificates/signing-keys.ts';
import { loadDemo } from '../src/modules/demo/demo.generator.ts';
import { openContext } from '../src/server.ts';
import { benchConfig } from './support.ts';

const DATA_DIR = path.resolve('tmp/bench-certificates');

function config() {
  return { ...benchConfig(), databaseUrl: null, dataDir: DATA_DIR, keyFile: path.join(DATA_DIR, 'keys', 'data.key') };
}

async function prepare(): Promise<string> {
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  const { ctx, handle } = await openContext(config());
  await loadDemo(ctx, { persons: 500, seed: 3 });
  const township = await ctx.db
    .selectFrom('app_user')
    .selectAll()
    .where('username', '=', 'township')
    .executeTakeFirstOrThrow();
  const person = await ctx.db
    .selectFrom('person')
    .select('id')
    .where('hukou_division', 'like', '330205005%')
    .executeTakeFirstOrThrow();
  const user: SessionUser = {
    id: township.id,
    username: township.username,
    displayName: township.display_name,
    role: township.role,
    divisionCode: township.division_code,
    sessionHash: 'bench',
    stage: 'full',
  };
  const actor = { id: user.id, username: user.username, role: user.role, divisionCode: user.divisionCode, ip: null };
  const { certificate } = await issueCertificate(ctx, user, actor, { personId: person.id, kind: 'standard' });
  await handle.close();
  return certificate?.payload ?? '';
}

async function offlineRate(payload: string, seconds: number): Promise<number> {
  const { ctx, handle } = await openContext(config());
  const keys = await keyRingFor(ctx.db).keys();
  await handle.close();
  const deadline = Date.now() + seconds * 1000;
  let n = 0;
  while (Date.now() < deadline) {
    for (let i = 0; i < 200; i++) if (verifyPayload(payload, keys).ok) n++;
  }
  return n / seconds;
}

function startServer(): Promise<{ port: number; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/certificates.ts', '--serve'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LIUDONG_VERIFY_RATE_PER_MINUTE: '1000000000' },
    });
    child.stdout?.once('data', (chunk: Buffer) => resolve({ port: JSON.parse(chunk.toString()).port, child }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

export interface CertificateBench {
  offlinePerSecond: number;
  endpointPerSecond: number;
  endpointP99: number;
  errors: number;
}

export async function benchCertificates(seconds = 10): Promise<CertificateBench> {
  const payload = await prepare();
  const offlinePerSecond = await offlineRate(payload, Math.max(2, seconds / 2));
  const server = await startServer();
  try {
    const run = (duration: number) =>
      autocannon({
        url: `http://127.0.0.1:${server.port}/api/verify`,
        method: 'POST',
        connections: 16,
        duration,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ payload }),
      });
    const probe = await fetch(`http://127.0.0.1:${server.port}/api/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payload }),
    });
    if (!probe.ok) throw new Error(`verify endpoint answered ${probe.status}: ${await probe.text()}`);
    await run(2); // warm-up
    const result = await run(seconds);
    if (result.non2xx > 0) console.error('verify endpoint status codes:', JSON.stringify(result.statusCodeStats));
    return {
      offlinePerSecond: Math.round(offlinePerSecond),
      endpointPerSecond: Math.round(result.requests.average),
      endpointP99: result.latency.p99,
      errors: result.errors + result.non2xx,
    };
  } finally {
    server.child.kill();
  }
}

if (process.argv.includes('--serve')) {
  // Throughput, not abuse: lift the per-address budget of the shared security hook for this child only.
  for (const limit of PUBLIC_LIMITS) limit.perMinute = 1_000_000_000;
  const { ctx } = await openContext(config());
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
  process.on('SIGTERM', () => process.exit(0));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  console.table([await benchCertificates(Number(process.env.BENCH_SECONDS ?? 5))]);
}
