/**
 * Starts the real server (`tsx src/cli/main.ts serve`) on a free port with a fresh data directory and a small
 * demo county, waits for /api/health, and stops it afterwards. Tests read the address with inject('baseURL').
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    /** The server's stdout/stderr; the resident portal's log SMS sender writes one-time codes there. */
    serverLog: string;
  }
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 240_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-4000) : '';
  throw new Error(`The server did not become healthy at ${url} (exit code ${child.exitCode}).\n${log}`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
      resolve();
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      // The child leads its own process group: npx → tsx → node all get the signal.
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

export interface RunningServer {
  url: string;
  logFile: string;
  stop: () => Promise<void>;
}

/**
 * Starts `liudong serve` on a free port over `dataDir` (an empty folder loads the demo county), waits until it
 * answers /api/health, and returns its address and a stop function. `env` adds or overrides settings.
 */
export async function startServer(dataDir: string, env: Record<string, string>): Promise<RunningServer> {
  const logFile = path.join(dataDir, 'server.log');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const out = fs.openSync(logFile, 'a');
  const child = spawn('npx', ['tsx', 'src/cli/main.ts', 'serve'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LIUDONG_DATA_DIR: dataDir,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...env,
    },
  });
  const close = async () => {
    await stop(child);
    fs.closeSync(out);
  };
  try {
    await waitForHealth(url, child, logFile);
  } catch (error) {
    await close();
    throw error;
  }
  return { url, logFile, stop: close };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!fs.existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist is missing: run `npm run build:web` first (npm run test:e2e does).');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-e2e-'));
  const server = await startServer(dataDir, {
    LIUDONG_DEMO_PERSONS: '300',
    // Other browser tests expect demo people without certificates; e2e/stats.e2e.ts runs its own server.
    LIUDONG_DEMO_ACTIVITY: 'off',
  });
  project.provide('baseURL', server.url);
  project.provide('serverLog', server.logFile);
  return async () => {
    await server.stop();
    if (!process.env.LIUDONG_E2E_KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
