/** The users module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { ROLES, upsertUser } from './users.repository.ts';
