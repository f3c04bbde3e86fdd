/** Staff roles and the role sets that several modules share (one definition, so access rules cannot drift). */
export const ROLES = [
  'county_admin',
  'township_officer',
  'village_manager',
  'provider',
  'dept_verifier',
  'auditor',
  'resident',
] as const;

export type Role = (typeof ROLES)[number];

/** Who keeps the register of persons: the county, its townships and villages. */
export const REGISTRY_ROLES: readonly Role[] = ['county_admin', 'township_officer', 'village_manager'];
