/**
 * The login steps after the password: TOTP code (or a recovery code), TOTP enrolment by QR code,
 * initial-password change, and "log out everywhere".
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Selectable, sql } from 'kysely';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import type { UserTable } from '../../db/schema.ts';
import { withErrors } from '../../http/responses.ts';
import {
  actorOf,
  destroyUserSessions,
  requireSession,
  requireUser,
  type SessionUser,
  setSessionStage,
  stepRequired,
} from '../../http/session.ts';
import { hashPassword, passwordProblems, verifyPassword } from '../../security/password.ts';
import { hashRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, otpauthUri } from '../../security/totp.ts';
import { writeAudit } from '../audit/index.ts';
import { claimAttempt, clearAttempts, lockedError, passwordSubject, totpSubject } from './attempts.ts';
import { ConfirmAnswer, EnrolAnswer, LogoutAllAnswer, StepAnswer } from './auth.schema.ts';
import { nextStage } from './auth.stage.ts';
import { getUserView } from './user-view.ts';

const CODE_LABEL = { zh: '验证码', en: 'Code' };
const PASSWORD_LABEL = { zh: '新密码', en: 'New password' };
const CURRENT_LABEL = { zh: '当前密码', en: 'Current password' };

const CodeBody = z.strictObject({ code: z.string().trim().min(6).max(20) });
const PasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

function wrongCode(): AppError {
  return AppError.validation([
    fieldIssue('code', CODE_LABEL, { zh: '不正确或已使用，请重新输入', en: 'is wrong or already used' }),
  ]);
}

function requireStage(request: Parameters<typeof requireSession>[0], allowed: readonly string[]): SessionUser {
  const session = requireSession(request);
  if (!allowed.includes(session.stage)) throw stepRequired(session.stage);
  return session;
}

async function loadUser(ctx: AppContext, id: string) {
  return ctx.db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/**
 * Accepts a TOTP code newer than the last one used, or spends a recovery code; null when neither. Each is one
 * conditional update, so two parallel requests cannot both use the same code.
 */
async function useSecondFactor(
  ctx: AppContext,
  user: Selectable<UserTable>,
  code: string,
): Promise<'totp' | 'recovery_code' | null> {
  const secret = user.totp_secret_enc ? ctx.pii.decrypt(user.totp_secret_enc) : null;
  const counter = secret ? matchTotp(secret, code) : null;
  if (counter !== null) {
    const fresh = await ctx.db
      .updateTable('app_user')
      .set({ totp_last_counter: String(counter) })
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('totp_last_counter', 'is', null), eb('totp_last_counter', '<', String(counter))]))
      .executeTakeFirst();
    if (fresh.numUpdatedRows > 0n) return 'totp';
  }
  const hash = hashRecoveryCode(code);
  const spent = await ctx.db
    .updateTable('app_user')
    .set({ recovery_code_hashes: sql<string[]>`array_remove(recovery_code_hashes, ${hash})` })
    .where('id', '=', user.id)
    .where(sql<boolean>`${hash} = ANY(recovery_code_hashes)`)
    .executeTakeFirst();
  return spent.numUpdatedRows > 0n ? 'recovery_code' : null;
}

