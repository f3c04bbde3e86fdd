/** The keys module's front door: what other modules and the application code around them may use (README, "Layout"). */
export { refreshKeyring } from './keyring.ts';
export { rotateData, rotationPending } from './rotation.ts';
