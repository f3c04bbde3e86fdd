/**
 * Start-up wiring of the effects that cross modules (src/core/hooks.ts): each reacting module registers its
 * handlers on the hooks the announcing modules own. Called by openContext (src/context.open.ts), which every
 * server, command and test goes through; registering twice replaces by name, so calling it again is harmless.
 */
import { registerBirthMergeMoves } from './births/index.ts';
import { registerCertificateMergeMoves } from './certificates/index.ts';
import { registerComplaintMergeMoves } from './complaints/index.ts';
import { registerDuplicateMergeHooks } from './duplicates/index.ts';
import { registerExchangeHooks, registerExchangeMergeMoves } from './exchange/index.ts';
import { registerHouseholdMergeMoves } from './households/index.ts';
import { registerPortalMergeMoves } from './portal/index.ts';
import { registerServiceMergeMoves } from './services/index.ts';
import { registerSupplyMergeMoves } from './supplies/index.ts';
import { registerCheckMergeMoves } from './verify/index.ts';

export function wireModules(): void {
  registerExchangeHooks();
  // A merge of two person records moves each module's rows to the survivor (persons.merge-moves.ts).
  registerCertificateMergeMoves();
  registerCheckMergeMoves();
  registerServiceMergeMoves();
  registerSupplyMergeMoves();
  registerBirthMergeMoves();
  registerHouseholdMergeMoves();
  registerPortalMergeMoves();
  registerComplaintMergeMoves();
  registerExchangeMergeMoves();
  registerDuplicateMergeHooks();
}
