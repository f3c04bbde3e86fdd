/** The demo module's front door: what the rest of the application may use (README, "Layout"). */
export { DEMO_PASSWORD, demoPerson, demoPools, demoUsersExist, loadDemo, toRow } from './demo.generator.ts';
