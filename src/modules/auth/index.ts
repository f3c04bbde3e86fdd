/** The auth module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { clearAttempts, passwordSubject, purgeStaleAttempts, totpSubject } from './attempts.ts';
export { authRoutes } from './auth.routes.ts';
export { mfaRoutes } from './mfa.routes.ts';
