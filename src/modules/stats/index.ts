/** The stats module's front door: what other modules and the application code around them may use (README, "Layout"). */
export { ensureSnapshots } from './stats.history.ts';
export {
  deferRollups,
  expireCertificates,
  mergeRollupDeltas,
  pauseRollups,
  rebuildRollups,
  resumeRollups,
  rollupSnapshot,
} from './stats.repository.ts';
