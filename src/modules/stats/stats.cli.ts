/**
 * `liudong stats rebuild | snapshot | expire`: recompute the rollups (and the month-end snapshots) from scratch,
 * recompute the snapshots alone, or sweep expired certificates.
 */
import type { Command } from 'commander';
import { openContext } from '../../context.open.ts';
import { rebuildSnapshots } from './stats.history.ts';
import { expireCertificates, rebuildRollups } from './stats.repository.ts';

/** How many complete months `stats rebuild` recomputes the month-end snapshots for. */
const REBUILD_SNAPSHOT_MONTHS = 24;

export function registerStatsCommands(program: Command, embeddedNote: string): void {
  const stats = program.command('stats').description('Statistics rollups');
  stats
    .command('rebuild')
    .description(
      `Recompute every statistics rollup from the source tables (after a restore, or a bulk load done with triggers off)${embeddedNote}`,
    )
    .action(async () => {
      const { ctx, handle } = await openContext();
      const started = Date.now();
      await ctx.db.transaction().execute((trx) => rebuildRollups(trx));
      const cells = await ctx.db
        .selectFrom('stat_rollup')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      console.log(`Rebuilt ${cells.n} rollup cells in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      const snap = await rebuildSnapshots(ctx.db, REBUILD_SNAPSHOT_MONTHS, undefined, 'rebuild');
      console.log(`Month-end snapshots ${snap.from} … ${snap.to}: ${snap.cells} cells.`);
      await handle.close();
    });
  stats
    .command('snapshot')
    .description(
      `Recompute the month-end population counts of the last N complete months from residence episodes (the server records each month within an hour of its end)${embeddedNote}`,
    )
    .option('--months <n>', 'complete months to recompute', '12')
    .action(async (opts: { months: string }) => {
      const months = Number(opts.months);
      if (!Number.isInteger(months) || months < 1 || months > 600) {
        console.error('--months must be a whole number from 1 to 600');
        process.exitCode = 2;
        return;
      }
      const { ctx, handle } = await openContext();
      const started = Date.now();
      const snap = await rebuildSnapshots(ctx.db, months);
      console.log(
        `Month-end snapshots ${snap.from} … ${snap.to}: ${snap.cells} cells in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
      await handle.close();
    });
  stats
    .command('expire')
    .description(`Stop counting certificates that have expired (the server does this hourly)${embeddedNote}`)
    .action(async () => {
      const { ctx, handle } = await openContext();
      console.log(`${await expireCertificates(ctx.db)} people's certificates expired.`);
      await handle.close();
    });
}
