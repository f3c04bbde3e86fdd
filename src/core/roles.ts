/** Staff roles, the role sets several modules share, and the one name of each role. */
import type { LocalizedText } from './errors.ts';

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

/** Staff who register people and record services (the village manager records visits at the door). */
export const SERVICE_STAFF: readonly Role[] = ['county_admin', 'township_officer', 'village_manager'];
/** Recording a service: staff, and providers for the people referred to or served by their facility. */
export const SERVICE_RECORDERS: readonly Role[] = [...SERVICE_STAFF, 'provider'];

/** Certificates, issuing and revoking: the origin township or the county. */
export const ISSUE_ROLES: readonly Role[] = ['county_admin', 'township_officer'];
/** Certificates, reading and checking: also village managers at the place of residence. */
export const CHECK_ROLES: readonly Role[] = ['county_admin', 'township_officer', 'village_manager'];

/** Households: village managers run groups and visits; township and county officers work in their subtree. */
export const COMMUNITY_ROLES: readonly Role[] = ['county_admin', 'township_officer', 'village_manager'];

export const ROLE_NAMES = {
  county_admin: { zh: '县级管理员', en: 'County admin' },
  township_officer: { zh: '乡镇（街道）计生办', en: 'Township officer' },
  village_manager: { zh: '村（居）专职管理员', en: 'Village manager' },
  provider: { zh: '服务机构人员', en: 'Service provider' },
  dept_verifier: { zh: '部门核验员', en: 'Department verifier' },
  auditor: { zh: '审计员', en: 'Auditor' },
  resident: { zh: '流动人口本人', en: 'Resident' },
  /** Not a user role: how audit rows name a request made without signing in (the public verify page). */
  public: { zh: '公众（未登录）', en: 'Public (not signed in)' },
} as const satisfies Record<string, LocalizedText>;

export type RoleName = keyof typeof ROLE_NAMES;

/** The role names in one language, as an i18n section or a lookup table. */
export function roleNames(lang: 'zh' | 'en'): Record<RoleName, string> {
  const out = {} as Record<RoleName, string>;
  for (const [role, name] of Object.entries(ROLE_NAMES)) out[role as RoleName] = name[lang];
  return out;
}

/** A role's name, or null for an unknown or missing role (system and anonymous actors). */
export function roleName(role: string | null | undefined, lang: 'zh' | 'en'): string | null {
  if (!role || !(role in ROLE_NAMES)) return null;
  return ROLE_NAMES[role as RoleName][lang];
}
