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
