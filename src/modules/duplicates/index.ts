/** The duplicates module's front door (issue 24): the review queue, its background pass, and the merge's hook. */

export { registerDuplicateMergeHooks } from './duplicates.merge.ts';
export { restartDuplicatePass, runDuplicatePass } from './duplicates.pass.ts';
