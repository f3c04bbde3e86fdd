/**
 * Public certificate verification: no login, rate-limited per address, every answer logged (the person's
 * access log shows that their certificate was checked, never by whom: the public is anonymous).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { parseCertificateNumber } from '../../core/certificate.ts';
import { extractPayload } from '../../core/certificate-payload.ts';
import { AppError, type LocalizedText } from '../../core/errors.ts';
import { isBirthPayload, looksLikeBirthNumber, parseBirthNumber } from '../../core/services-birth.ts';
import { requestLang } from '../../http/i18n.ts';
import { withErrors } from '../../http/responses.ts';
import type { Actor } from '../../http/session.ts';
import { publicBirthView, verifyBirthNumber, verifyBirthScanned } from '../births/index.ts';
import { isoDateString } from '../services/index.ts';
import { RateLimiter } from './rate-limit.ts';
import { VerifyAnswer } from './verify.schema.ts';
import { holderBornOn, publicView, type Verification, verifyNumber, verifyScanned } from './verify.service.ts';

const NumberParam = z.strictObject({ number: z.string().min(1).max(64) });
const PayloadBody = z.strictObject({ payload: z.string().trim().min(1).max(4000) });
// In a POST body, not the URL: a birth date must not end up in access logs.
const BirthDateBody = z.strictObject({ birthDate: isoDateString });

/** Birth-date tries per number and hour, from any address: guessing a date stays slower than asking the holder. */
export const BIRTH_DATE_TRIES_PER_HOUR = 10;

type Via = 'number' | 'birth_date' | 'payload';

function anonymous(request: FastifyRequest): Actor {
  return { id: null, username: null, role: 'public', divisionCode: null, ip: request.ip };
}

export function verifyRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const limiter = new RateLimiter(ctx.config.verifyRatePerMinute);
  const birthDateTries = new RateLimiter(BIRTH_DATE_TRIES_PER_HOUR, 3_600_000);
  return async (app) => {
    const tags = ['verify'];
    const refuse = async (request: FastifyRequest, reason: string, message: LocalizedText) => {
      await ctx.readAudit.append(anonymous(request), {
        action: 'certificate.verify',
        outcome: 'denied',
        details: { reason },
      });
      throw new AppError('RATE_LIMITED', 429, message);
    };
    // Counted before validation, so malformed floods are limited too; one budget for every verify endpoint.
    const limit = async (request: FastifyRequest) => {
      if (limiter.take(request.ip)) return;
      await refuse(request, 'rate_limited', { zh: '核验过于频繁，请稍后再试', en: 'Too many checks; try again later' });
    };

    const log = async (request: FastifyRequest, via: Via, v: Verification | null, presented: string, shown = false) => {
      await ctx.readAudit.append(anonymous(request), {
        action: 'certificate.verify',
        outcome: v ? 'ok' : 'failed',
        entity: 'certificate',
        ...(v?.row ? { entityId: v.row.id, personIds: [v.row.person_id] } : {}),
        details: { via, result: v?.result ?? 'invalid', detailed: shown, presented: presented.slice(0, 40) },
      });
    };

    // Birth registrations (issue 4) share the page, the endpoints, the keys and the disclosure rule.
    const birth = async (request: FastifyRequest, via: Via, presented: string, birthDate?: string) => {
      const v = await (via === 'payload'
        ? verifyBirthScanned(ctx, presented)
        : verifyBirthNumber(ctx, presented)
      ).catch(async (error: unknown) => {
        await log(request, via, null, presented);
        throw error;
      });
      const shown =
        via === 'payload'
          ? v.result === 'valid'
          : birthDate !== undefined && (await holderBornOn(ctx, v.personId, birthDate));
      await ctx.readAudit.append(anonymous(request), {
        action: 'birth_registration.verify',
        outcome: v.result === 'forged' ? 'failed' : 'ok',
        entity: 'birth_registration',
        ...(v.registrationId && v.personId ? { entityId: v.registrationId, personIds: [v.personId] } : {}),
        details: { via, result: v.result, detailed: shown, presented: presented.slice(0, 40) },
      });
      return publicBirthView(v, requestLang(request), shown);
    };

    const certificate = async (request: FastifyRequest, via: Via, presented: string, birthDate?: string) => {
      const v = await (via === 'payload' ? verifyScanned(ctx, presented) : verifyNumber(ctx, presented)).catch(
        async (error: unknown) => {
          await log(request, via, null, presented);
          throw error;
        },
      );
      const shown =
        via === 'payload'
          ? v.row !== null
          : birthDate !== undefined && (await holderBornOn(ctx, v.row?.person_id ?? null, birthDate));
      await log(request, via, v, presented, shown);
      return publicView(v, requestLang(request), shown);
    };

    /** Number alone: the status only. */
    app.get(
      '/api/verify/:number',
      {
        config: { access: 'public' },
        schema: { tags, params: NumberParam, response: withErrors({ 200: VerifyAnswer }) },
        onRequest: limit,
      },
      async (request) => {
        const { number } = request.params;
        return looksLikeBirthNumber(number) ? birth(request, 'number', number) : certificate(request, 'number', number);
      },
    );

    /** Number plus the holder's birth date: the masked details when the date matches, else the status only. */
    app.post(
      '/api/verify/:number',
      {
        config: { access: 'public' },
        schema: { tags, params: NumberParam, body: BirthDateBody, response: withErrors({ 200: VerifyAnswer }) },
        onRequest: limit,
        bodyLimit: 1024,
      },
      async (request) => {
        const { number } = request.params;
        const isBirth = looksLikeBirthNumber(number);
        // Keyed by the normalised number, so re-typing it (spaces, lower case) gives no fresh tries.
        const parsed = isBirth ? parseBirthNumber(number) : parseCertificateNumber(number);
        if (parsed.ok && !birthDateTries.take(parsed.number)) {
          await refuse(request, 'birth_date_tries', {
            zh: '该编号的出生日期核对次数过多，请一小时后再试',
            en: 'Too many birth-date checks for this number; try again in an hour',
          });
        }
        const { birthDate } = request.body;
        return isBirth
          ? birth(request, 'birth_date', number, birthDate)
          : certificate(request, 'birth_date', number, birthDate);
      },
    );

    /** QR payload: whoever holds it already reads the masked details on paper. */
    app.post(
      '/api/verify',
      {
        config: { access: 'public' },
        schema: { tags, body: PayloadBody, response: withErrors({ 200: VerifyAnswer }) },
        onRequest: limit,
        bodyLimit: 16 * 1024,
      },
      async (request) => {
        const { payload } = request.body;
        return isBirthPayload(extractPayload(payload))
          ? birth(request, 'payload', payload)
          : certificate(request, 'payload', payload);
      },
    );
  };
}
