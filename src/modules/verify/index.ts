/** The verify module's front door: what the rest of the application may use (README, "Layout"). */
export { RateLimiter } from './rate-limit.ts';
export { registerCheckMergeMoves } from './verify.merge.ts';
export { verifyNumber } from './verify.service.ts';
