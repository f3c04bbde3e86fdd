/**
 * `liudong keys rotate-data | list | retire` as an operator runs them, including a rotation killed with
 * SIGKILL midway and run again.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cliEnv, runCli as runTestCli } from './support/cli.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';

let env: TestEnv;
const runCli = (args: string[]) => runTestCli(env.ctx.config, args);

beforeAll(async () => {
  env = await createTestEnv();
  await env.release(); // PGlite: one process at a time
});
afterAll(() => env.close());

/** Starts a rotation and kills it (SIGKILL) once it has reported re-encrypting some rows. */
function killMidway(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...CLI, 'keys', 'rotate-data', '--batch-size', '5', '--pause-ms', '40', '--propagation-seconds', '1'],
      {
        env: cliEnv(env.ctx.config),
      },
    );
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (/re-encrypting rows: [1-9]\d*\//.test(out)) child.kill('SIGKILL');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(out) : reject(new Error(`not killed: ${out}`)),
    );
  });
}

describe('liudong keys (data keys)', () => {
  it('lists the original key as current before any rotation', () => {
    const { status, out } = runCli(['keys', 'list']);
    expect(status).toBe(0);
    expect(out).toMatch(/^v1\s+current\s+[1-9]\d*/m);
  });

  it('refuses to retire the current key, with exit code 1', () => {
    const { status, out } = runCli(['keys', 'retire', 'v1']);
    expect(out).toContain('rotate-data');
    expect(status).toBe(1);
  });

  it('resumes a rotation killed midway and finishes it', async () => {
    const killed = await killMidway();
    expect(killed).toMatch(/re-encrypting rows: \d+\/\d+/);
    const { status, out } = runCli(['keys', 'rotate-data', '--batch-size', '50']);
    expect(out).toMatch(/Data key k\d+[0-9a-f]+ is current \(resumed an unfinished rotation\)/);
    expect(status).toBe(0);
  }, 120_000); // two CLI processes, one killed: slow on a loaded machine

  it('lists the new key as current and nothing left under v1', () => {
    const { out } = runCli(['keys', 'list']);
    expect(out).toMatch(/^v1\s+active\s+0\s/m);
    expect(out).toMatch(/^k\d+[0-9a-f]+\s+current\s+[1-9]\d*/m);
  });

  it('retires v1 once nothing uses it', () => {
    const { status, out } = runCli(['keys', 'retire', 'v1']);
    expect(out).toContain('Data key v1 retired.');
    expect(status).toBe(0);
  });
});
