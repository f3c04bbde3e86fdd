/**
 * Staff accounts as the admin pages and `liudong user add` manage them. One check of a new account serves both
 * (checkNewUser); the pages add the jurisdiction: a county administrator manages the county's staff, a township
 * officer the staff of the township, and nobody grants a role above their own or acts on their own account here
 * (that is the account page's job).
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { AppError, fieldIssue, IssueCollector, type LocalizedText } from '../../core/errors.ts';
import { ROLES } from '../../core/roles.ts';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { subtree } from '../../db/scoped.ts';
import { type Actor, destroyUserSessions, type SessionUser } from '../../http/session.ts';
import { passwordProblems } from '../../security/password.ts';
import { writeAudit } from '../audit/index.ts';
import { clearAttempts, passwordSubject, totpSubject } from '../auth/index.ts';
import { checkDivisionField } from '../divisions/index.ts';
import {
  clearSecondFactor,
  deactivateUser,
  findStaff,
  insertUser,
  listStaff,
  type NewUser,
  type StaffFilter,
  type StaffRow,
  setTemporaryPassword,
  setUserLock,
} from './users.repository.ts';
import type { StaffView } from './users.schema.ts';

/** Who may open the user pages. */
export const USER_ADMIN_ROLES: readonly Role[] = ['county_admin', 'township_officer'];

/** The roles each administrator may grant: the county its staff roles, a township its own staff. */
const GRANTABLE: Partial<Record<Role, readonly Role[]>> = {
  county_admin: ['county_admin', 'township_officer', 'village_manager', 'provider', 'dept_verifier', 'auditor'],
  township_officer: ['township_officer', 'village_manager', 'provider'],
};

export function grantableRoles(role: Role): readonly Role[] {
  return GRANTABLE[role] ?? [];
}

const USER = { zh: '用户', en: 'User' };
const LABELS = {
  username: { zh: '用户名', en: 'Username' },
  displayName: { zh: '姓名', en: 'Name' },
  role: { zh: '角色', en: 'Role' },
  divisionCode: { zh: '所属区划', en: 'Division' },
  password: { zh: '密码', en: 'Password' },
} satisfies Record<string, LocalizedText>;

const USERNAME_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

export interface UserInput {
  username: string;
  displayName?: string | null | undefined;
  role: string;
  /** 2, 4, 6, 9 or 12 digits. */
  division: string;
  /** Absent: a temporary password is generated (the pages); the CLI always passes one. */
  password?: string | undefined;
}

/** What an administrator may hand out: `roles` they may grant, within the `division` they administer. */
export interface Jurisdiction {
  roles: readonly Role[];
  division: string;
}

export interface CheckedUser extends NewUser {
  /** The password was generated here and must be shown once. */
  generated: boolean;
}

/**
 * The one check of a new account (CLI and API): username shape, role, division loaded, password policy, and with a
 * jurisdiction the role and division it allows. Every problem at once, each naming its field.
 */
export async function checkNewUser(db: Db, input: UserInput, jurisdiction?: Jurisdiction): Promise<CheckedUser> {
  const issues = new IssueCollector();
  const username = input.username.trim();
  if (!USERNAME_SHAPE.test(username)) {
    issues.add(
      fieldIssue('username', LABELS.username, {
        zh: '须为2至64位字母、数字或 . _ @ -，以字母或数字开头',
        en: 'must be 2–64 letters, digits or . _ @ -, starting with a letter or digit',
      }),
    );
  }
  const role = input.role as Role;
  if (!ROLES.includes(role)) {
    issues.add(
      fieldIssue('role', LABELS.role, { zh: `须为${ROLES.join('、')}之一`, en: `must be one of ${ROLES.join(', ')}` }),
    );
  } else if (jurisdiction && !jurisdiction.roles.includes(role)) {
    issues.add(fieldIssue('role', LABELS.role, { zh: '您无权授予该角色', en: 'is not a role you may grant' }));
  }
  const code = await checkDivisionField(
    db,
    issues,
    { path: 'divisionCode', label: LABELS.divisionCode, value: input.division },
    jurisdiction?.division,
  );
  const generated = input.password === undefined;
  const password = input.password ?? temporaryPassword();
  const problem = passwordProblems(password, username);
  if (problem) issues.add(fieldIssue('password', LABELS.password, problem));
  issues.throwIfAny();
  return {
    username,
    displayName: input.displayName?.trim() || username,
    role,
    divisionCode: code as string,
    password,
    mustChangePassword: true,
    generated,
  };
}

const LETTERS = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';

function pick(alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[crypto.randomInt(alphabet.length)];
  return out;
}

/** 14 characters (about 60 bits), read aloud or typed easily: no 0/O, 1/l/I. Only ever used once. */
export function temporaryPassword(): string {
  for (;;) {
    const password = `${pick(LETTERS, 4)}-${pick(LETTERS + DIGITS, 4)}-${pick(DIGITS, 4)}`;
    if (!passwordProblems(password)) return password;
  }
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

function staffView(row: StaffRow, admin: SessionUser): StaffView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    division: { code: row.division_code, name: row.division_name, fullName: row.division_full_name },
    active: row.active,
    lockedAt: iso(row.locked_at),
    throttledUntil: iso(row.throttled_until),
    mustChangePassword: row.must_change_password,
    totpEnrolled: row.totp_enrolled,
    createdAt: iso(row.created_at) as string,
    passwordChangedAt: iso(row.password_changed_at),
    manageable: row.id !== admin.id && grantableRoles(admin.role).includes(row.role),
  };
}

