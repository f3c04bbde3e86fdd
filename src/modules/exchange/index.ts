/** The exchange module's front door: what the rest of the application may use (README, "Layout"). */
export {
  answerRoutedApplication,
  belongsToOrigin,
  routeApplicationToOrigin,
} from './exchange.applications.ts';
export { enqueueInflowNotifications } from './exchange.bulk.ts';
export { registerExchangeMergeMoves } from './exchange.merge.ts';
export { enqueueExchange } from './exchange.outbox.ts';
export { registerExchangeHooks } from './exchange.register.ts';
export { notifyServiceElsewhere, type RecordedService } from './exchange.services.ts';
export { startExchange } from './exchange.start.ts';
export { exchangeReplyItems } from './exchange.worklist.ts';