export function mfaRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['auth'];

    /**
     * Second step of login: a TOTP code, or one of the recovery codes (each works once). Wrong codes of either
     * kind count per account (not per session, so signing in again with the password does not reset them).
     */
    app.post(
      '/api/auth/totp',
      { schema: { tags, body: CodeBody, response: withErrors({ 200: StepAnswer }) }, config: { access: 'session' } },
      async (request) => {
        const session = requireStage(request, ['totp']);
        const actor = actorOf(session, request);
        const subject = totpSubject(session.id);
        const claim = await claimAttempt(ctx.db, subject, {
          max: ctx.config.totpMaxFailures,
          lockMinutes: ctx.config.loginLockMinutes,
        });
        if (!claim.allowed) {
          await writeAudit(ctx.db, actor, { action: 'auth.totp', outcome: 'denied', details: { reason: 'locked' } });
          throw lockedError(claim.minutesLeft);
        }
        const user = await loadUser(ctx, session.id);
        const method = await useSecondFactor(ctx, user, request.body.code.replace(/\s/g, ''));
        if (!method) {
          await writeAudit(ctx.db, actor, {
            action: 'auth.totp',
            outcome: 'failed',
            details: { locked: claim.locksNow },
          });
          if (claim.locksNow) throw lockedError(ctx.config.loginLockMinutes);
          throw wrongCode();
        }
        await clearAttempts(ctx.db, subject);
        const next = nextStage(ctx, user, true);
        await setSessionStage(ctx, session.sessionHash, next);
        await writeAudit(ctx.db, actor, { action: 'auth.totp', details: { method } });
        return { user: await getUserView(ctx.db, user.id), next };
      },
    );

    /** Starts enrolment: a new secret, shown as a QR code, kept pending until a first code confirms it. */
    app.post(
      '/api/auth/totp/enrol',
      { schema: { tags, response: withErrors({ 200: EnrolAnswer }) }, config: { access: 'session' } },
      async (request) => {
        const session = requireStage(request, ['enrol_totp', 'full']);
        const secret = newTotpSecret();
        await ctx.db
          .updateTable('app_user')
          .set({ totp_pending_enc: ctx.pii.encrypt(secret) })
          .where('id', '=', session.id)
          .execute();
        const uri = otpauthUri(secret, session.username);
        return { secret, otpauthUri: uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
      },
    );

    app.post(
      '/api/auth/totp/confirm',
      { schema: { tags, body: CodeBody, response: withErrors({ 200: ConfirmAnswer }) }, config: { access: 'session' } },
      async (request) => {
        const session = requireStage(request, ['enrol_totp', 'full']);
        const user = await loadUser(ctx, session.id);
        if (!user.totp_pending_enc) {
          throw AppError.validation([
            fieldIssue('code', CODE_LABEL, { zh: '请先生成二维码', en: 'start enrolment first' }),
          ]);
        }
        const secret = ctx.pii.decrypt(user.totp_pending_enc);
        const counter = matchTotp(secret, request.body.code.replace(/\s/g, ''));
        if (counter === null) throw wrongCode();
        const recoveryCodes = newRecoveryCodes();
        await ctx.db
          .updateTable('app_user')
          .set({
            totp_secret_enc: user.totp_pending_enc,
            totp_pending_enc: null,
            totp_last_counter: String(counter),
            recovery_code_hashes: recoveryCodes.map(hashRecoveryCode),
          })
          .where('id', '=', user.id)
          .execute();
        const next = nextStage(ctx, { ...user, totp_secret_enc: user.totp_pending_enc }, true);
        await setSessionStage(ctx, session.sessionHash, next);
        await writeAudit(ctx.db, actorOf(session, request), { action: 'auth.totp_enrol' });
        // Shown once: only hashes are stored.
        return { user: await getUserView(ctx.db, user.id), next, recoveryCodes };
      },
    );

    app.post(
      '/api/auth/password',
      {
        schema: { tags, body: PasswordBody, response: withErrors({ 200: StepAnswer }) },
        config: { access: 'session' },
      },
      async (request) => {
        const session = requireStage(request, ['change_password', 'full']);
        const user = await loadUser(ctx, session.id);
        const { currentPassword, newPassword } = request.body;
        // The current password is the sign-in secret: a session (left open, or stolen) may not guess it faster
        // than the sign-in page allows, so wrong answers here count against the same per-name budget.
        const subject = passwordSubject(user.username);
        const claim = await claimAttempt(ctx.db, subject, {
          max: ctx.config.loginMaxFailures,
          lockMinutes: ctx.config.loginLockMinutes,
        });
        if (!claim.allowed) {
          await writeAudit(ctx.db, actorOf(session, request), {
            action: 'auth.password_change',
            outcome: 'denied',
            details: { reason: 'locked' },
          });
          throw lockedError(claim.minutesLeft);
        }
        if (!(await verifyPassword(currentPassword, user.password_hash))) {
          await writeAudit(ctx.db, actorOf(session, request), {
            action: 'auth.password_change',
            outcome: 'failed',
            details: { locked: claim.locksNow },
          });
          if (claim.locksNow) throw lockedError(ctx.config.loginLockMinutes);
          throw AppError.validation([fieldIssue('currentPassword', CURRENT_LABEL, { zh: '不正确', en: 'is wrong' })]);
        }
        await clearAttempts(ctx.db, subject);
        const problem = passwordProblems(newPassword, user.username);
        if (problem) throw AppError.validation([fieldIssue('newPassword', PASSWORD_LABEL, problem)]);
        if (await verifyPassword(newPassword, user.password_hash)) {
          throw AppError.validation([
            fieldIssue('newPassword', PASSWORD_LABEL, {
              zh: '不能与当前密码相同',
              en: 'must differ from the current one',
            }),
          ]);
        }
        await ctx.db
          .updateTable('app_user')
          .set({
            password_hash: await hashPassword(newPassword),
            must_change_password: false,
            password_changed_at: new Date(),
          })
          .where('id', '=', user.id)
          .execute();
        // Other sessions may have been opened with the old password.
        await destroyUserSessions(ctx, user.id, session.sessionHash);
        const next = nextStage(ctx, { ...user, must_change_password: false }, true);
        await setSessionStage(ctx, session.sessionHash, next);
        await writeAudit(ctx.db, actorOf(session, request), { action: 'auth.password_change' });
        return { user: await getUserView(ctx.db, user.id), next };
      },
    );

    app.post(
      '/api/auth/logout-all',
      { schema: { tags, response: withErrors({ 200: LogoutAllAnswer }) } },
      async (request, reply) => {
        const session = requireUser(request);
        const ended = await destroyUserSessions(ctx, session.id);
        await writeAudit(ctx.db, actorOf(session, request), {
          action: 'auth.logout_all',
          details: { sessions: ended },
        });
        reply.clearCookie('liudong_sid', { path: '/' });
        return { ended };
      },
    );
  };
}
