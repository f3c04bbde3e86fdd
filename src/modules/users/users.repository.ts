import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { hashPassword } from '../../security/password.ts';
import { clearAttempts, passwordSubject, totpSubject } from '../auth/index.ts';

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  divisionCode: string;
  password: string;
  /** Accounts created for someone else must change the password at first login. */
  mustChangePassword?: boolean;
}

async function userValues(user: NewUser) {
  return {
    display_name: user.displayName,
    role: user.role,
    division_code: user.divisionCode,
    password_hash: await hashPassword(user.password),
    must_change_password: user.mustChangePassword ?? false,
  };
}

/** Creates or replaces a user (same username → new password, role and division). */
export async function upsertUser(db: Db, user: NewUser): Promise<string> {
  const values = await userValues(user);
  const row = await db
    .insertInto('app_user')
    .values({ username: user.username, ...values })
    .onConflict((oc) => oc.column('username').doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  // A password set by an administrator also lifts a lock.
  await clearAttempts(db, passwordSubject(user.username), totpSubject(row.id));
  return row.id;
}

/** Creates a user; null when the username is taken (two administrators racing for one name included). */
export async function insertUser(db: Db, user: NewUser): Promise<string | null> {
  const row = await db
    .insertInto('app_user')
    .values({ username: user.username, ...(await userValues(user)) })
    .onConflict((oc) => oc.column('username').doNothing())
    .returning('id')
    .executeTakeFirst();
  // Failures counted against the name before it existed must not lock the new account.
  if (row) await clearAttempts(db, passwordSubject(user.username));
  return row?.id ?? null;
}

export interface StaffFilter {
  q?: string | undefined;
  role?: Role | undefined;
  status?: 'active' | 'locked' | 'inactive' | undefined;
}

/**
 * Staff accounts under a division subtree (`like`: subtree(code).like from db/scoped.ts) with their state; residents sign in through the portal and
 * are not staff. `throttled_until`: the sign-in throttle's lock after wrong passwords, while it lasts.
 */
function staffQuery(db: Db, like: string) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('division as d', 'd.code', 'u.division_code')
    .leftJoin('login_attempt as a', (join) =>
      join.on('a.subject', '=', sql<string>`'password:' || u.username`).on('a.locked_until', '>', sql<Date>`now()`),
    )
    .where('u.division_code', 'like', like)
    .where('u.role', '<>', 'resident')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.active',
      'u.locked_at',
      'u.must_change_password',
      'u.created_at',
      'u.password_changed_at',
      sql<boolean>`u.totp_secret_enc IS NOT NULL`.as('totp_enrolled'),
      'a.locked_until as throttled_until',
      'd.code as division_code',
      'd.name as division_name',
      'd.full_name as division_full_name',
    ]);
}

export type StaffRow = Awaited<ReturnType<ReturnType<typeof staffQuery>['executeTakeFirstOrThrow']>>;

export async function listStaff(db: Db, like: string, filter: StaffFilter, limit: number): Promise<StaffRow[]> {
  let q = staffQuery(db, like);
  if (filter.role) q = q.where('u.role', '=', filter.role);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('u.username', 'ilike', like), eb('u.display_name', 'ilike', like)]));
  }
  if (filter.status === 'active') q = q.where('u.active', '=', true).where('u.locked_at', 'is', null);
  if (filter.status === 'locked') {
    q = q
      .where('u.active', '=', true)
      .where((eb) => eb.or([eb('u.locked_at', 'is not', null), eb('a.subject', 'is not', null)]));
  }
  if (filter.status === 'inactive') q = q.where('u.active', '=', false);
  return q.orderBy('u.division_code').orderBy('u.username').limit(limit).execute();
}

/** One staff account inside the jurisdiction, or undefined (outside it answers "not found"). */
export async function findStaff(db: Db, id: string, like: string): Promise<StaffRow | undefined> {
  return staffQuery(db, like).where('u.id', '=', id).executeTakeFirst();
}

/**
 * The state changes of the admin pages. Each is one conditional UPDATE: when two administrators act at once, the
 * second finds nothing to change and gets false (a 409), instead of both "succeeding".
 */
export async function setUserLock(db: Db, id: string, locked: boolean): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set({ locked_at: locked ? new Date() : null })
    .where('id', '=', id)
    .where('locked_at', locked ? 'is' : 'is not', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deactivateUser(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set({ active: false })
    .where('id', '=', id)
    .where('active', '=', true)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Forgets the authenticator and recovery codes; the next sign-in enrols again where the role requires it. */
export async function clearSecondFactor(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set({ totp_secret_enc: null, totp_pending_enc: null, totp_last_counter: null, recovery_code_hashes: [] })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_secret_enc', 'is not', null), eb('totp_pending_enc', 'is not', null)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A temporary password the user must change at the next sign-in. */
export async function setTemporaryPassword(db: Db, id: string, password: string): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ password_hash: await hashPassword(password), must_change_password: true })
    .where('id', '=', id)
    .execute();
}

export { ROLES } from '../../core/roles.ts';
