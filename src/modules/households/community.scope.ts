/** Scope checks shared by the community modules (households, employers, outreach); reads use scoped(db, user). */
import { isWithin, levelOf } from '../../core/divisions.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import { fieldLabel } from '../../core/person.ts';
import type { Db } from '../../db/database.ts';
import type { SessionUser } from '../../http/session.ts';

/** Labels as the community forms name fields (e.g. divisionCode is 所属村（居）). */
const communityLabel = (path: string) => fieldLabel(path, '/api/households');

/**
 * A division a record is filed under must exist and lie inside the user's subtree; `villageOnly` asks for a
 * village (居/村委会), where households and groups live. A division outside the scope is refused like an
 * unknown one, so the answer does not reveal what exists elsewhere.
 */
export async function requireDivisionInScope(
  db: Db,
  user: SessionUser,
  code: string,
  path: string,
  villageOnly: boolean,
): Promise<void> {
  const row = await db.selectFrom('division').select('code').where('code', '=', code).executeTakeFirst();
  if (!row || !isWithin(code, user.divisionCode)) {
    throw AppError.validation([
      fieldIssue(path, communityLabel(path), {
        zh: '区划不存在或不在您的管辖范围内',
        en: 'unknown division or outside your jurisdiction',
      }),
    ]);
  }
  if (villageOnly && levelOf(code) !== 5) {
    throw AppError.validation([
      fieldIssue(path, communityLabel(path), { zh: '应为村（居）委会', en: 'must be a village or community' }),
    ]);
  }
}

export function notInScopeIssue(path: string) {
  return fieldIssue(path, communityLabel(path), { zh: '不存在或无权访问', en: 'not found or no access' });
}
