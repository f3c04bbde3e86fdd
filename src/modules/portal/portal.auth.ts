/**
 * Resident sign-in: ID number plus a one-time code sent by SMS to the phone on record.
 * - The answer to "send me a code" is the same whether or not the number is registered (no enumeration).
 * - Codes are 6 digits, kept only as a keyed hash, valid for OTP_TTL_MINUTES, single-use.
 * - A code allows OTP_MAX_ATTEMPTS wrong guesses, then it is locked; a new one must be requested.
 * - Requests are throttled per ID number (one a minute, OTP_MAX_PER_HOUR an hour), atomically, and per address.
 * A resident's account is an app_user of role 'resident' bound to exactly one person (resident_account);
 * it has no usable password, so the staff login can never open it.
 */
import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { maskName } from '../../core/certificate.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import { fieldLabel } from '../../core/person.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../http/session.ts';
import { createSession } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { decryptPhone } from '../persons/index.ts';
import { smsSender } from './sms.ts';

export const OTP_TTL_MINUTES = 5;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_MAX_PER_HOUR = 5;
const OTP_RESEND_SECONDS = 60;
/** A password hash no password matches (verifyPassword needs the scrypt$ form). */
const NO_PASSWORD = 'otp-only';

function anonymous(request: FastifyRequest): Actor {
  return { id: null, username: null, role: 'public', divisionCode: null, ip: request.ip };
}

function codeHash(ctx: AppContext, idHash: string, code: string): string {
  return ctx.pii.blindIndex(`otp:${idHash}:${code}`);
}

const tooMany = () =>
  new AppError('RATE_LIMITED', 429, {
    zh: '验证码请求过于频繁，请稍后再试',
    en: 'Too many code requests; try again later',
  });

const invalidCode = () =>
  new AppError('AUTH_INVALID', 401, { zh: '验证码错误或已失效', en: 'Wrong or expired code' }, [
    fieldIssue('code', fieldLabel('code', '/api/portal/auth'), {
      zh: '验证码错误或已失效',
      en: 'wrong or expired code',
    }),
  ]);

/** Sends a code if the number is registered with a phone; answers the same either way. */
export async function requestCode(ctx: AppContext, request: FastifyRequest, idNumber: string, now = new Date()) {
  const idHash = ctx.pii.blindIndex(idNumber);
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const person = await ctx.db
    .selectFrom('person')
    .select(['id', 'phone'])
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
  const issued = await ctx.db.transaction().execute(async (trx) => {
    // Requests for one number queue here, so each sees the codes the others issued: checked without the lock,
    // requests sent at the same moment all passed the throttle and each sent an SMS (issue 18).
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`otp:${idHash}`}, 0))`.execute(trx);
    const recent = await trx
      .selectFrom('resident_otp')
      .select(['created_at'])
      .where('id_hash', '=', idHash)
      .where('created_at', '>', new Date(now.getTime() - 3600_000))
      .orderBy('created_at', 'desc')
      .execute();
    const last = recent[0] ? new Date(recent[0].created_at).getTime() : 0;
    if (recent.length >= OTP_MAX_PER_HOUR || now.getTime() - last < OTP_RESEND_SECONDS * 1000) return false;
    // A row is written even for unknown numbers, so throttling and timing do not tell them apart.
    await trx
      .insertInto('resident_otp')
      .values({
        id_hash: idHash,
        code_hash: codeHash(ctx, idHash, code),
        ip: request.ip,
        created_at: now,
        expires_at: new Date(now.getTime() + OTP_TTL_MINUTES * 60_000),
      })
      .execute();
    return true;
  });
  if (!issued) {
    await ctx.readAudit.append(anonymous(request), {
      action: 'portal.code_request',
      outcome: 'denied',
      details: { reason: 'throttled' },
    });
    throw tooMany();
  }
  const phone = person ? decryptPhone(ctx.pii, person.phone) : null;
  if (person && phone) {
    await smsSender().send(
      phone,
      `【流动人口服务】您的登录验证码是 ${code}，${OTP_TTL_MINUTES}分钟内有效。请勿告诉他人。`,
    );
  }
  await ctx.readAudit.append(anonymous(request), {
    action: 'portal.code_request',
    ...(person ? { personIds: [person.id] } : {}),
    details: { sent: Boolean(person && phone) },
  });
  return { sent: true, expiresInMinutes: OTP_TTL_MINUTES };
}

/** Checks a code; on success opens a full resident session and returns its token. */
export async function verifyCode(
  ctx: AppContext,
  request: FastifyRequest,
  idNumber: string,
  code: string,
  now = new Date(),
): Promise<{ token: string; personId: string }> {
  const idHash = ctx.pii.blindIndex(idNumber);
  const result = await ctx.db.transaction().execute(async (trx) => {
    const otp = await trx
      .selectFrom('resident_otp')
      .selectAll()
      .where('id_hash', '=', idHash)
      .orderBy('created_at', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    const usable =
      otp && !otp.consumed_at && otp.attempts < OTP_MAX_ATTEMPTS && new Date(otp.expires_at).getTime() > now.getTime();
    if (!otp || !usable) return { ok: false as const, reason: otp ? 'expired_or_locked' : 'no_code' };
    const expected = Buffer.from(otp.code_hash);
    const actual = Buffer.from(codeHash(ctx, idHash, code));
    if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) {
      await trx
        .updateTable('resident_otp')
        .set({ attempts: otp.attempts + 1 })
        .where('id', '=', otp.id)
        .execute();
      return { ok: false as const, reason: otp.attempts + 1 >= OTP_MAX_ATTEMPTS ? 'locked' : 'wrong_code' };
    }
    await trx.updateTable('resident_otp').set({ consumed_at: now }).where('id', '=', otp.id).execute();
    const person = await trx
      .selectFrom('person')
      .select(['id', 'name', 'residence_division'])
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    if (!person) return { ok: false as const, reason: 'unknown' };
    const userId = await ensureResidentAccount(trx, person);
    return { ok: true as const, userId, person };
  });
  if (!result.ok) {
    await writeAudit(ctx.db, anonymous(request), {
      action: 'portal.login',
      outcome: 'failed',
      details: { reason: result.reason },
    });
    throw invalidCode();
  }
  const token = await createSession(ctx, result.userId, request.ip, 'full');
  await writeAudit(
    ctx.db,
    {
      id: result.userId,
      username: null,
      role: 'resident',
      divisionCode: result.person.residence_division,
      ip: request.ip,
    },
    { action: 'portal.login', personIds: [result.person.id] },
  );
  return { token, personId: result.person.id };
}

/** The resident's app_user, created on first sign-in and kept on the person's current residence. */
export async function ensureResidentAccount(
  db: Db,
  person: { id: string; name: string; residence_division: string },
): Promise<string> {
  const existing = await db
    .selectFrom('resident_account')
    .select('user_id')
    .where('person_id', '=', person.id)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('app_user')
      .set({ division_code: person.residence_division, display_name: maskName(person.name) })
      .where('id', '=', existing.user_id)
      .execute();
    await db
      .updateTable('resident_account')
      .set({ division_code: person.residence_division })
      .where('user_id', '=', existing.user_id)
      .execute();
    return existing.user_id;
  }
  const user = await db
    .insertInto('app_user')
    .values({
      username: `resident-${person.id}`,
      display_name: maskName(person.name),
      role: 'resident',
      division_code: person.residence_division,
      password_hash: NO_PASSWORD,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('resident_account')
    .values({ user_id: user.id, person_id: person.id, division_code: person.residence_division })
    .execute();
  return user.id;
}
