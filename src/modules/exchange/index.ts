/** The exchange module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { enqueueInflowNotifications } from './exchange.bulk.ts';
export { registerExchangeCommands } from './exchange.cli.ts';
export type { ExchangeConfig } from './exchange.config.ts';
export { exchangeConfig } from './exchange.config.ts';
export { loadDemoExchange } from './exchange.demo.ts';
export { notifyRegistered, notifyUpdated } from './exchange.hooks.ts';
export { enqueueExchange } from './exchange.outbox.ts';
export { registerExchangeHooks } from './exchange.register.ts';
export { exchangeRoutes } from './exchange.routes.ts';
export { startExchange } from './exchange.start.ts';
export { exchangeReplyItems } from './exchange.worklist.ts';
