/** The login steps the API may still ask for after the password (see src/modules/auth/auth.stage.ts). */
import type { User } from '../types';

export type LoginStage = 'full' | 'totp' | 'enrol_totp' | 'change_password';

export interface StepResult {
  user: User;
  next: LoginStage;
}
