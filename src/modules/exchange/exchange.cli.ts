/** `liudong exchange status` and `liudong exchange keys`. */
import type { Command } from 'commander';
import { openContext } from '../../context.open.ts';
import { exchangeIdentity } from './exchange.identity.ts';
import { exchangeStatusReport, statusLines } from './exchange.status.ts';

export function registerExchangeCommands(program: Command, embeddedNote: string): void {
  const exchange = program.command('exchange').description('Origin ↔ residence information exchange');

  exchange
    .command('keys')
    .description(
      `Print this deployment's exchange public keys (Ed25519 signing, X25519 encryption) as a peer entry for the other side's peers file${embeddedNote}`,
    )
    .option('--name <name>', 'how the other side should call this deployment', 'liudong')
    .action(async (opts: { name: string }) => {
      const { ctx, handle } = await openContext();
      const identity = await exchangeIdentity(ctx.db, ctx.pii);
      await handle.close();
      const entry = {
        name: opts.name,
        publicKey: identity.publicKey,
        encryptionKey: identity.encryptionKey,
        divisions: ctx.config.exchange.served,
      };
      console.log(JSON.stringify([entry], null, 2));
      console.error(`key id ${identity.kid}`);
    });

  exchange
    .command('status')
    .description(`Queue depths, lag, dead letters, and peers with their last-seen time${embeddedNote}`)
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { ctx, handle } = await openContext();
      try {
        const report = await exchangeStatusReport(ctx);
        console.log(opts.json ? JSON.stringify(report, null, 2) : statusLines(report).join('\n'));
      } finally {
        await handle.close();
      }
    });
}
