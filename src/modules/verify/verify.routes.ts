/**
 * Public certificate verification: no login, rate-limited per address, every answer logged (the person's
 * access log shows that their certificate was checked, never by whom: the public is anonymous).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { extractPayload } from '../../core/certificate-payload.ts';
import { AppError } from '../../core/errors.ts';
import { isBirthPayload, looksLikeBirthNumber } from '../../core/services-birth.ts';
import { requestLang } from '../../http/i18n.ts';
import type { Actor } from '../audit/audit.repository.ts';
import { publicBirthView, verifyBirthNumber, verifyBirthScanned } from '../births/births.verify.ts';
import { RateLimiter, verifyRatePerMinute } from './rate-limit.ts';
import { publicView, type Verification, verifyNumber, verifyScanned } from './verify.service.ts';

const NumberParam = z.strictObject({ number: z.string().min(1).max(64) });
const PayloadBody = z.strictObject({ payload: z.string().trim().min(1).max(4000) });

function anonymous(request: FastifyRequest): Actor {
  return { id: null, username: null, role: 'public', divisionCode: null, ip: request.ip };
}

export function verifyRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const limiter = new RateLimiter(verifyRatePerMinute());
  return async (app) => {
    const tags = ['verify'];
    // Counted before validation, so malformed floods are limited too.
    const limit = async (request: FastifyRequest) => {
      if (limiter.take(request.ip)) return;
      await ctx.readAudit.append(anonymous(request), {
        action: 'certificate.verify',
        outcome: 'denied',
        details: { reason: 'rate_limited' },
      });
      throw new AppError('RATE_LIMITED', 429, {
        zh: '核验过于频繁，请稍后再试',
        en: 'Too many checks; try again later',
      });
    };

    const log = async (request: FastifyRequest, via: string, v: Verification | null, presented: string) => {
      await ctx.readAudit.append(anonymous(request), {
        action: 'certificate.verify',
        outcome: v ? 'ok' : 'failed',
        entity: 'certificate',
        ...(v?.row ? { entityId: v.row.id, personIds: [v.row.person_id] } : {}),
        details: { via, result: v?.result ?? 'invalid', presented: presented.slice(0, 40) },
      });
    };

    // Birth registrations (issue 4) share the page, the endpoints and the keys.
    const birth = async (request: FastifyRequest, via: 'number' | 'payload', presented: string) => {
      const v = await (via === 'number' ? verifyBirthNumber(ctx, presented) : verifyBirthScanned(ctx, presented)).catch(
        async (error: unknown) => {
          await log(request, via, null, presented);
          throw error;
        },
      );
      await ctx.readAudit.append(anonymous(request), {
        action: 'birth_registration.verify',
        outcome: v.result === 'forged' ? 'failed' : 'ok',
        entity: 'birth_registration',
        ...(v.registrationId && v.personId ? { entityId: v.registrationId, personIds: [v.personId] } : {}),
        details: { via, result: v.result, presented: presented.slice(0, 40) },
      });
      return publicBirthView(v, requestLang(request));
    };

    app.get(
      '/api/verify/:number',
      { config: { access: 'public' }, schema: { tags, params: NumberParam }, onRequest: limit },
      async (request) => {
        if (looksLikeBirthNumber(request.params.number)) return birth(request, 'number', request.params.number);
        const v = await verifyNumber(ctx, request.params.number).catch(async (error: unknown) => {
          await log(request, 'number', null, request.params.number);
          throw error;
        });
        await log(request, 'number', v, request.params.number);
        return publicView(v, requestLang(request));
      },
    );

    app.post(
      '/api/verify',
      { config: { access: 'public' }, schema: { tags, body: PayloadBody }, onRequest: limit, bodyLimit: 16 * 1024 },
      async (request) => {
        if (isBirthPayload(extractPayload(request.body.payload)))
          return birth(request, 'payload', request.body.payload);
        const v = await verifyScanned(ctx, request.body.payload).catch(async (error: unknown) => {
          await log(request, 'payload', null, request.body.payload);
          throw error;
        });
        await log(request, 'payload', v, request.body.payload);
        return publicView(v, requestLang(request));
      },
    );
  };
}
