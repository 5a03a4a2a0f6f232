import type { FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_ERRORS, type Credential } from '../../auth/index.ts';
import { HubError, isHubError } from '../../errors/index.ts';
import { sendDhusError } from '../dhus/errors.ts';
import { STATUS_BY_KIND } from '../error-status.ts';
import { sendODataError } from '../odata/errors.ts';
import { sendRestoError } from '../resto/errors.ts';

/**
 * Reads the request's credential: `Authorization: Bearer` (RFC 6750 §2.1; a JWT or an API key),
 * `Authorization: Basic` (RFC 7617; sentinelsat and other DHuS clients) or `X-API-Key`.
 * No header is anonymous; a header that cannot be read is a bad credential.
 */
export function readCredential(request: FastifyRequest): Credential {
  const authorization = request.headers.authorization;
  const apiKey = request.headers['x-api-key'];
  if (authorization !== undefined) {
    const m = /^([A-Za-z]+) +([A-Za-z0-9._~+/=-]+) *$/.exec(authorization);
    const scheme = m?.[1]?.toLowerCase();
    const value = m?.[2];
    if (scheme === 'bearer' && value) return { type: 'bearer', token: value };
    if (scheme === 'basic' && value) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { type: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    throw new HubError(AUTH_ERRORS.INVALID_CREDENTIALS, 'unauthenticated', 'unreadable Authorization header (expected Bearer or Basic)');
  }
  if (typeof apiKey === 'string' && apiKey.length > 0) return { type: 'apiKey', key: apiKey };
  if (apiKey !== undefined) throw new HubError(AUTH_ERRORS.INVALID_CREDENTIALS, 'unauthenticated', 'unreadable X-API-Key header');
  return { type: 'none' };
}

const basicChallenge = (realm: string): string => `Basic realm="${realm}", charset="UTF-8"`;

/** The challenge of a 401 (RFC 6750 §3 for Bearer, RFC 7617 §2 for Basic). */
export function challenge(realm: string, credential: Credential | undefined, description?: string): string {
  if (credential?.type === 'basic') return basicChallenge(realm);
  const error =
    credential && credential.type !== 'none'
      ? `, error="invalid_token", error_description="${(description ?? '').replace(/["\\]/g, '')}"`
      : '';
  return `Bearer realm="${realm}"${error}`;
}

/**
 * The challenge of a 401 that asks an anonymous caller to sign in (a download that needs a login): Basic
 * under /dhus/, where DHuS clients such as sentinelsat answer it with their credentials, Bearer elsewhere.
 */
export function loginChallenge(realm: string, url: string): string {
  return url.startsWith('/dhus/') ? basicChallenge(realm) : `Bearer realm="${realm}"`;
}

/**
 * Answers an authentication failure in the dialect of the URL (OData, DHuS, resto, or the plain
 * `{code, description}`); 401 with WWW-Authenticate, 429 with Retry-After.
 */
export function sendAuthFailure(
  reply: FastifyReply,
  request: FastifyRequest,
  realm: string,
  error: unknown,
  credential: Credential | undefined,
): FastifyReply {
  if (!isHubError(error)) throw error;
  const status = STATUS_BY_KIND[error.kind];
  if (status === 401) void reply.header('www-authenticate', challenge(realm, credential, error.message));
  const retry = error.details?.['retryAfterS'];
  if (status === 429 && typeof retry === 'number') void reply.header('retry-after', String(retry));
  // This hook answers before any dialect plugin sees the request, so it calls the dialect's own renderer.
  const url = request.url;
  if (url.startsWith('/odata/')) return sendODataError(error, request, reply);
  if (url.startsWith('/dhus/')) return sendDhusError(error, request, reply);
  if (url.startsWith('/resto/')) return sendRestoError(error, request, reply);
  return reply.status(status).send({ code: error.code, description: error.message });
}
