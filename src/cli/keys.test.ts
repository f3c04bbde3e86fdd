/** `liudong keys rotate | export | verify`: rotation keeps old certificates verifiable offline. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as runTestCli } from '../../test/support/cli.ts';
import { createTestEnv, type TestEnv } from '../../test/support/context.ts';
import { issue, newOutflowPerson } from '../modules/certificates/certificates.fixtures.ts';

let env: TestEnv;
let payload: string;
const keysFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-keys-')), 'keys.json');

const runCli = (args: string[]) => runTestCli(env.ctx.config, args);

beforeAll(async () => {
  env = await createTestEnv();
  const township = await env.login('township');
  const person = await newOutflowPerson(env, township);
  payload = (await issue(env, township, { personId: person.id, kind: 'standard' })).json().certificate.payload;
  await env.release(); // PGlite: one process at a time
});
afterAll(() => env.close());

describe('liudong keys', () => {
  it('rotates to a new key and exports old and new public keys', () => {
    const rotated = runCli(['keys', 'rotate']);
    expect(rotated.out).toMatch(/New signing key \S+; retired \S+/);
    expect(runCli(['keys', 'export', '--out', keysFile]).status).toBe(0);
    const exported = JSON.parse(fs.readFileSync(keysFile, 'utf8'));
    expect(exported.keys).toHaveLength(2);
    expect(exported.keys[0].retiredAt).not.toBeNull();
  });

  it('verifies a certificate signed before the rotation offline, with no database', () => {
    const { status, out } = runCli(['keys', 'verify', payload, '--keys', keysFile]);
    expect(out).toContain('SIGNATURE OK');
    expect(status).toBe(0);
  });

  it('exits 1 and says forged for a tampered payload', () => {
    const tampered = `${payload.slice(0, 30)}${payload[30] === 'A' ? 'B' : 'A'}${payload.slice(31)}`;
    const { status, out } = runCli(['keys', 'verify', tampered, '--keys', keysFile]);
    expect(out).toContain('FORGED');
    expect(status).toBe(1);
  });
});
