/** The stats module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { registerStatsCommands } from './stats.cli.ts';
export { loadDemoActivity } from './stats.demo.ts';
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
export { statsRoutes } from './stats.routes.ts';
