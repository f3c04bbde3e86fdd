/** The users module's front door: what the rest of the application may use (README, "Layout"). */
export { ROLES, upsertUser } from './users.repository.ts';
export { checkNewUser } from './users.service.ts';
