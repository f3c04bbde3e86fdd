/** The login steps the API may still ask for after the password (see src/modules/auth/auth.stage.ts). */
export type { LoginStage, StepResult } from './queries';
