/** The users module's front door: what other modules and the application code around them may use (README, "Layout"). */
export { ROLES, upsertUser } from './users.repository.ts';
