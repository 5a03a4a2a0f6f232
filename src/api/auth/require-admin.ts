import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AUTH_ERRORS } from '../../auth/index.ts';
import { HubError } from '../../errors/index.ts';
import { sendAuthFailure } from './credentials.ts';

/**
 * A preHandler for routes only admins may use (the admin API, STAC transactions): anonymous → 401 with a
 * challenge to sign in, a signed-in user without the `admin` role → 403.
 */
export function requireAdmin(realm: string, what: string): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = request.actor;
    if (actor.kind === 'anonymous') {
      return sendAuthFailure(
        reply,
        request,
        realm,
        new HubError(AUTH_ERRORS.INVALID_CREDENTIALS, 'unauthenticated', `sign in as an admin to ${what}`),
        undefined,
      );
    }
    if (!actor.roles.includes('admin')) {
      return sendAuthFailure(reply, request, realm, new HubError(AUTH_ERRORS.FORBIDDEN, 'forbidden', `only admins may ${what}`), undefined);
    }
  };
}
