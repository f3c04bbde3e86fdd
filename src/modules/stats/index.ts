/** The stats module's front door: what the rest of the application may use (README, "Layout"). */
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
