/** The worklists module's front door: what the rest of the application may use (README, "Layout"). */
export { computeItems } from './worklists.service.ts';
