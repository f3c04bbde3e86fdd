/**
 * Start-up registrations of the modules that react to another module's hooks (src/core/hooks.ts). Called once
 * per context (context.open.ts: server, CLI and tests alike); registering by name makes a second call a no-op.
 */
import { enqueueInflowNotifications } from './exchange/exchange.bulk.ts';
import { notifyRegistered, notifyUpdated } from './exchange/exchange.hooks.ts';
import { peopleRegistered, personChanged, personRegistered } from './persons/persons.hooks.ts';

export function wireModules(): void {
  // Registry changes of floating people notify the other side (exchange.hooks.ts).
  personRegistered.on('exchange', (trx, { registeredBy, person }) => notifyRegistered(trx, registeredBy, person));
  peopleRegistered.on('exchange', async (trx, { registeredBy, people }) => {
    await enqueueInflowNotifications(trx, registeredBy, people);
  });
  personChanged.on('exchange', (trx, { before, after }) => notifyUpdated(trx, before, after));
}
