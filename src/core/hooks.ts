/**
 * In-transaction hooks. A module announces an effect (a person registered, a certificate issued) through a hook it
 * owns; the modules that react (exchange notices, statistics) register handlers at start-up. The announcer then
 * depends on nobody, the reacting module depends on the announcer, and the effects still commit or roll back with
 * the change that caused them because every handler runs on the announcer's transaction.
 */
export type HookHandler<Trx, Payload> = (trx: Trx, payload: Payload) => Promise<void>;

export class Hook<Trx, Payload> {
  private readonly handlers = new Map<string, HookHandler<Trx, Payload>>();

  constructor(readonly name: string) {}

  /**
   * Registers a handler under a name. Registering the same name again replaces it, so wiring the modules twice
   * (several apps in one test process) never runs an effect twice.
   */
  on(handlerName: string, handler: HookHandler<Trx, Payload>): void {
    this.handlers.set(handlerName, handler);
  }

  /** Runs the handlers in registration order on the caller's transaction; a failing handler fails the change. */
  async run(trx: Trx, payload: Payload): Promise<void> {
    for (const handler of this.handlers.values()) await handler(trx, payload);
  }

  get size(): number {
    return this.handlers.size;
  }
}
