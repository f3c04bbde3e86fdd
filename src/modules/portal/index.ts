/** The portal module's front door: what the rest of the application may use (README, "Layout"). */

export { registerPortalMergeMoves } from './portal.merge.ts';
export { MemorySmsSender, setSmsSender, smsSender } from './sms.ts';
