/** The preamble of every `/api/persons/:id/…` read: a signed-in user of the allowed roles, the person in scope, audited. */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { Role } from '../../db/schema.ts';
import type { Actor } from '../../http/session.ts';
import { actorOf, requireUser, type SessionUser } from '../../http/session.ts';
import type { PersonRow } from './persons.repository.ts';
import { requirePersonInScope } from './persons.service.ts';

export async function personOfRequest(
  ctx: AppContext,
  request: FastifyRequest & { params: { id: string } },
  roles: readonly Role[],
  action: string,
): Promise<{ user: SessionUser; actor: Actor; person: PersonRow }> {
  const user = requireUser(request, roles);
  const actor = actorOf(user, request);
  const person = await requirePersonInScope(ctx, user, actor, request.params.id, action);
  return { user, actor, person };
}