const LIST_LIMIT = 1000;

export async function listUsers(ctx: AppContext, admin: SessionUser, filter: StaffFilter) {
  const rows = await listStaff(ctx.db, subtree(admin.divisionCode).like, filter, LIST_LIMIT + 1);
  return {
    items: rows.slice(0, LIST_LIMIT).map((r) => staffView(r, admin)),
    truncated: rows.length > LIST_LIMIT,
    grantableRoles: [...grantableRoles(admin.role)],
  };
}

export async function createUser(ctx: AppContext, admin: SessionUser, actor: Actor, input: UserInput) {
  const user = await checkNewUser(ctx.db, input, { roles: grantableRoles(admin.role), division: admin.divisionCode });
  const id = await ctx.db.transaction().execute(async (trx) => {
    const created = await insertUser(trx, user);
    if (!created) {
      throw new AppError('DUPLICATE', 409, { zh: '用户名已被使用', en: 'This username is taken' }, [
        fieldIssue('username', LABELS.username, { zh: '已被使用', en: 'is taken' }),
      ]);
    }
    await writeAudit(trx, actor, {
      action: 'user.create',
      entity: 'app_user',
      entityId: created,
      details: { username: user.username, role: user.role, division: user.divisionCode },
    });
    return created;
  });
  return {
    user: await viewOf(ctx, admin, id),
    temporaryPassword: user.generated ? user.password : null,
  };
}

async function viewOf(ctx: AppContext, admin: SessionUser, id: string): Promise<StaffView> {
  const row = await findStaff(ctx.db, id, subtree(admin.divisionCode).like);
  if (!row) throw AppError.notFound(USER);
  return staffView(row, admin);
}

/** The account an administrator acts on: in the jurisdiction (else 404), of a role they may grant, not their own. */
async function managedTarget(db: Db, admin: SessionUser, id: string): Promise<StaffRow> {
  const row = await findStaff(db, id, subtree(admin.divisionCode).like);
  if (!row) throw AppError.notFound(USER);
  if (row.id === admin.id) {
    throw new AppError('FORBIDDEN', 403, {
      zh: '不能在此管理自己的账户，请到“账户安全”页面操作',
      en: 'Manage your own account on the account page, not here',
    });
  }
  if (!grantableRoles(admin.role).includes(row.role)) {
    throw new AppError('FORBIDDEN', 403, {
      zh: '您无权管理该角色的账户',
      en: 'You may not manage accounts of this role',
    });
  }
  return row;
}

function alreadyDone(state: LocalizedText): AppError {
  return new AppError('VERSION_CONFLICT', 409, {
    zh: `该账户${state.zh}，可能其他管理员刚刚处理过，请刷新后查看`,
    en: `This account ${state.en}; another administrator may just have acted. Refresh to see it`,
  });
}

export type UserAction = 'lock' | 'unlock' | 'deactivate' | 'totp_reset' | 'password_reset';

/**
 * Runs one administrator action on an account, audited in the same transaction. Sessions of the account end
 * afterwards where its access changes (a locked or deactivated account, a reset password or second factor).
 */
export async function actOnUser(
  ctx: AppContext,
  admin: SessionUser,
  actor: Actor,
  id: string,
  action: UserAction,
  reason: string | null,
): Promise<{ user: StaffView; temporaryPassword: string | null }> {
  let password: string | null = null;
  const target = await ctx.db.transaction().execute(async (trx) => {
    const row = await managedTarget(trx, admin, id);
    switch (action) {
      case 'lock':
        if (!(await setUserLock(trx, row.id, true))) throw alreadyDone({ zh: '已被锁定', en: 'is already locked' });
        break;
      case 'unlock': {
        const wasLocked = await setUserLock(trx, row.id, false);
        // The sign-in throttle's lock too: an office unlocks the person who mistyped their password.
        if (!wasLocked && !row.throttled_until) throw alreadyDone({ zh: '未被锁定', en: 'is not locked' });
        await clearAttempts(trx, passwordSubject(row.username), totpSubject(row.id));
        break;
      }
      case 'deactivate':
        if (!(await deactivateUser(trx, row.id))) throw alreadyDone({ zh: '已停用', en: 'is already deactivated' });
        break;
      case 'totp_reset':
        if (!(await clearSecondFactor(trx, row.id))) {
          throw alreadyDone({ zh: '未绑定身份验证器', en: 'has no authenticator' });
        }
        await clearAttempts(trx, totpSubject(row.id));
        break;
      case 'password_reset':
        password = temporaryPassword();
        await setTemporaryPassword(trx, row.id, password);
        await clearAttempts(trx, passwordSubject(row.username));
        break;
    }
    await writeAudit(trx, actor, {
      action: `user.${action}`,
      entity: 'app_user',
      entityId: row.id,
      details: { username: row.username, role: row.role, ...(reason ? { reason } : {}) },
    });
    return row;
  });
  if (action !== 'unlock') await destroyUserSessions(ctx, target.id);
  return { user: await viewOf(ctx, admin, target.id), temporaryPassword: password };
}
