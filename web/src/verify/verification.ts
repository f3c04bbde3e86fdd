/** How the verify page draws each result of /api/verify (its answer type is queries.ts's Verification). */
export const STATUS = {
  valid: 'success',
  expired: 'warning',
  revoked: 'error',
  replaced: 'warning',
  forged: 'error',
  not_found: 'error',
} as const;
