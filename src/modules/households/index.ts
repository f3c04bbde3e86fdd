/** The households module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { loadCommunityDemo } from './community.demo.ts';
export { likeScope, notInScopeIssue, requireDivisionInScope } from './community.scope.ts';
export { COMMUNITY_ROLES, householdRoutes } from './households.routes.ts';
export { IdParam, isoDay, optionalText, requiredText } from './households.schema.ts';
