/** The permits module's front door: what the rest of the application may use (README, "Layout"). */
export { PermitBatch, PermitReceipt } from './permits.schema.ts';
export { submitPermits } from './permits.submit.ts';
