/**
 * Start-up wiring of the effects that cross modules (src/core/hooks.ts): each reacting module registers its
 * handlers on the hooks the announcing modules own. Called by openContext (src/context.open.ts), which every
 * server, command and test goes through; registering twice replaces by name, so calling it again is harmless.
 */
import { registerExchangeHooks } from './exchange/index.ts';

export function wireModules(): void {
  registerExchangeHooks();
}
