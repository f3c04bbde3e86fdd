import type { AppContext } from '../../context.ts';
import type { SessionStage } from '../../db/schema.ts';

export interface StageFacts {
  role: string;
  totp_secret_enc: string | null;
  must_change_password: boolean;
}

/**
 * What a session still owes after the password: the TOTP code (if enrolled), then an initial-password
 * change, then TOTP enrolment where the role requires a second factor. Order matters: a stolen
 * initial password alone can never enrol its own authenticator on an account that already has one.
 */
export function nextStage(ctx: AppContext, user: StageFacts, totpPassed: boolean): SessionStage {
  if (user.totp_secret_enc && !totpPassed) return 'totp';
  if (user.must_change_password) return 'change_password';
  if (!user.totp_secret_enc && ctx.config.mfaRequiredRoles.includes(user.role)) return 'enrol_totp';
  return 'full';
}
