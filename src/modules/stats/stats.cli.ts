/** `liudong stats rebuild | expire`: recompute the rollups from scratch, or sweep expired certificates. */
import type { Command } from 'commander';
import { openContext } from '../../server.ts';
import { expireCertificates, rebuildRollups } from './stats.repository.ts';

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
