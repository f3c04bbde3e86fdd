/** The audit module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { AuditBatcher } from './audit.batcher.ts';
export { sealAudit, verifyAudit } from './audit.chain.ts';
export type { AccessRow } from './audit.repository.ts';
export { auditRows, listPersonAccess, SYSTEM_ACTOR, writeAudit } from './audit.repository.ts';
export { registerAuditPurgeCommand } from './audit.retention.cli.ts';
export { auditRoutes } from './audit.routes.ts';
export type { AuditChainStatus, AuditTrailSetup } from './audit.trail.ts';
export {
  checkAuditChain,
  checkAuditTrail,
  checkpointRestoredChain,
  describeBroken,
  uncheckedStatus,
} from './audit.trail.ts';
