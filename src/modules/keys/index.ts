/** The keys module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { refreshKeyring } from './keyring.ts';
export { registerDataKeyCommands } from './keys.cli.ts';
export { rotateData, rotationPending } from './rotation.ts';
