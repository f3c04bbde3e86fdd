/** `liudong export persons --division CODE FILE.xlsx|csv`, as a named user, with a progress bar. */
import fs from 'node:fs';
import type { Command } from 'commander';
import { openContext } from '../../context.open.ts';
import { toFullCode } from '../../core/divisions.ts';
import { AppError } from '../../core/errors.ts';
import { REGISTRY_ROLES } from '../../core/roles.ts';
import { cliActor, cliUser } from '../../http/session.ts';
import { progressBar } from '../../progress.ts';
import { exportPersons } from './export.service.ts';

export function registerExportCommand(program: Command, embeddedNote: string): void {
  program
    .command('export')
    .description('Export data to spreadsheets')
    .command('persons')
    .description(
      `Export the persons of a division subtree (in the user's scope) to FILE.xlsx or FILE.csv${embeddedNote}`,
    )
    .argument('<file>', 'target .xlsx or .csv file')
    .requiredOption('--division <code>', 'division code (2/4/6/9/12 digits)')
    .requiredOption('--user <username>', 'export as this staff user')
    .option('--full-id-numbers', 'full ID numbers (county and township officers only; audited per person)')
    .action(async (file: string, opts: { division: string; user: string; fullIdNumbers?: boolean }) => {
      const format = /\.csv$/i.test(file) ? 'csv' : /\.xlsx$/i.test(file) ? 'xlsx' : null;
      const division = toFullCode(opts.division);
      if (!format) throw new Error('FILE must end in .xlsx or .csv');
      if (!division) throw new Error('--division must be a 2/4/6/9/12-digit code');
      const { ctx, handle } = await openContext();
      try {
        const user = await cliUser(ctx, opts.user, REGISTRY_ROLES);
        const bar = progressBar('export');
        const n = await exportPersons(
          ctx,
          user,
          cliActor(user),
          { division, format, fullIdNumbers: opts.fullIdNumbers === true, onProgress: (d, t) => bar.update(d, t) },
          fs.createWriteStream(file),
        ).finally(() => bar.stop());
        console.log(
          `Exported ${n} persons to ${file}${opts.fullIdNumbers ? ' (full ID numbers; audited)' : ' (ID numbers masked)'}.`,
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        console.error(`${error.text.zh} / ${error.text.en}`);
        process.exitCode = 1;
      } finally {
        await handle.close();
      }
    });
}
