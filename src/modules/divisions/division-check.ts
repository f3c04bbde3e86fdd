/**
 * The division field of an admin form (a new account's, a department key's area), checked the same way for the
 * console and the CLI: a 2/4/6/9/12-digit code, inside the administrator's jurisdiction when there is one, and
 * loaded (the CLI names the command that loads it).
 */
import { isWithin, toFullCode } from '../../core/divisions.ts';
import { fieldIssue, type IssueCollector, type LocalizedText } from '../../core/errors.ts';
import type { Db } from '../../db/database.ts';

export async function checkDivisionField(
  db: Db,
  issues: IssueCollector,
  field: { path: string; label: LocalizedText; value: string },
  within?: string,
): Promise<string | null> {
  const raw = field.value.trim();
  const code = toFullCode(raw);
  const problem = (zh: string, en: string) => issues.add(fieldIssue(field.path, field.label, { zh, en }));
  if (!code) {
    problem('应为2、4、6、9或12位区划代码', 'must be a 2/4/6/9/12-digit division code');
    return null;
  }
  if (within && !isWithin(code, within)) {
    problem('须在您的辖区内', 'must be inside your jurisdiction');
    return null;
  }
  if (!(await db.selectFrom('division').select('code').where('code', '=', code).executeTakeFirst())) {
    problem(
      `区划${code}尚未载入（liudong divisions load --under ${raw}）`,
      `division ${code} is not loaded; run "liudong divisions load --under ${raw}" first`,
    );
    return null;
  }
  return code;
}
