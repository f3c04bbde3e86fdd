/** `liudong import persons FILE`: the same import as the console, with a progress bar (rows/s, ETA). */
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { openContext } from '../../context.open.ts';
import { AppError } from '../../core/errors.ts';
import { IMPORT_FIELDS, type ImportField } from '../../core/import-columns.ts';
import { REGISTRY_ROLES } from '../../core/roles.ts';
import { cliActor, cliUser } from '../../http/session.ts';
import { mappingLines, summaryLines } from './import.cli-output.ts';
import { dryRunImport } from './import.dryrun.ts';
import { checkImportFile } from './import.file.ts';
import { writeErrorReport } from './import.report.ts';
import { type ImportProgress, runImport, startImport } from './import.service.ts';

function formatEta(seconds: number | null): string {
  if (seconds === null) return '--';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** A bar on a terminal, a line every 2 s otherwise (CI logs, pipes). */
export function rateBar(label: string) {
  const tty = process.stderr.isTTY;
  const bar = tty
    ? new cliProgress.SingleBar(
        { format: `${label} [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta}`, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(100, 0, { rows: 0, rate: 0, eta: '--' });
  let last = 0;
  return {
    update(p: ImportProgress) {
      const payload = { rows: p.rowsRead, rate: Math.round(p.rowsPerSecond), eta: formatEta(p.etaSeconds) };
      if (bar) bar.update(Math.round(p.fraction * 100), payload);
      else if (Date.now() - last > 2000) {
        last = Date.now();
        process.stderr.write(
          `${label}: ${Math.round(p.fraction * 100)}% ${payload.rows} rows ${payload.rate} rows/s ETA ${payload.eta}\n`,
        );
      }
    },
    stop() {
      bar?.update(100);
      bar?.stop();
    },
  };
}

export function registerImportCommand(program: Command, embeddedNote: string): void {
  program
    .command('import')
    .description('Import data from spreadsheets')
    .command('persons')
    .description(
      `Import persons from FILE (.xlsx or .csv, UTF-8 or GBK): Chinese headers in any order, bad rows to an error report. ` +
        `Rerunning the same file resumes an interrupted import and never duplicates anyone.${embeddedNote}`,
    )
    .argument('<file>', 'the .xlsx or .csv file')
    .requiredOption('--user <username>', 'import as this staff user (their jurisdiction applies)')
    .option('--update', 'update registered persons whose data in the file differs')
    .option('--errors <report.xlsx>', 'where to write the error report (default: FILE.errors.xlsx)')
    .option('--dry-run', 'check the file and write the error report, but import nothing: the mapping and the counts')
    .option(
      '--map <header=field>',
      `map a column by its header (repeatable): field is one of ${IMPORT_FIELDS.join(', ')}, or ignore`,
      (value: string, all: string[]) => [...all, value],
      [] as string[],
    )
    .action(
      async (
        file: string,
        opts: { user: string; update?: boolean; errors?: string; map: string[]; dryRun?: boolean },
      ) => {
        const mapping = parseMappings(opts.map);
        const { ctx, handle } = await openContext();
        const target = opts.errors ?? `${file.replace(/\.(csv|xlsx)$/i, '')}.errors.xlsx`;
        const options = { fileName: path.basename(file), update: opts.update === true, mapping };
        try {
          const user = await cliUser(ctx, opts.user, REGISTRY_ROLES);
          const checked = await checkImportFile(path.resolve(file));
          if (opts.dryRun) {
            const dry = await dryRunImport(ctx, user, cliActor(user), checked, options);
            console.log(`Columns (表头):\n${mappingLines(dry.header, dry.cells).join('\n')}`);
            const c = dry.counts;
            console.log(
              `Dry run, nothing imported: ${c.inserted + c.updated + c.unchanged} good rows ` +
                `(${c.inserted} new, ${c.updated} to update, ${c.unchanged} unchanged), ${c.failed} bad rows, ` +
                `${c.warnings} warnings.`,
            );
            console.log(summaryLines(c, { update: options.update, dryRun: true }).join('\n'));
            const job = { id: '', header: dry.cells, update_existing: options.update, ...c };
            await writeErrorReport(ctx, job, fs.createWriteStream(target), { rows: dry.rows, dryRun: true });
            console.log(`Error report: ${target}`);
            if (c.failed > 0) process.exitCode = 2;
            return;
          }
          const started = await startImport(ctx, user, cliActor(user), checked, options);
          if (started.resumed) console.error(`Resuming the interrupted import after row ${started.job.rows_done}.`);
          const bar = rateBar('import');
          const job = await runImport(ctx, user, cliActor(user), started, (p) => bar.update(p)).finally(() =>
            bar.stop(),
          );
          console.log(
            `Imported: ${job.inserted} new, ${job.updated} updated, ${job.unchanged} already registered (unchanged), ` +
              `${job.failed} bad rows (${job.duplicates} duplicates)` +
              (job.warnings > 0 ? `; ${job.warnings} imported rows need a look (warnings).` : '.'),
          );
          console.log(summaryLines(job, { update: job.update_existing }).join('\n'));
          // Warnings alone do not fail the command; they are in the report to be checked.
          if (job.failed > 0 || job.warnings > 0) {
            await writeErrorReport(ctx, job, fs.createWriteStream(target));
            console.log(`Error report: ${target}`);
            if (job.failed > 0) process.exitCode = 2;
          }
        } catch (error) {
          if (error instanceof AppError) {
            console.error(`${error.text.zh} / ${error.text.en}`);
            for (const issue of error.issues) console.error(`  ${issue.message.zh}`);
            process.exitCode = 1;
          } else throw error;
        } finally {
          await handle.close();
        }
      },
    );
}

/** `--map '暂住处=residence'`: a field name (residence is short for residenceDivision), or ignore. */
export function parseMappings(values: readonly string[]): Map<string, ImportField | null> {
  const mapping = new Map<string, ImportField | null>();
  for (const value of values) {
    const at = value.lastIndexOf('=');
    const header = value.slice(0, at).trim();
    const name = value.slice(at + 1).trim();
    const field = name === 'residence' ? 'residenceDivision' : name === 'hukou' ? 'hukouDivision' : name;
    if (at <= 0 || (field !== 'ignore' && !(IMPORT_FIELDS as readonly string[]).includes(field)))
      throw new Error(
        `--map '${value}': write HEADER=FIELD, FIELD one of ${IMPORT_FIELDS.join(', ')}, residence, hukou, ignore`,
      );
    mapping.set(header, field === 'ignore' ? null : (field as ImportField));
  }
  return mapping;
}
