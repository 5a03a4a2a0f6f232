import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { AUTH_ERRORS, type AuthService } from '../../auth/index.ts';
import { isHubError } from '../../errors/index.ts';

/**
 * The Keycloak-compatible endpoints (reference/cdse.md §4): token, JWKS and discovery, under
 * /auth/realms/<realm>/ plus /.well-known/openid-configuration at the root. Errors have the OAuth 2
 * shape `{error, error_description}` (RFC 6749 §5.2).
 */
const OAUTH_ERROR: Record<string, { error: string; status: number }> = {
  [AUTH_ERRORS.INVALID_REQUEST]: { error: 'invalid_request', status: 400 },
  [AUTH_ERRORS.UNSUPPORTED_GRANT_TYPE]: { error: 'unsupported_grant_type', status: 400 },
  [AUTH_ERRORS.INVALID_GRANT]: { error: 'invalid_grant', status: 400 },
  // Keycloak (and so CDSE) answers bad user credentials with 401 invalid_grant.
  [AUTH_ERRORS.INVALID_CREDENTIALS]: { error: 'invalid_grant', status: 401 },
  [AUTH_ERRORS.USER_DISABLED]: { error: 'invalid_grant', status: 400 },
  [AUTH_ERRORS.TOO_MANY_FAILURES]: { error: 'temporarily_unavailable', status: 429 },
};

function sendOAuthError(reply: FastifyReply, error: unknown): FastifyReply {
  if (!isHubError(error)) throw error;
  const known = OAUTH_ERROR[error.code];
  const client = error.details?.['client'] === true;
  const status = known?.status ?? 400;
  const name = client && status !== 429 ? 'invalid_client' : (known?.error ?? 'invalid_request');
  void reply.header('cache-control', 'no-store');
  if (name === 'invalid_client') void reply.header('www-authenticate', 'Basic realm="eohub"');
  const retry = error.details?.['retryAfterS'];
  if (typeof retry === 'number') void reply.header('retry-after', String(retry));
  return reply.status(client && status !== 429 ? 401 : status).send({ error: name, error_description: error.message });
}

/** Form bodies with one value per field (RFC 6749 §3.2: parameters must not repeat). */
function formFields(body: unknown): Record<string, string> | undefined {
  if (!(body instanceof URLSearchParams)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of body) {
    if (k in out) return undefined;
    out[k] = v;
  }
  return out;
}

export const authPlugin: FastifyPluginAsync<{ auth: AuthService }> = async (app, { auth }) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    done(null, new URLSearchParams(String(body)));
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));

  const realmPath = '/auth/realms/:realm';
  const realmCheck = (realm: string, reply: FastifyReply): boolean => {
    if (realm === auth.realm) return true;
    void reply.status(404).send({ error: 'not_found', error_description: `realm ${realm.slice(0, 64)} does not exist` });
    return false;
  };

  app.post<{ Params: { realm: string } }>(`${realmPath}/protocol/openid-connect/token`, async (request, reply) => {
    if (!realmCheck(request.params.realm, reply)) return reply;
    const form = formFields(request.body);
    if (!form) {
      return reply.status(400).header('cache-control', 'no-store').send({
        error: 'invalid_request',
        error_description: 'expected an application/x-www-form-urlencoded body with each parameter once',
      });
    }
    try {
      const tokens = await auth.token(form, request.ip);
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(tokens);
    } catch (error) {
      return sendOAuthError(reply, error);
    }
  });

  app.get<{ Params: { realm: string } }>(`${realmPath}/protocol/openid-connect/certs`, async (request, reply) => {
    if (!realmCheck(request.params.realm, reply)) return reply;
    return reply.header('cache-control', 'public, max-age=60').send(await auth.jwks());
  });

  app.get<{ Params: { realm: string } }>(`${realmPath}/.well-known/openid-configuration`, async (request, reply) => {
    if (!realmCheck(request.params.realm, reply)) return reply;
    return reply.send(auth.openidConfiguration());
  });
  app.get('/.well-known/openid-configuration', async () => auth.openidConfiguration());
};
