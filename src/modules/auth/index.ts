/** The auth module's front door: what other modules and the application code around them may use (README, "Layout"). */
export { clearAttempts, passwordSubject, purgeStaleAttempts, totpSubject } from './attempts.ts';
