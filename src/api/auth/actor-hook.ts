import type { FastifyInstance } from 'fastify';
import { ANONYMOUS, type Actor, type AuthService, type Credential } from '../../auth/index.ts';
import { loginChallenge, readCredential, sendAuthFailure } from './credentials.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, resolved once per request (api/auth/actor-hook.ts). */
    actor: Actor;
  }
}

/** The token and discovery endpoints authenticate through their form, not through the request's headers. */
function isTokenEndpoint(url: string): boolean {
  return url.startsWith('/auth/realms/') || url.startsWith('/.well-known/');
}

/**
 * Resolves `request.actor` on every request, before any route: no credential is anonymous, a bad one is
 * answered 401 (429 while brute-force locked) at once. What the actor may see is decided by access/.
 */
export function installActorResolution(app: FastifyInstance, auth: AuthService): void {
  // fastify refuses reference-typed defaults shared by all requests; the hook sets a value on each one.
  app.decorateRequest('actor', null as never);
  app.addHook('onRequest', async (request, reply) => {
    request.actor = ANONYMOUS;
    if (isTokenEndpoint(request.url)) return;
    let credential: Credential | undefined;
    try {
      credential = readCredential(request);
      request.actor = await auth.resolveActor(credential, request.ip);
    } catch (error) {
      return sendAuthFailure(reply, request, auth.realm, error, credential);
    }
  });
  // A 401 that a route answered in its dialect (DOWNLOAD_NEEDS_LOGIN) carries a challenge too (RFC 9110 §11.6.1).
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode === 401 && !reply.hasHeader('www-authenticate'))
      void reply.header('www-authenticate', loginChallenge(auth.realm, request.url));
    return payload;
  });
}
