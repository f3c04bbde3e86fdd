import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../core/errors.ts';
import { verifyPassword } from '../../security/password.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import { getUserView } from '../users/users.repository.ts';
import { nextStage } from './auth.stage.ts';
import { actorOf, createSession, destroySession, requireSession, SESSION_COOKIE, setSessionCookie } from './session.ts';

const LoginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

/** Failures per client address, to slow down guessing across many accounts. */
const ipFailures = new Map<string, { count: number; since: number }>();
const IP_WINDOW_MS = 15 * 60_000;
const IP_MAX_FAILURES = 30;

function ipLimited(ip: string): boolean {
  const entry = ipFailures.get(ip);
  if (!entry || Date.now() - entry.since > IP_WINDOW_MS) return false;
  return entry.count >= IP_MAX_FAILURES;
}

function noteIpFailure(ip: string): void {
  const entry = ipFailures.get(ip);
  if (!entry || Date.now() - entry.since > IP_WINDOW_MS) ipFailures.set(ip, { count: 1, since: Date.now() });
  else entry.count++;
}

const INVALID = new AppError('AUTH_INVALID', 401, { zh: '用户名或密码错误', en: 'Wrong username or password' }, [
  { path: 'password', message: { zh: '密码：用户名或密码错误', en: 'Password: wrong username or password' } },
]);

function lockedError(minutes: number): AppError {
  return new AppError('AUTH_LOCKED', 429, {
    zh: `登录失败次数过多，账户已锁定，请${minutes}分钟后再试`,
    en: `Too many failed sign-ins; try again in ${minutes} minutes`,
  });
}

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/auth/login',
      { schema: { body: LoginBody, tags: ['auth'] }, config: { access: 'public' } },
      async (request, reply) => {
        const { username, password } = request.body;
        const actor = { ...actorOf(null, request), username };
        if (ipLimited(request.ip)) throw lockedError(ctx.config.loginLockMinutes);
        const user = await ctx.db
          .selectFrom('app_user')
          .selectAll()
          .where('username', '=', username)
          .executeTakeFirst();
        if (user?.locked_until && user.locked_until.getTime() > Date.now()) {
          await writeAudit(ctx.db, actor, { action: 'auth.login', outcome: 'denied', details: { reason: 'locked' } });
          throw lockedError(Math.ceil((user.locked_until.getTime() - Date.now()) / 60_000));
        }
        const ok = user?.active === true && (await verifyPassword(password, user.password_hash));
        if (!user || !ok) {
          noteIpFailure(request.ip);
          if (user) {
            const failures = user.failed_logins + 1;
            const lock = failures >= ctx.config.loginMaxFailures;
            await ctx.db
              .updateTable('app_user')
              .set({
                failed_logins: lock ? 0 : failures,
                locked_until: lock ? new Date(Date.now() + ctx.config.loginLockMinutes * 60_000) : null,
              })
              .where('id', '=', user.id)
              .execute();
            await writeAudit(
              ctx.db,
              { ...actor, id: user.id },
              { action: 'auth.login', outcome: 'failed', details: { locked: lock } },
            );
            if (lock) throw lockedError(ctx.config.loginLockMinutes);
          } else {
            await writeAudit(ctx.db, actor, {
              action: 'auth.login',
              outcome: 'failed',
              details: { reason: 'unknown user' },
            });
          }
          throw INVALID;
        }
        await ctx.db
          .updateTable('app_user')
          .set({ failed_logins: 0, locked_until: null })
          .where('id', '=', user.id)
          .execute();
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
      { schema: { tags: ['auth'] }, config: { access: 'public' } },
      async (request, reply) => {
        if (request.user) {
          await destroySession(ctx, request.user.sessionHash);
          await writeAudit(ctx.db, actorOf(request.user, request), { action: 'auth.logout' });
        }
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send();
      },
    );

    app.get('/api/auth/me', { schema: { tags: ['auth'] }, config: { access: 'session' } }, async (request) => {
      // Any stage: the console uses it to find out which login step is still owed.
      const user = requireSession(request);
      return { user: await getUserView(ctx.db, user.id), stage: user.stage };
    });
  };
}
