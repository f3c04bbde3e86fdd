/**
 * First loads in Chromium against the real server (`liudong serve`, a small demo county, the built console):
 * /verify and /portal as a resident's phone opens them from a QR code or a link, the console's home for a
 * signed-in officer, each in a fresh browser profile (nothing cached). The baseline, measured in the same run:
 * the same server's verify.html alone (under 1 KB, its scripts refused), in a fresh profile too; so the ratio
 * is what the page costs beyond one round trip on this machine at this load. Also the JavaScript each page
 * transfers (independent of load), against what the same files weigh uncompressed. Needs web/dist
 * (`npm run build:web`) and /usr/bin/chromium.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startServer } from '../e2e/global-setup.ts';
import { DEMO_PASSWORD } from '../src/modules/demo/demo.generator.ts';

const RUNS = 5;

interface Load {
  ms: number;
  scriptBytes: number;
  scriptBytesUncompressed: number;
}

/**
 * Opens `url` in a fresh context and waits for `selector` (or, without one, the load event); counts the
 * scripts' bytes on the wire. `bare` refuses every script and stylesheet: the HTML alone.
 */
async function firstLoad(
  browser: Browser,
  url: string,
  selector: string | null,
  cookie?: string,
  bare = false,
): Promise<Load> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  if (bare) await context.route('**/assets/**', (route) => route.abort());
  if (cookie) {
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url }]);
  }
  const page: Page = await context.newPage();
  const scripts: Promise<{ wire: number; raw: number }>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    scripts.push(
      Promise.all([response.request().sizes(), response.body()]).then(([sizes, body]) => ({
        wire: sizes.responseBodySize,
        raw: body.length,
      })),
    );
  });
  const started = performance.now();
  await page.goto(url);
  if (selector) await page.locator(selector).first().waitFor({ timeout: 60_000 });
  const ms = performance.now() - started;
  const sizes = await Promise.all(scripts);
  await context.close();
  return {
    ms,
    scriptBytes: sizes.reduce((a, s) => a + s.wire, 0),
    scriptBytesUncompressed: sizes.reduce((a, s) => a + s.raw, 0),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function medianLoad(
  browser: Browser,
  url: string,
  selector: string | null,
  cookie?: string,
  bare = false,
): Promise<Load> {
  const loads: Load[] = [];
  for (let i = 0; i < RUNS; i++) loads.push(await firstLoad(browser, url, selector, cookie, bare));
  return {
    ms: Math.round(median(loads.map((l) => l.ms))),
    scriptBytes: median(loads.map((l) => l.scriptBytes)),
    scriptBytesUncompressed: median(loads.map((l) => l.scriptBytesUncompressed)),
  };
}

export async function benchPages() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-bench-pages-'));
  const server = await startServer(dataDir, {
    LIUDONG_DEMO_PERSONS: '300',
    LIUDONG_DEMO_ACTIVITY: 'off',
    LIUDONG_MFA_REQUIRED_ROLES: 'auditor',
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'township', password: DEMO_PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const baseline = await medianLoad(browser, `${server.url}/verify`, null, undefined, true);
    const verify = await medianLoad(browser, `${server.url}/verify`, '[data-testid="verify-input"]');
    const portal = await medianLoad(browser, `${server.url}/portal`, '[data-testid="portal-id"]');
    const console = await medianLoad(browser, `${server.url}/`, '[data-testid="count-total"] .ant-statistic', cookie);
    return {
      runs: RUNS,
      baselineMs: baseline.ms,
      verify,
      portal,
      console,
      load: os.loadavg().map((l) => +l.toFixed(2)),
    };
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Rows for `npm run bench`: each figure against the baseline of the same run and its target from issue 21. */
export function pageRows(r: Awaited<ReturnType<typeof benchPages>>) {
  const pct = (value: number, target: number) => `${Math.round((value / target) * 100)}% of target`;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const baseline = `${r.baselineMs} ms (1 KB page, same server)`;
  const time = (figure: string, load: Load, target: number) => ({
    figure: `${figure} (median of ${r.runs})`,
    value: `${load.ms} ms`,
    baseline,
    ratio: `${(load.ms / r.baselineMs).toFixed(1)}× baseline, ${pct(load.ms, target)}`,
    target: `< ${target / 1000} s`,
  });
  const script = (figure: string, load: Load, target?: number) => ({
    figure,
    value: kb(load.scriptBytes),
    baseline: `${kb(load.scriptBytesUncompressed)} uncompressed`,
    ratio: target ? pct(load.scriptBytes, target * 1024) : '',
    target: target ? `< ${target} KB` : '',
  });
  return [
    time('/verify first load, fresh profile', r.verify, 1000),
    time('/portal first load, fresh profile', r.portal, 1000),
    time('console home first load, signed in', r.console, 1500),
    script('JavaScript transferred for /verify (compressed)', r.verify, 150),
    script('JavaScript transferred for /portal (compressed)', r.portal),
    script('JavaScript transferred for the console home (compressed)', r.console),
  ];
}

// `npx tsx bench/pages.ts` runs these rows alone.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const result = await benchPages();
  console.log(`load average ${result.load.join(' ')} on ${os.cpus().length} cores`);
  console.table(pageRows(result));
  console.log(JSON.stringify({ pages: result }));
}
