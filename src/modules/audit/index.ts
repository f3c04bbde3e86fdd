/** The audit module's front door: what the rest of the application may use (README, "Layout"). */
export { AuditBatcher } from './audit.batcher.ts';
export { sealAudit, verifyAudit } from './audit.chain.ts';
export type { AccessRow } from './audit.repository.ts';
export { auditRows, listPersonAccess, SYSTEM_ACTOR, writeAudit } from './audit.repository.ts';
export type { AuditChainStatus, AuditTrailSetup } from './audit.trail.ts';
export {
  checkAuditChain,
  checkAuditTrail,
  checkpointRestoredChain,
  describeBroken,
  uncheckedStatus,
} from './audit.trail.ts';
