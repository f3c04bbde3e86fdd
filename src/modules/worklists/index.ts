/** The worklists module's front door: what other modules and the application code around them may use (README, "Layout"). */
export { computeItems } from './worklists.service.ts';
