/**
 * Guess budgets for the sign-in steps (issue 18). A request takes its slot *before* the secret is checked, in
 * one atomic statement, so however many requests run at once, at most `max` guesses are checked until the lock
 * expires or a right answer clears the count. Checking first and counting afterwards let 25 parallel wrong
 * passwords (and 40 TOTP codes) through without a lock.
 */
import { sql } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/database.ts';

export interface AttemptLimits {
  max: number;
  lockMinutes: number;
}

/** `allowed`: this request may check one guess; `locksNow`: it took the last slot, so a wrong guess is locked. */
export type AttemptClaim = { allowed: true; locksNow: boolean } | { allowed: false; minutesLeft: number };

/** What is counted: the password step per username (known or not), the second step per account. */
export const passwordSubject = (username: string) => `password:${username}`;
export const totpSubject = (userId: string) => `totp:${userId}`;

export async function claimAttempt(
  db: Db,
  subject: string,
  limits: AttemptLimits,
  now = new Date(),
): Promise<AttemptClaim> {
  const lockUntil = new Date(now.getTime() + limits.lockMinutes * 60_000);
  // Under the WHERE below a lock that is still set has expired, so counting starts again.
  const failures = sql<number>`CASE WHEN login_attempt.locked_until IS NULL THEN login_attempt.failures + 1 ELSE 1 END`;
  const row = await db
    .insertInto('login_attempt')
    .values({ subject, failures: 1, locked_until: limits.max <= 1 ? lockUntil : null, updated_at: now })
    .onConflict((oc) =>
      oc
        .column('subject')
        .doUpdateSet({
          failures,
          locked_until: sql<Date | null>`CASE WHEN ${failures} >= ${limits.max} THEN ${lockUntil}::timestamptz END`,
          updated_at: now,
        })
        .where((eb) =>
          eb.or([eb('login_attempt.locked_until', 'is', null), eb('login_attempt.locked_until', '<=', now)]),
        ),
    )
    .returning('locked_until')
    .executeTakeFirst();
  if (row) return { allowed: true, locksNow: row.locked_until !== null };
  const held = await db
    .selectFrom('login_attempt')
    .select('locked_until')
    .where('subject', '=', subject)
    .executeTakeFirst();
  const until = held?.locked_until ? new Date(held.locked_until).getTime() : now.getTime();
  return { allowed: false, minutesLeft: Math.max(1, Math.ceil((until - now.getTime()) / 60_000)) };
}

/** A right answer clears the count (and a lock a parallel wrong guess may just have set). */
export async function clearAttempts(db: Db, ...subjects: string[]): Promise<void> {
  await db.deleteFrom('login_attempt').where('subject', 'in', subjects).execute();
}

/** Rows of names nobody has tried for a day, mostly unknown usernames, so the table cannot grow without end. */
export async function purgeStaleAttempts(db: Db, now = new Date()): Promise<void> {
  await db
    .deleteFrom('login_attempt')
    .where('updated_at', '<', new Date(now.getTime() - 24 * 3600_000))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute();
}

export function lockedError(minutes: number): AppError {
  return new AppError('AUTH_LOCKED', 429, {
    zh: `登录失败次数过多，账户已锁定，请${minutes}分钟后再试`,
    en: `Too many failed sign-ins; try again in ${minutes} minutes`,
  });
}

/**
 * Failures per client address across all accounts, to slow down guessing one password against many names, in
 * this process's memory. A slot is taken synchronously before the check, so parallel requests cannot all pass.
 */
export class AddressFailures {
  private entries = new Map<string, { count: number; since: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Takes a slot for one guess; false when the address has used up its budget in the window. */
  claim(ip: string, now = Date.now()): boolean {
    const entry = this.entries.get(ip);
    if (!entry || now - entry.since > this.windowMs) {
      if (this.entries.size > 50_000) this.entries.clear();
      this.entries.set(ip, { count: 1, since: now });
      return true;
    }
    if (entry.count >= this.max) return false;
    entry.count++;
    return true;
  }

  /** A right password gives its slot back: only failures count. */
  release(ip: string): void {
    const entry = this.entries.get(ip);
    if (entry && entry.count > 0) entry.count--;
  }
}
