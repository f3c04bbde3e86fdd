/** The auth module's front door: what the rest of the application may use (README, "Layout"). */
export { clearAttempts, passwordSubject, purgeStaleAttempts, totpSubject } from './attempts.ts';
