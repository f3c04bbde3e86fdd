/**
 * The exchange's reactions to what other modules announce, registered at start-up (src/modules/wiring.ts). Each
 * runs on the announcer's transaction, so a notice is queued exactly when the change commits.
 */
import { birthRegistered } from '../births/index.ts';
import { certificateIssued } from '../certificates/index.ts';
import { peopleRegistered, personChanged, personRegistered } from '../persons/index.ts';
import { notifyBirthRegistered } from './exchange.births.ts';
import { enqueueInflowNotifications } from './exchange.bulk.ts';
import { notifyCertificateIssued, notifyRegistered, notifyUpdated } from './exchange.hooks.ts';

export function registerExchangeHooks(): void {
  // Registry changes of floating people notify the other side (exchange.hooks.ts, exchange.bulk.ts).
  personRegistered.on('exchange.registered', (trx, { registeredBy, person }) =>
    notifyRegistered(trx, registeredBy, person),
  );
  peopleRegistered.on('exchange.registeredMany', async (trx, { registeredBy, people }) => {
    await enqueueInflowNotifications(trx, registeredBy, people);
  });
  personChanged.on('exchange.changed', (trx, { before, after }) => notifyUpdated(trx, before, after));
  certificateIssued.on('exchange.certificateNotice', (trx, { certificate, person }) =>
    notifyCertificateIssued(trx, certificate, person),
  );
  birthRegistered.on('exchange.birthNotice', async (trx, { registration, applicant, registeredOn }) => {
    await notifyBirthRegistered(trx, registration, applicant, registeredOn);
  });
}
