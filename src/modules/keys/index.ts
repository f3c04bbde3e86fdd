/** The keys module's front door: what the rest of the application may use (README, "Layout"). */
export { refreshKeyring } from './keyring.ts';
export { rotateData, rotationPending } from './rotation.ts';
