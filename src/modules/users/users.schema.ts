/** Request and response schemas of the user admin API (issue 23 part 3). */
import { z } from 'zod';
import { ROLES } from '../../core/roles.ts';
import { lineText, uuid } from '../../http/schema-fields.ts';
import { optionalReason } from '../../http/schema-reason.ts';

const role = z.enum(ROLES);

export const UserListQuery = z.strictObject({
  q: lineText(64).optional(),
  role: role.optional(),
  status: z.enum(['active', 'locked', 'inactive']).optional(),
});

/** Field checks beyond the shape (username pattern, role, jurisdiction, password policy) are checkNewUser's. */
export const CreateUserBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  displayName: lineText(64).optional(),
  role: z.string().min(1).max(32),
  divisionCode: z.string().trim().min(1).max(12),
  /** Leave out to have a temporary password generated and shown once. */
  password: z.string().min(1).max(256).optional(),
});

export const UserIdParam = z.strictObject({ id: uuid });

/** Actions that take an account's access away, or reset its second factor, carry a reason for the audit trail. */
export const ReasonBody = z.strictObject({ reason: lineText(200, 2) });
/** A POST without a body arrives as null. */
export const OptionalReasonBody = z.strictObject({ reason: optionalReason }).nullish();

const instant = z.string().describe('ISO 8601 instant');

export const StaffView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role,
  division: z.object({ code: z.string(), name: z.string(), fullName: z.string() }),
  active: z.boolean(),
  /** Locked by an administrator, until one unlocks. */
  lockedAt: instant.nullable(),
  /** Locked by the sign-in throttle after wrong passwords, until this instant. */
  throttledUntil: instant.nullable(),
  mustChangePassword: z.boolean(),
  totpEnrolled: z.boolean(),
  createdAt: instant,
  passwordChangedAt: instant.nullable(),
  /** The signed-in administrator may act on this account. */
  manageable: z.boolean(),
});
export type StaffView = z.infer<typeof StaffView>;

export const UserList = z.object({
  items: z.array(StaffView),
  /** More accounts match than the list shows; narrow the search. */
  truncated: z.boolean(),
  /** The roles the signed-in administrator may grant. */
  grantableRoles: z.array(role),
});

export const UserActionResult = z.object({
  user: StaffView,
  /** Shown once: a generated password the user must change at the next sign-in; null when none was generated. */
  temporaryPassword: z.string().nullable(),
});
