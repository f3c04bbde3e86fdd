/** The demo module's front door: what the rest of the application may use (README, "Layout"). */
export { DEMO_PASSWORD, demoUsersExist, loadDemo } from './demo.generator.ts';
