import type { FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_ERRORS } from '../../auth/index.ts';
import { HubError } from '../../errors/index.ts';
import { sendAuthFailure } from '../auth/credentials.ts';

/** A preHandler letting only admins through: 401 for anonymous callers, 403 for others. */
export function requireAdmin(realm: string, what: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const actor = request.actor;
    if (actor.kind === 'anonymous') {
      const error = new HubError(AUTH_ERRORS.INVALID_CREDENTIALS, 'unauthenticated', 'sign in as an admin');
      return sendAuthFailure(reply, request, realm, error, undefined);
    }
    if (!actor.roles.includes('admin')) {
      return sendAuthFailure(reply, request, realm, new HubError(AUTH_ERRORS.FORBIDDEN, 'forbidden', `only admins may ${what}`), undefined);
    }
    return undefined;
  };
}
