/**
 * The exchange's reactions to what other modules announce, registered at start-up (src/modules/wiring.ts). Each
 * runs on the announcer's transaction, so a notice is queued exactly when the change commits.
 */
import { birthRegistered } from '../births/index.ts';
import { certificateIssued } from '../certificates/index.ts';
import { notifyBirthRegistered } from './exchange.births.ts';
import { notifyCertificateIssued } from './exchange.hooks.ts';

export function registerExchangeHooks(): void {
  certificateIssued.on('exchange.certificateNotice', (trx, { certificate, person }) =>
    notifyCertificateIssued(trx, certificate, person),
  );
  birthRegistered.on('exchange.birthNotice', async (trx, { registration, applicant, registeredOn }) => {
    await notifyBirthRegistered(trx, registration, applicant, registeredOn);
  });
}
