/**
 * Server-side sessions: the cookie carries a random token, the database keeps only its hash, so a
 * session can be revoked at any time. A short in-process cache keeps the hot path at one query;
 * logout evicts it here, and other processes see a revocation within CACHE_MS.
 */
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { AppError } from '../core/errors.ts';
import type { Role, SessionStage } from '../db/schema.ts';

/** Who did something; null actor = anonymous or system. */
export interface Actor {
  id: string | null;
  username: string | null;
  role: string | null;
  divisionCode: string | null;
  ip: string | null;
}

export const SESSION_COOKIE = 'liudong_sid';
const CACHE_MS = 5000;
const TOUCH_MS = 60_000;

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  divisionCode: string;
  sessionHash: string;
  stage: SessionStage;
}

interface CacheEntry {
  user: SessionUser;
  cachedAt: number;
}
const cache = new Map<string, CacheEntry>();

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}

export async function createSession(
  ctx: AppContext,
  userId: string,
  ip: string | null,
  stage: SessionStage,
): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expires = new Date(Date.now() + ctx.config.sessionMaxHours * 3600_000);
  await ctx.db
    .insertInto('session')
    .values({ token_hash: hashToken(token), user_id: userId, expires_at: expires, ip, stage })
    .execute();
  return token;
}

export async function setSessionStage(ctx: AppContext, tokenHash: string, stage: SessionStage): Promise<void> {
  cache.delete(tokenHash);
  await ctx.db.updateTable('session').set({ stage }).where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a user ("log out everywhere", password change). */
export async function destroyUserSessions(ctx: AppContext, userId: string, exceptHash?: string): Promise<number> {
  for (const [hash, entry] of cache) if (entry.user.id === userId && hash !== exceptHash) cache.delete(hash);
  let q = ctx.db.deleteFrom('session').where('user_id', '=', userId);
  if (exceptHash) q = q.where('token_hash', '<>', exceptHash);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function destroySession(ctx: AppContext, tokenHash: string): Promise<void> {
  cache.delete(tokenHash);
  await ctx.db.deleteFrom('session').where('token_hash', '=', tokenHash).execute();
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure });
}

/** Resolves the session cookie to a user, or null. Expired and idle sessions are removed. */
export async function loadSessionUser(ctx: AppContext, request: FastifyRequest): Promise<SessionUser | null> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  const tokenHash = hashToken(token);
  const now = Date.now();
  const hit = cache.get(tokenHash);
  if (hit && now - hit.cachedAt < CACHE_MS) return hit.user;

  const row = await ctx.db
    .selectFrom('session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .where('s.token_hash', '=', tokenHash)
    .where('u.active', '=', true)
    .where('u.locked_at', 'is', null)
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.division_code',
      's.last_seen_at',
      's.expires_at',
      's.stage',
    ])
    .executeTakeFirst();
  if (!row) {
    cache.delete(tokenHash);
    return null;
  }
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (new Date(row.expires_at).getTime() < now || lastSeen + ctx.config.sessionIdleMinutes * 60_000 < now) {
    await destroySession(ctx, tokenHash);
    return null;
  }
  if (now - lastSeen > TOUCH_MS) {
    await ctx.db
      .updateTable('session')
      .set({ last_seen_at: new Date(now) })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  const user: SessionUser = {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    divisionCode: row.division_code,
    sessionHash: tokenHash,
    stage: row.stage,
  };
  cache.set(tokenHash, { user, cachedAt: now });
  return user;
}

export function actorOf(user: SessionUser | null, request: FastifyRequest): Actor {
  return {
    id: user?.id ?? null,
    username: user?.username ?? null,
    role: user?.role ?? null,
    divisionCode: user?.divisionCode ?? null,
    ip: request.ip,
  };
}

/** The one access check at the top of every staff handler. */
export function requireUser(request: FastifyRequest, roles?: readonly Role[]): SessionUser {
  const user = requireSession(request);
  if (user.stage !== 'full') throw stepRequired(user.stage);
  if (roles && !roles.includes(user.role)) throw AppError.forbidden();
  return user;
}

/** A session in any stage: for the endpoints that finish a login step. */
export function requireSession(request: FastifyRequest): SessionUser {
  if (!request.user) throw AppError.unauthenticated();
  return request.user;
}

export function stepRequired(stage: SessionStage): AppError {
  if (stage === 'full') {
    return new AppError('STEP_NOT_NEEDED', 409, {
      zh: '您已完成登录，无需此步骤',
      en: 'You are already signed in; this step is not needed',
    });
  }
  const text = {
    totp: { zh: '请输入动态验证码完成登录', en: 'Enter your authenticator code to finish signing in' },
    enrol_totp: {
      zh: '您的角色须启用双因素认证，请先绑定身份验证器',
      en: 'Your role requires two-factor sign-in; set up an authenticator first',
    },
    change_password: { zh: '请先修改初始密码', en: 'Change your initial password first' },
  }[stage];
  return new AppError('STEP_REQUIRED', 403, text, [], { next: stage });
}

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

/** The CLI acts as a named staff user: their scope bounds what may be imported or exported. */
export async function cliUser(ctx: AppContext, username: string, roles: readonly Role[]): Promise<SessionUser> {
  const row = await ctx.db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'role', 'division_code'])
    .where('username', '=', username)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!row) throw new Error(`no active user "${username}"`);
  if (!roles.includes(row.role)) throw new Error(`user "${username}" (${row.role}) may not do this`);
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    divisionCode: row.division_code,
    sessionHash: 'cli',
    stage: 'full',
  };
}

export function cliActor(user: SessionUser): Actor {
  return { id: user.id, username: user.username, role: user.role, divisionCode: user.divisionCode, ip: 'cli' };
}
