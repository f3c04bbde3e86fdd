/** Pieces the portal's pages share. */
import { useLang } from '../lang';
import { portalStrings } from './strings';

export type { PortalMe } from './queries';

export const PORTAL_ME = ['portal', 'me'] as const;

export function usePortalText() {
  const lang = useLang();
  return { s: portalStrings(lang), lang };
}
