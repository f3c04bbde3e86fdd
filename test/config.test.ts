/** One configuration: read once from the environment, checked, documented in README from the same list. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, SETTINGS, settingsTable } from '../src/config.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The names loadConfig looks up in an environment. */
function namesRead(): Set<string> {
  const read = new Set<string>();
  const env = new Proxy({} as NodeJS.ProcessEnv, {
    get(_, name) {
      if (typeof name === 'string') read.add(name);
      return undefined;
    },
  });
  loadConfig(env);
  return read;
}

describe('configuration', () => {
  it('reads every setting from the environment it is given', () => {
    const config = loadConfig({
      PORT: '4100',
      LIUDONG_VERIFY_RATE_PER_MINUTE: '7',
      LIUDONG_DEADLINE_ARRIVAL_DAYS: '20',
    });
    expect(config.port).toBe(4100);
    expect(config.verifyRatePerMinute).toBe(7);
    expect(config.deadlines.arrivalDays).toBe(20);
  });

  it.each([
    ['LIUDONG_VERIFY_RATE_PER_MINUTE', 'sixty'],
    ['LIUDONG_PORTAL_RATE_PER_MINUTE', '0'],
    ['LIUDONG_DEADLINE_ARRIVAL_DAYS', '-3'],
    ['LIUDONG_COMPLAINT_RESPONSE_DAYS', '90'],
    ['LIUDONG_CERT_VALID_MONTHS', '1.5'],
    ['LIUDONG_SESSION_IDLE_MINUTES', '30min'],
    ['LIUDONG_DEMO', 'maybe'],
    ['LIUDONG_EXCHANGE_POLL_MS', '5'],
  ])('stops at a bad %s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}\\b`));
  });

  it('documents exactly the variables it reads', () => {
    const documented = new Set(SETTINGS.flatMap((s) => s.names));
    expect([...namesRead()].filter((n) => !documented.has(n)).sort()).toEqual([]);
    expect([...documented].filter((n) => !namesRead().has(n)).sort()).toEqual([]);
  });

  it('has README show the table printed by `liudong config`', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- config:start[^>]*-->\n([\s\S]*?)\n<!-- config:end -->/.exec(readme)?.[1];
    expect(block).toBe(settingsTable());
  });

  it('is the only place that reads process.env', () => {
    const allowed = new Set([
      'src/config.ts',
      // `liudong user add` takes a new password from LIUDONG_NEW_PASSWORD instead of the command line: an input of
      // one command, not a setting.
      'src/cli/main.ts',
    ]);
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return walk(full);
        return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
      });
    const readers = walk(path.join(ROOT, 'src'))
      .filter((f) => fs.readFileSync(f, 'utf8').includes('process.env'))
      .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
      .filter((f) => !allowed.has(f));
    expect(readers).toEqual([]);
  });
});
