import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
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

/**
 * Client credentials may come in the Authorization header instead of the form (`client_secret_basic`,
 * RFC 6749 §2.3.1: each part form-urlencoded, then Base64); they may not come both ways.
 */
function withBasicClient(form: Record<string, string> | undefined, authorization: string | undefined): Record<string, string> | undefined {
  if (!form || authorization === undefined) return form;
  const m = /^basic +([A-Za-z0-9+/=]+) *$/i.exec(authorization);
  const decoded = m?.[1] ? Buffer.from(m[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon <= 0 || 'client_id' in form || 'client_secret' in form) return undefined;
  try {
    return {
      ...form,
      client_id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      client_secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return undefined;
  }
}

export const authPlugin: FastifyPluginAsync<{ auth: AuthService }> = async (app, { auth }) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    done(null, new URLSearchParams(String(body)));
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));

  // Refusals by fastify itself (a body over the limit, a broken content type) keep the OAuth 2 shape too.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return reply
        .status(error.statusCode)
        .header('cache-control', 'no-store')
        .send({ error: 'invalid_request', error_description: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: 'server_error', error_description: `internal error (request ${request.id})` });
  });

  const realmPath = '/auth/realms/:realm';
  const realmCheck = (realm: string, reply: FastifyReply): boolean => {
    if (realm === auth.realm) return true;
    void reply.status(404).send({ error: 'not_found', error_description: `realm ${realm.slice(0, 64)} does not exist` });
    return false;
  };

  app.post<{ Params: { realm: string } }>(`${realmPath}/protocol/openid-connect/token`, async (request, reply) => {
    if (!realmCheck(request.params.realm, reply)) return reply;
    const form = withBasicClient(formFields(request.body), request.headers.authorization);
    if (!form) {
      return reply.status(400).header('cache-control', 'no-store').send({
        error: 'invalid_request',
        error_description:
          'expected an application/x-www-form-urlencoded body with each parameter once, and client credentials in the body or in Basic, not both',
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
