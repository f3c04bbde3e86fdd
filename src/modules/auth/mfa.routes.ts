/**
 * The login steps after the password: TOTP code (or a recovery code), TOTP enrolment by QR code,
 * initial-password change, and "log out everywhere".
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import { hashPassword, passwordProblems, verifyPassword } from '../../security/password.ts';
import { hashRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, otpauthUri } from '../../security/totp.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import { getUserView } from '../users/users.repository.ts';
import { nextStage } from './auth.stage.ts';
import {
  actorOf,
  destroyUserSessions,
  requireSession,
  requireUser,
  type SessionUser,
  setSessionStage,
  stepRequired,
} from './session.ts';

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

export function mfaRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['auth'];

    /** Second step of login: a TOTP code, or one of the recovery codes (each works once). */
    app.post('/api/auth/totp', { schema: { tags, body: CodeBody }, config: { access: 'session' } }, async (request) => {
      const session = requireStage(request, ['totp']);
      const user = await loadUser(ctx, session.id);
      const code = request.body.code.replace(/\s/g, '');
      const actor = actorOf(session, request);
      let method = 'totp';
      const secret = user.totp_secret_enc ? ctx.pii.decrypt(user.totp_secret_enc) : null;
      const counter = secret ? matchTotp(secret, code) : null;
      if (counter !== null && (user.totp_last_counter === null || counter > Number(user.totp_last_counter))) {
        await ctx.db
          .updateTable('app_user')
          .set({ totp_last_counter: String(counter) })
          .where('id', '=', user.id)
          .execute();
      } else {
        const hash = hashRecoveryCode(code);
        if (!user.recovery_code_hashes.includes(hash)) {
          await writeAudit(ctx.db, actor, { action: 'auth.totp', outcome: 'failed' });
          throw wrongCode();
        }
        method = 'recovery_code';
        await ctx.db
          .updateTable('app_user')
          .set({ recovery_code_hashes: user.recovery_code_hashes.filter((h) => h !== hash) })
          .where('id', '=', user.id)
          .execute();
      }
      const next = nextStage(ctx, user, true);
      await setSessionStage(ctx, session.sessionHash, next);
      await writeAudit(ctx.db, actor, { action: 'auth.totp', details: { method } });
      return { user: await getUserView(ctx.db, user.id), next };
    });

    /** Starts enrolment: a new secret, shown as a QR code, kept pending until a first code confirms it. */
    app.post('/api/auth/totp/enrol', { schema: { tags }, config: { access: 'session' } }, async (request) => {
      const session = requireStage(request, ['enrol_totp', 'full']);
      const secret = newTotpSecret();
      await ctx.db
        .updateTable('app_user')
        .set({ totp_pending_enc: ctx.pii.encrypt(secret) })
        .where('id', '=', session.id)
        .execute();
      const uri = otpauthUri(secret, session.username);
      return { secret, otpauthUri: uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
    });

    app.post(
      '/api/auth/totp/confirm',
      { schema: { tags, body: CodeBody }, config: { access: 'session' } },
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
      { schema: { tags, body: PasswordBody }, config: { access: 'session' } },
      async (request) => {
        const session = requireStage(request, ['change_password', 'full']);
        const user = await loadUser(ctx, session.id);
        const { currentPassword, newPassword } = request.body;
        if (!(await verifyPassword(currentPassword, user.password_hash))) {
          await writeAudit(ctx.db, actorOf(session, request), { action: 'auth.password_change', outcome: 'failed' });
          throw AppError.validation([fieldIssue('currentPassword', CURRENT_LABEL, { zh: '不正确', en: 'is wrong' })]);
        }
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

    app.post('/api/auth/logout-all', { schema: { tags } }, async (request, reply) => {
      const session = requireUser(request);
      const ended = await destroyUserSessions(ctx, session.id);
      await writeAudit(ctx.db, actorOf(session, request), { action: 'auth.logout_all', details: { sessions: ended } });
      reply.clearCookie('liudong_sid', { path: '/' });
      return { ended };
    });
  };
}
