/** The demo module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { DEMO_PASSWORD, demoPerson, demoPools, demoUsersExist, loadDemo, toRow } from './demo.generator.ts';
