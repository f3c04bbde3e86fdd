/** Child process: one timed import, so its peak RSS is the importer's own, not the bench's generated data. */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../src/config.ts';
import { openContext } from '../src/context.open.ts';
import { cliActor, cliUser } from '../src/http/session.ts';
import { checkImportFile } from '../src/modules/import/import.file.ts';
import { runImport, startImport } from '../src/modules/import/import.service.ts';

const config = JSON.parse(process.env.BENCH_IMPORT_CONFIG ?? '{}') as Config;
const file = process.argv[2] as string;
const { ctx, handle } = await openContext(config);
const user = await cliUser(ctx, 'admin', ['county_admin']);
const started = performance.now();
// BENCH_RSS_LOG=N: the importer's memory every N seconds on stderr (where a peak comes from).
const mb = (bytes: number) => Math.round(bytes / 1048576);
if (process.env.BENCH_RSS_LOG)
  setInterval(() => {
    const m = process.memoryUsage();
    const at = Math.round((performance.now() - started) / 1000);
    process.stderr.write(
      `memory ${at}s rss=${mb(m.rss)} heap=${mb(m.heapUsed)}/${mb(m.heapTotal)} arrayBuffers=${mb(m.arrayBuffers)} MB\n`,
    );
  }, Number(process.env.BENCH_RSS_LOG) * 1000).unref();
const checked = await checkImportFile(file);
const job = await runImport(
  ctx,
  user,
  cliActor(user),
  await startImport(ctx, user, cliActor(user), checked, { fileName: path.basename(file), update: false }),
);
const seconds = (performance.now() - started) / 1000;
await handle.close();
if (job.inserted === 0 || job.failed > 0) throw new Error(`bench import went wrong: ${JSON.stringify(job)}`);
/**
 * This process's own peak RSS. Not resourceUsage().maxRSS: on Linux that includes the parent's RSS at the fork
 * before exec (the 1M bench reported 382 MB for an import that peaked at 280 MB when started from a shell).
 * VmHWM is the peak of this program's own address space.
 */
function peakRssMb(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Math.round(Number(hwm[1]) / 1024);
  } catch {
    // Not Linux: maxRSS is the best there is.
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
process.stdout.write(`${JSON.stringify({ rowsPerSecond: job.inserted / seconds, peakRssMb: peakRssMb() })}\n`);
