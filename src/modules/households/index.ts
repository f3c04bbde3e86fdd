/** The households module's front door: what other modules and the application code around them may use (README, "Layout"). */
export { likeScope, notInScopeIssue, requireDivisionInScope } from './community.scope.ts';
export { IdParam, isoDay, optionalText, requiredText } from './households.schema.ts';
