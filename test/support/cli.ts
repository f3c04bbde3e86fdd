/** Runs the `liudong` CLI as its own process against a test environment's database. */
import { spawnSync } from 'node:child_process';
import type { Config } from '../../src/config.ts';
import { TEST_DATA_KEY } from './template.ts';

// One node process (no tsx wrapper), so a signal reaches the command itself.
export const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

export function cliEnv(config: Config): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LIUDONG_DATA_DIR: config.dataDir,
    LIUDONG_DATA_KEY: TEST_DATA_KEY,
    DATABASE_URL: config.databaseUrl ?? '',
  };
}

export function runCli(config: Config, args: string[]): { status: number | null; out: string } {
  const result = spawnSync(process.execPath, [...CLI, ...args], {
    env: cliEnv(config),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}
