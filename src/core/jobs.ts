/**
 * The server's background jobs in one registry: periodic ticks that never overlap, and long-running workers
 * with their own stop. Shutdown stops the timers, waits for the ticks in flight, then stops the workers in
 * reverse order of start, so no job touches the database after it is closed.
 */
export type JobErrorHandler = (job: string, err: unknown) => void;

interface Worker {
  name: string;
  stop(): Promise<void>;
}

export class Jobs {
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly workers: Worker[] = [];
  private stopping = false;

  constructor(private readonly onError: JobErrorHandler) {}

  /** Runs `tick` now (unless `now` is false) and then every `ms`; a tick still running makes the next one skip. */
  every(name: string, ms: number, tick: () => Promise<unknown>, options: { now?: boolean } = {}): void {
    let busy = false;
    const run = () => {
      if (busy || this.stopping) return;
      busy = true;
      const done = tick()
        .then(
          () => undefined,
          (err: unknown) => this.onError(name, err),
        )
        .finally(() => {
          busy = false;
          this.running.delete(done);
        });
      this.running.add(done);
    };
    if (options.now ?? true) run();
    this.timers.push(setInterval(run, ms));
  }

  /** A job that runs on its own (the exchange worker, a data-key rotation) and stops when asked. */
  add(name: string, stop: () => Promise<void>): void {
    this.workers.push({ name, stop });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all(this.running);
    for (const worker of [...this.workers].reverse()) {
      await worker.stop().catch((err: unknown) => this.onError(worker.name, err));
    }
  }
}
