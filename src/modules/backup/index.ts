/** The backup module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { registerBackupCommands } from './backup.cli.ts';
