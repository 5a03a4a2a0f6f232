import { HubError } from '../errors/index.ts';

/** Error codes of auth/; the HTTP layer renders them (OAuth 2 shape on the token endpoint, RFC 6749 §5.2). */
export const AUTH_ERRORS = {
  INVALID_CREDENTIALS: 'AUTH_INVALID_CREDENTIALS',
  INVALID_TOKEN: 'AUTH_INVALID_TOKEN',
  INVALID_GRANT: 'AUTH_INVALID_GRANT',
  INVALID_REQUEST: 'AUTH_INVALID_REQUEST',
  UNSUPPORTED_GRANT_TYPE: 'AUTH_UNSUPPORTED_GRANT_TYPE',
  USER_DISABLED: 'AUTH_USER_DISABLED',
  TOO_MANY_FAILURES: 'AUTH_TOO_MANY_FAILURES',
  USER_NOT_FOUND: 'AUTH_USER_NOT_FOUND',
  USER_EXISTS: 'AUTH_USER_EXISTS',
  INVALID_USER: 'AUTH_INVALID_USER',
  API_KEY_NOT_FOUND: 'AUTH_API_KEY_NOT_FOUND',
  FORBIDDEN: 'AUTH_FORBIDDEN',
} as const;

export function authError(
  code: (typeof AUTH_ERRORS)[keyof typeof AUTH_ERRORS],
  message: string,
  details?: Record<string, unknown>,
): HubError {
  const kind =
    code === AUTH_ERRORS.TOO_MANY_FAILURES
      ? 'rate_limited'
      : code === AUTH_ERRORS.USER_NOT_FOUND || code === AUTH_ERRORS.API_KEY_NOT_FOUND
        ? 'not_found'
        : code === AUTH_ERRORS.USER_EXISTS
          ? 'conflict'
          : code === AUTH_ERRORS.FORBIDDEN
            ? 'forbidden'
            : code === AUTH_ERRORS.INVALID_REQUEST ||
                code === AUTH_ERRORS.INVALID_USER ||
                code === AUTH_ERRORS.UNSUPPORTED_GRANT_TYPE ||
                code === AUTH_ERRORS.INVALID_GRANT
              ? 'invalid'
              : 'unauthenticated';
  return new HubError(code, kind, message, details ? { details } : {});
}
