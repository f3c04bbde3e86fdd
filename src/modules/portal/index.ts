/** The portal module's front door: what other modules and the application code around them may use (README, "Layout"). */
export { MemorySmsSender, setSmsSender } from './sms.ts';
