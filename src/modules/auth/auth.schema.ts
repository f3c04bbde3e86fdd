/** Response schemas of the sign-in steps (auth.routes.ts, mfa.routes.ts). */
import { z } from 'zod';
import type { SessionStage } from '../../db/schema.ts';
import { RoleSchema } from '../../http/response-fields.ts';

const STAGES = ['full', 'totp', 'enrol_totp', 'change_password'] as const satisfies readonly SessionStage[];
export const Stage = z.enum(STAGES);

/** The signed-in user as the console shows it (users.repository getUserView). */
export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  division: z.object({ code: z.string(), name: z.string(), fullName: z.string(), level: z.number() }),
});

/** After a sign-in step: who, and which step is still owed (`full` when none). */
export const StepAnswer = z.object({ user: UserView, next: Stage });
export const MeAnswer = z.object({ user: UserView, stage: Stage });
export const EnrolAnswer = z.object({ secret: z.string(), otpauthUri: z.string(), qrDataUrl: z.string() });
/** Recovery codes are shown once: only their hashes are stored. */
export const ConfirmAnswer = StepAnswer.extend({ recoveryCodes: z.array(z.string()) });
export const LogoutAllAnswer = z.object({ ended: z.number() });
