/** The export module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { registerExportCommand } from './export.cli.ts';
export { exportRoutes } from './export.routes.ts';
