/**
 * `liudong reminders run | stop`: send the due reminders now (the server does it every 15 minutes in the
 * daytime), or stop them for a phone that replied TD. An SMS gateway hands each inbound reply to `stop` with the
 * phone and the text; a reply that is not a stop word changes nothing.
 */
import type { Command } from 'commander';
import { openContext } from '../../context.open.ts';
import { isStopReply } from '../../core/reminders.ts';
import { sendReminders, stopRemindersByPhone } from './reminders.service.ts';

export function registerReminderCommands(program: Command, embeddedNote: string): void {
  const reminders = program.command('reminders').description('SMS reminders to residents');
  reminders
    .command('run')
    .description(`Send the reminders due now, each event once${embeddedNote}`)
    .action(async () => {
      const { ctx, handle } = await openContext();
      const run = await sendReminders(ctx);
      console.log(`Sent ${run.sent}; rate-limited ${run.rateLimited}; no phone ${run.noPhone}; failed ${run.failed}.`);
      await handle.close();
    });
  reminders
    .command('stop')
    .description(`An inbound reply (回复TD): stop the reminders sent to this phone${embeddedNote}`)
    .requiredOption('--phone <phone>', 'the phone the reply came from')
    .option('--text <text>', 'the reply as received', 'TD')
    .action(async (opts: { phone: string; text: string }) => {
      if (!isStopReply(opts.text)) {
        console.log('Not a stop reply; nothing changed.');
        return;
      }
      const { ctx, handle } = await openContext();
      const { stopped } = await stopRemindersByPhone(ctx, opts.phone);
      console.log(
        stopped > 0 ? `Stopped reminders for ${stopped} person(s).` : 'No one with reminders on at this phone.',
      );
      await handle.close();
    });
}
