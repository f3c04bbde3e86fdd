/**
 * The partner-department API (公安/民政/人社…): certificate status by number or ID number, and residence-permit
 * registrations in (public security, issue 26 part 6), nothing else. Authentication is a per-department key in
 * `X-Api-Key` (or `Authorization: Bearer`) whose scopes name what it may do. The status answer is a status word;
 * no name, no record, no list. Every call, refused or not, is logged in the audit trail.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { certificateStatus, type StoredCertificateStatus } from '../../core/certificate.ts';
import { today } from '../../core/china-time.ts';
import { DEPT_SCOPE_LABELS, type DeptScope } from '../../core/dept-scopes.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import { parseIdNumber } from '../../core/id-number.ts';
import { fieldLabel } from '../../core/person.ts';
import { scoped } from '../../db/scoped.ts';
import { withErrors } from '../../http/responses.ts';
import type { Actor } from '../../http/session.ts';
import { latestForPerson } from '../certificates/index.ts';
import { PermitBatch, PermitReceipt, submitPermits } from '../permits/index.ts';
import { verifyNumber } from '../verify/index.ts';
import { type DeptKeyRow, findDeptKey } from './dept.keys.ts';
import { DeptStatusAnswer } from './dept.schema.ts';

const StatusQuery = z.strictObject({
  number: z.string().trim().min(1).max(64).optional(),
  idNumber: z.string().trim().min(1).max(32).optional(),
});

declare module 'fastify' {
  interface FastifyRequest {
    deptKey?: DeptKeyRow;
  }
}

function presentedKey(request: FastifyRequest): string | null {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return header.trim();
  const auth = request.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null;
}

function deptActor(request: FastifyRequest, key: DeptKeyRow | undefined): Actor {
  return {
    id: null,
    username: key ? `dept:${key.department}:${key.key_prefix}` : 'dept:unknown',
    role: 'dept_api',
    divisionCode: key?.division_code ?? null,
    ip: request.ip,
  };
}

export type DeptStatus = 'valid' | 'expired' | 'revoked' | 'replaced' | 'none';

export function deptRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // The key is checked before anything else, so a caller without one learns nothing, not even validation.
    const authenticate = (scope: DeptScope, action: string) => async (request: FastifyRequest) => {
      const presented = presentedKey(request);
      const key = presented ? await findDeptKey(ctx.db, presented) : undefined;
      if (!key) {
        await ctx.readAudit.append(deptActor(request, undefined), {
          action,
          outcome: 'denied',
          details: { reason: presented ? 'wrong key' : 'missing key' },
        });
        throw new AppError('UNAUTHENTICATED', 401, {
          zh: '缺少或无效的部门接口密钥',
          en: 'Missing or invalid department API key',
        });
      }
      if (!key.scopes.includes(scope)) {
        await ctx.readAudit.append(deptActor(request, key), {
          action,
          outcome: 'denied',
          details: { reason: 'scope', scope, department: key.department },
        });
        throw new AppError('FORBIDDEN', 403, {
          zh: `该部门接口密钥未获授权：${DEPT_SCOPE_LABELS[scope].zh}`,
          en: `This department key is not granted: ${DEPT_SCOPE_LABELS[scope].en}`,
        });
      }
      request.deptKey = key;
    };

    app.get(
      '/api/dept/certificate-status',
      {
        config: { access: 'public' },
        schema: { tags: ['dept'], querystring: StatusQuery, response: withErrors({ 200: DeptStatusAnswer }) },
        onRequest: authenticate('certificate_status', 'dept.certificate_status'),
      },
      async (request) => {
        const key = request.deptKey as DeptKeyRow;
        const { number, idNumber } = request.query;
        if ((number ? 1 : 0) + (idNumber ? 1 : 0) !== 1) {
          throw AppError.validation([
            fieldIssue('number', fieldLabel('number'), {
              zh: '请提供证明编号或身份证号（二选一）',
              en: 'give either the certificate number or the ID number',
            }),
          ]);
        }
        let status: DeptStatus = 'none';
        let personId: string | null = null;
        if (number) {
          const v = await verifyNumber(ctx, number);
          status = v.result === 'not_found' || v.result === 'forged' ? 'none' : v.result;
          personId = v.row?.person_id ?? null;
        } else {
          const parsed = parseIdNumber(idNumber as string);
          if (!parsed.ok) throw AppError.validation([fieldIssue('idNumber', fieldLabel('idNumber'), parsed.problem)]);
          // Only people registered or living in the department's area; anyone else answers "none".
          const person = await scoped(ctx.db, key.division_code)
            .selectFrom('person')
            .select(['id', 'merged_into'])
            .where('id_hash', '=', ctx.pii.blindIndex(parsed.value.idNumber))
            .executeTakeFirst();
          // A merged record's number stands for its survivor, which now holds its certificates.
          personId = person ? (person.merged_into ?? person.id) : null;
          const cert = personId ? await latestForPerson(ctx.db, personId) : undefined;
          if (cert) {
            status = certificateStatus(
              { status: cert.status as StoredCertificateStatus, expiresOn: cert.expires_on },
              today(),
            );
          }
        }
        await ctx.readAudit.append(deptActor(request, key), {
          action: 'dept.certificate_status',
          entity: 'certificate',
          ...(personId ? { personIds: [personId] } : {}),
          details: { by: number ? 'number' : 'idNumber', status, department: key.department },
        });
        return { status, checkedAt: new Date().toISOString() };
      },
    );

    // 居住证 registrations (issue 26 part 6): each waits as a pending arrival; nobody is registered here.
    app.post(
      '/api/dept/residence-permits',
      {
        config: { access: 'public' },
        schema: { tags: ['dept'], body: PermitBatch, response: withErrors({ 200: PermitReceipt }) },
        onRequest: authenticate('residence_permits:write', 'residence_permit.submit'),
      },
      async (request) => {
        const key = request.deptKey as DeptKeyRow;
        return submitPermits(ctx, key, deptActor(request, key), request.body.registrations);
      },
    );
  };
}
