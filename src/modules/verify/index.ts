/** The verify module's front door: what other modules and the application code around them may use (README, "Layout"). */
export { RateLimiter } from './rate-limit.ts';
export { verifyNumber } from './verify.service.ts';
