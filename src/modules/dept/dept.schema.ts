/** Response schema of the department check (dept.routes.ts). */
import { z } from 'zod';
import type { CertificateStatus } from '../../core/certificate.ts';

/** The current certificate's status only (`none` when the person holds none): departments see nothing else. */
export const DeptStatusAnswer = z.object({
  status: z.enum(['valid', 'revoked', 'replaced', 'expired', 'none'] satisfies (CertificateStatus | 'none')[]),
  checkedAt: z.string(),
});
