/** The signed-in user as the console sees it (login, session check, second factor). */
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';

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
