/** The households module's front door: what the rest of the application may use (README, "Layout"). */
export { notInScopeIssue, requireDivisionInScope } from './community.scope.ts';
export { registerHouseholdMergeMoves } from './households.merge.ts';
export { IdParam, isoDay, optionalText, requiredText } from './households.schema.ts';
