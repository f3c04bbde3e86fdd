/**
 * Route-level access, checked before the body is even validated: an anonymous caller gets 401 and a
 * wrong role 403, never a 400 that would describe the route's input. Each route declares
 * `config: { access }`; handlers still start with requireUser(), which also hands them the user (two
 * layers, one list). A route that declares nothing is left to its handler, and the authorization-matrix
 * test (test/authorization-matrix.test.ts) fails until the route has an access decision.
 */
import type { FastifyInstance } from 'fastify';
import type { Role } from '../db/schema.ts';
import { requireSession, requireUser } from './session.ts';

/** 'public': anyone; 'session': a session in any login stage; 'staff': a full session, any role. */
export type RouteAccess = 'public' | 'session' | 'staff' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export function installAccessCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (!request.url.startsWith('/api/') || request.is404) return;
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    if (access === 'session') requireSession(request);
    else if (access === 'staff') requireUser(request);
    else requireUser(request, access);
  });
}
