import type { Role } from '../../db/schema.ts';
import { hashPassword } from '../../security/password.ts';
import type { Db } from '../audit/audit.repository.ts';
import { clearAttempts, passwordSubject, totpSubject } from '../auth/attempts.ts';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  division: { code: string; name: string; fullName: string; level: number };
}

export async function getUserView(db: Db, id: string): Promise<UserView> {
  const row = await db
    .selectFrom('app_user as u')
    .innerJoin('division as d', 'd.code', 'u.division_code')
    .where('u.id', '=', id)
    .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'd.code', 'd.name', 'd.full_name', 'd.level'])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    division: { code: row.code, name: row.name, fullName: row.full_name, level: row.level },
  };
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  divisionCode: string;
  password: string;
  /** Accounts created for someone else must change the password at first login. */
  mustChangePassword?: boolean;
}

/** Creates or replaces a user (same username → new password, role and division). */
export async function upsertUser(db: Db, user: NewUser): Promise<string> {
  const password_hash = await hashPassword(user.password);
  const row = await db
    .insertInto('app_user')
    .values({
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      division_code: user.divisionCode,
      password_hash,
      must_change_password: user.mustChangePassword ?? false,
    })
    .onConflict((oc) =>
      oc.column('username').doUpdateSet({
        display_name: user.displayName,
        role: user.role,
        division_code: user.divisionCode,
        password_hash,
        must_change_password: user.mustChangePassword ?? false,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  // A password set by an administrator also lifts a lock.
  await clearAttempts(db, passwordSubject(user.username), totpSubject(row.id));
  return row.id;
}

export { ROLES } from '../../core/roles.ts';
