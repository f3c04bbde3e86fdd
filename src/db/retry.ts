/**
 * Transactions that PostgreSQL aborts to break a deadlock (40P01) or a serialization conflict (40001) are run
 * again, in one place for every `db.transaction()`. Such an abort is not the caller's mistake: two writers took
 * the same rows in different orders (a person's move locks its statistics cells and then its exchange case, the
 * exchange worker's batch the case and then the same cells). The loser's work was rolled back whole, so running
 * the callback again is safe as long as it only writes to the database — which is the rule for transaction
 * callbacks here (messages leave through the outbox, files are written after the commit).
 * When the attempts run out the caller gets a 503 with a message to try again, never a 500.
 */
import type { Kysely, TransactionBuilder } from 'kysely';
import { AppError } from '../core/errors.ts';

export const TRANSACTION_ATTEMPTS = 4;
const RETRYABLE = new Set(['40P01', '40001']);

/** True for an error PostgreSQL raised to abort the transaction as a deadlock or serialization victim. */
export function isRetryableConflict(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function busy(): AppError {
  return new AppError('BUSY', 503, {
    zh: '系统正忙（多人同时修改同一批记录），本次未保存，请稍后重试',
    en: 'The system is busy (several people changed the same records at once); nothing was saved, try again',
  });
}

const pause = (attempt: number) => new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 40 * attempt));

/** Runs `attempt` until it succeeds, fails otherwise, or has lost TRANSACTION_ATTEMPTS conflicts. */
export async function retryConflicts<T>(run: () => Promise<T>, onRetry?: (attempt: number) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isRetryableConflict(error)) throw error;
      if (attempt >= TRANSACTION_ATTEMPTS) throw busy();
      onRetry?.(attempt);
      await pause(attempt);
    }
  }
}

/**
 * Makes every top-level `db.transaction().execute(…)` of this instance retry conflicts. The builder is wrapped,
 * not copied, so `setIsolationLevel`/`setAccessMode` keep working; a Transaction object cannot open another one.
 */
export function retryingTransactions<DB>(db: Kysely<DB>, onRetry?: (attempt: number) => void): Kysely<DB> {
  const open = db.transaction.bind(db);
  const wrap = (builder: TransactionBuilder<DB>): TransactionBuilder<DB> =>
    new Proxy(builder, {
      get(target, prop) {
        if (prop === 'execute')
          return <T>(callback: Parameters<TransactionBuilder<DB>['execute']>[0]) =>
            retryConflicts(() => target.execute(callback) as Promise<T>, onRetry);
        if (prop === 'setIsolationLevel' || prop === 'setAccessMode')
          return (value: never) => wrap((target[prop] as (v: never) => TransactionBuilder<DB>).call(target, value));
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  db.transaction = () => wrap(open());
  return db;
}
