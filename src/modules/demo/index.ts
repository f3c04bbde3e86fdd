/** The demo module's front door: what other modules and the application code around them may use (README, "Layout"). */
export { DEMO_PASSWORD, demoPerson, demoPools, demoUsersExist, loadDemo, toRow } from './demo.generator.ts';
