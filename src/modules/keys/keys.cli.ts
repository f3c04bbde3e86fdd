/** `liudong keys rotate-data | list | retire`: the data keys that protect ID numbers, phones and secrets at rest. */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { openContext } from '../../context.open.ts';
import type { Actor } from '../../http/session.ts';
import { progressBar } from '../../progress.ts';
import { listDataKeys } from './keyring.ts';
import { KeyInUseError, retireDataKey } from './retire.ts';
import { RotationInterruptedError, rotateData, valuesPerKey } from './rotation.ts';

const CLI_ACTOR: Actor = { id: null, username: 'cli', role: null, divisionCode: null, ip: null };

function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

const day = (d: Date | null) => (d ? new Date(d).toISOString().replace('T', ' ').slice(0, 16) : '—');

export function registerDataKeyCommands(keys: Command, embeddedNote: string): void {
  keys
    .command('rotate-data')
    .description(
      'Make a new data key current and re-encrypt every ID number, phone number and stored secret under it, ' +
        'in small batches while the server keeps serving (PostgreSQL). Interrupted (Ctrl-C, crash)? Run it again: ' +
        'it resumes. The blind index for ID lookups is not rotated. Old keys stay readable until "keys retire".' +
        embeddedNote,
    )
    .option('--batch-size <n>', 'rows per transaction', nonNegative, 500)
    .option('--pause-ms <n>', 'pause between batches, to leave room for users', nonNegative, 0)
    .option(
      '--background',
      'only make the new key current (seconds); with PGlite the server then re-encrypts in the background while it serves',
    )
    .option(
      '--propagation-seconds <n>',
      'wait for servers to load the new key before using it (default: 2 × LIUDONG_KEYRING_REFRESH_SECONDS + 1 on PostgreSQL, 0 on PGlite)',
      nonNegative,
    )
    .action(async (opts: { batchSize: number; pauseMs: number; propagationSeconds?: number; background?: boolean }) => {
      const { ctx, handle } = await openContext();
      const propagationSeconds =
        opts.propagationSeconds ?? (ctx.dbKind === 'postgres' ? 2 * ctx.config.keyringRefreshSeconds + 1 : 0);
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      let bar = progressBar('re-encrypting rows');
      let phase = '';
      try {
        const result = await rotateData(ctx, {
          propagationMs: propagationSeconds * 1000,
          batchSize: Math.max(1, opts.batchSize),
          pauseMs: opts.pauseMs,
          actor: CLI_ACTOR,
          signal: abort.signal,
          activateOnly: opts.background === true,
          onProgress: (p) => {
            if (p.phase !== phase) {
              bar.stop();
              phase = p.phase;
              if (p.phase === 'waiting') {
                console.error(`Waiting ${propagationSeconds}s for every server to load the key ring…`);
                bar = progressBar('');
                return;
              }
              bar = progressBar(p.phase === 'checking' ? 'checking rows' : 're-encrypting rows');
            }
            if (p.phase !== 'waiting') bar.update(p.done, p.total);
          },
        });
        bar.stop();
        if (!result.finished) {
          console.log(
            `Data key ${result.kid} is current for new writes. Older values are re-encrypted when the server starts ` +
              '(PGlite), or by running "liudong keys rotate-data" again.',
          );
          return;
        }
        console.log(
          `Data key ${result.kid} is current${result.resumed ? ' (resumed an unfinished rotation)' : ''}: ` +
            `${result.rows} rows re-encrypted in this run, nothing left under an older key (${result.passes} pass${result.passes > 1 ? 'es' : ''}).`,
        );
        if (result.previous.length > 0) {
          console.log(
            `Older keys kept for reading: ${result.previous.join(', ')}. Retire them with "liudong keys retire KID".`,
          );
        }
      } catch (err) {
        bar.stop();
        if (err instanceof RotationInterruptedError) {
          console.log(err.message);
          process.exitCode = 130;
          return;
        }
        throw err;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await ctx.readAudit.flush();
        await handle.close();
      }
    });

  keys
    .command('list')
    .description(`List the data keys, their state and how many stored values each protects${embeddedNote}`)
    .action(async () => {
      const { ctx, handle } = await openContext();
      try {
        const [ring, counts] = await Promise.all([listDataKeys(ctx.db), valuesPerKey(ctx.db)]);
        console.log('kid              state     values    created           activated         retired');
        for (const k of ring) {
          console.log(
            `${k.kid.padEnd(16)} ${k.state.padEnd(9)} ${String(counts.get(k.kid) ?? 0).padStart(8)}  ` +
              `${(k.kid === 'v1' ? '(from master key)' : day(k.createdAt)).padEnd(17)} ${day(k.activatedAt).padEnd(17)} ${day(k.retiredAt)}` +
              (k.state === 'current' && k.kid !== 'v1' && !k.rotationFinishedAt ? '  rotation unfinished' : ''),
          );
        }
      } finally {
        await handle.close();
      }
    });

  keys
    .command('retire <kid>')
    .description(
      'Retire an earlier data key once nothing is encrypted under it (every table is scanned); its wrapped ' +
        `material is deleted. v1 derives from the master key: retiring it makes v1 values unreadable here.${embeddedNote}`,
    )
    .action(async (kid: string) => {
      const { ctx, handle } = await openContext();
      try {
        await retireDataKey(ctx, kid, CLI_ACTOR);
        console.log(`Data key ${kid} retired.`);
      } catch (err) {
        if (err instanceof KeyInUseError) {
          console.log(err.message);
          process.exitCode = 1;
          return;
        }
        throw err;
      } finally {
        await handle.close();
      }
    });
}
