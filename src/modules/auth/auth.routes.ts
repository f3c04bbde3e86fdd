import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../core/errors.ts';
import { NoContent, withErrors } from '../../http/responses.ts';
import {
  actorOf,
  createSession,
  destroySession,
  requireSession,
  SESSION_COOKIE,
  setSessionCookie,
} from '../../http/session.ts';
import { verifyPassword } from '../../security/password.ts';
import { writeAudit } from '../audit/index.ts';
import { AddressFailures, claimAttempt, clearAttempts, lockedError, passwordSubject } from './attempts.ts';
import { MeAnswer, StepAnswer } from './auth.schema.ts';
import { nextStage } from './auth.stage.ts';
import { getUserView } from './user-view.ts';

const LoginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

const INVALID = new AppError('AUTH_INVALID', 401, { zh: '用户名或密码错误', en: 'Wrong username or password' }, [
  { path: 'password', message: { zh: '密码：用户名或密码错误', en: 'Password: wrong username or password' } },
]);

const LOCKED_BY_ADMIN = new AppError('AUTH_LOCKED', 403, {
  zh: '账户已被管理员锁定，请联系本单位管理员解锁',
  en: 'Your account is locked by an administrator; ask them to unlock it',
});

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  // Per app: 30 failures from one client address in 15 minutes lock it out of the password step.
  const addressFailures = new AddressFailures(30, 15 * 60_000);
  return async (app) => {
    app.post(
      '/api/auth/login',
      {
        schema: { body: LoginBody, tags: ['auth'], response: withErrors({ 200: StepAnswer }) },
        config: { access: 'public' },
      },
      async (request, reply) => {
        const { username, password } = request.body;
        const actor = { ...actorOf(null, request), username };
        if (!addressFailures.claim(request.ip)) throw lockedError(ctx.config.loginLockMinutes);
        const user = await ctx.db
          .selectFrom('app_user')
          .selectAll()
          .where('username', '=', username)
          .executeTakeFirst();
        // Counted per name whether or not it exists, so a lock (or its absence) does not tell which names do.
        const subject = passwordSubject(username);
        const claim = await claimAttempt(ctx.db, subject, {
          max: ctx.config.loginMaxFailures,
          lockMinutes: ctx.config.loginLockMinutes,
        });
        if (!claim.allowed) {
          addressFailures.release(request.ip);
          await writeAudit(
            ctx.db,
            { ...actor, id: user?.id ?? null },
            {
              action: 'auth.login',
              outcome: 'denied',
              details: { reason: 'locked' },
            },
          );
          throw lockedError(claim.minutesLeft);
        }
        // Unknown names are checked against a dummy hash: the same scrypt cost, so timing does not tell either.
        const ok = (await verifyPassword(password, user?.password_hash)) && user?.active === true;
        if (!user || !ok) {
          await writeAudit(
            ctx.db,
            { ...actor, id: user?.id ?? null },
            {
              action: 'auth.login',
              outcome: 'failed',
              details: user ? { locked: claim.locksNow } : { reason: 'unknown user', locked: claim.locksNow },
            },
          );
          if (claim.locksNow) throw lockedError(ctx.config.loginLockMinutes);
          throw INVALID;
        }
        addressFailures.release(request.ip);
        await clearAttempts(ctx.db, subject);
        // Told only to someone who knows the password, so it reveals nothing to a guesser.
        if (user.locked_at) {
          await writeAudit(
            ctx.db,
            { ...actor, id: user.id, role: user.role, divisionCode: user.division_code },
            { action: 'auth.login', outcome: 'denied', details: { reason: 'locked by administrator' } },
          );
          throw LOCKED_BY_ADMIN;
        }
        const stage = nextStage(ctx, user, false);
        const token = await createSession(ctx, user.id, request.ip, stage);
        await writeAudit(
          ctx.db,
          { ...actor, id: user.id, role: user.role, divisionCode: user.division_code },
          { action: 'auth.login', details: { next: stage } },
        );
        setSessionCookie(reply, token, request.protocol === 'https');
        return { user: await getUserView(ctx.db, user.id), next: stage };
      },
    );

    app.post(
      '/api/auth/logout',
      { schema: { tags: ['auth'], response: withErrors({ 204: NoContent }) }, config: { access: 'public' } },
      async (request, reply) => {
        if (request.user) {
          await destroySession(ctx, request.user.sessionHash);
          await writeAudit(ctx.db, actorOf(request.user, request), { action: 'auth.logout' });
        }
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send();
      },
    );

    app.get(
      '/api/auth/me',
      { schema: { tags: ['auth'], response: withErrors({ 200: MeAnswer }) }, config: { access: 'session' } },
      async (request) => {
        // Any stage: the console uses it to find out which login step is still owed.
        const user = requireSession(request);
        return { user: await getUserView(ctx.db, user.id), stage: user.stage };
      },
    );
  };
}
