/** The verify module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { checkRoutes } from './checks.routes.ts';
export { RateLimiter } from './rate-limit.ts';
export { verifyRoutes } from './verify.routes.ts';
export { verifyNumber } from './verify.service.ts';
