/** Pieces the portal's pages share. */

export type { PortalMe } from './queries';

export const PORTAL_ME = ['portal', 'me'] as const;
