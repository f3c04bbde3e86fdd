import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.ts';
import { queuePendingBirthNotifications } from './exchange.births.ts';
import { ExchangeWorker } from './exchange.worker.ts';

/** Starts the exchange worker of a server process (see exchange.worker.ts). */
export async function startExchange(ctx: AppContext, log: FastifyBaseLogger): Promise<ExchangeWorker> {
  const worker = new ExchangeWorker({
    db: ctx.db,
    pii: ctx.pii,
    config: ctx.config.exchange,
    log: (level, message, details) => log[level](details ?? {}, message),
  });
  // Births registered before they were wired to the exchange (one key each, so never sent twice).
  try {
    const births = await queuePendingBirthNotifications(ctx.db);
    if (births > 0) log.info({ births }, 'queued earlier birth registrations for the exchange');
  } catch (err) {
    log.error({ err }, 'queueing earlier birth registrations for the exchange failed; retried at the next start');
  }
  await worker.start();
  return worker;
}
