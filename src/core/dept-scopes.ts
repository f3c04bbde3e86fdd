/**
 * What a partner department's key may do. Every key may ask a certificate's status (the original department
 * API); submitting 居住证 registrations is granted per key by the county administrator (issue 26 part 6).
 */
export const DEPT_SCOPES = ['certificate_status', 'residence_permits:write'] as const;
export type DeptScope = (typeof DEPT_SCOPES)[number];

/** Scopes a new key gets when none are named: the status check only, as before scopes existed. */
export const DEFAULT_DEPT_SCOPES: readonly DeptScope[] = ['certificate_status'];

export const DEPT_SCOPE_LABELS: Readonly<Record<DeptScope, { zh: string; en: string }>> = {
  certificate_status: { zh: '查询证明状态', en: 'Certificate status' },
  'residence_permits:write': { zh: '报送居住证登记', en: 'Submit residence permits' },
};
