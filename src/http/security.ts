/**
 * Transport-level protections (等保 level 3): security headers on every response, a CSRF check on
 * every state-changing API request, and a per-address rate limit on the endpoints anyone can reach.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';

/** antd writes its styles at run time, hence 'unsafe-inline' for styles only; scripts stay 'self'. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('X-Frame-Options', 'DENY');
  reply.header('Referrer-Policy', 'same-origin');
  reply.header('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
  // Swagger UI needs inline scripts; the rest of the app does not.
  if (!request.url.startsWith('/docs')) reply.header('Content-Security-Policy', CSP);
  if (request.protocol === 'https') reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}

/**
 * Session cookies are SameSite=Strict already; this is the second layer. A browser always sends
 * Origin (or at least Referer) on a cross-site POST, so a state-changing request whose origin is
 * another site is refused. Clients that send neither (curl, the CLI) are not browsers and carry no
 * ambient cookie risk.
 */
export function checkCsrf(request: FastifyRequest): void {
  if (!STATE_CHANGING.has(request.method) || !request.url.startsWith('/api/')) return;
  const source = request.headers.origin ?? request.headers.referer;
  if (!source) return;
  let host: string;
  try {
    host = new URL(source).host;
  } catch {
    host = '';
  }
  if (host !== request.headers.host) {
    throw new AppError('CSRF', 403, { zh: '请求来源不被允许（跨站请求）', en: 'Cross-site request refused' });
  }
}

interface Bucket {
  count: number;
  resetAt: number;
}

/** A fixed-window limit per client address and route group; enough for one-process deployments. */
export function rateLimiter(limit: number, windowMs: number) {
  const buckets = new Map<string, Bucket>();
  return (request: FastifyRequest, reply: FastifyReply, group: string): void => {
    const now = Date.now();
    const key = `${group}|${request.ip}`;
    let bucket = buckets.get(key);
    if (!bucket || bucket.resetAt <= now) {
      if (buckets.size > 50_000) buckets.clear();
      bucket = { count: 0, resetAt: now + windowMs };
      buckets.set(key, bucket);
    }
    bucket.count++;
    if (bucket.count > limit) {
      reply.header('Retry-After', Math.ceil((bucket.resetAt - now) / 1000));
      throw new AppError('RATE_LIMITED', 429, {
        zh: '请求过于频繁，请稍后再试',
        en: 'Too many requests; try again later',
      });
    }
  };
}

/**
 * Public endpoints (no session needed) and their per-address budget per minute. `/api/verify` has its
 * own limiter in the verify module (LIUDONG_VERIFY_RATE_PER_MINUTE, refusals logged).
 */
export const PUBLIC_LIMITS: { prefix: string; perMinute: number }[] = [
  { prefix: '/api/auth/', perMinute: 120 },
  { prefix: '/api/dept/', perMinute: 600 },
];

export function installSecurity(app: FastifyInstance): void {
  const limiters = PUBLIC_LIMITS.map((p) => ({ ...p, check: rateLimiter(p.perMinute, 60_000) }));
  app.addHook('onRequest', async (request, reply) => {
    setSecurityHeaders(request, reply);
    checkCsrf(request);
    const group = limiters.find((l) => request.url.startsWith(l.prefix));
    if (group) group.check(request, reply, group.prefix);
  });
}
