/**
 * The one error type every capability throws. `kind` is a closed set that the HTTP layer maps to a status
 * in one table (api/error-status.ts); each dialect renders its own body. Codes are listed per capability in
 * its errors.ts so that tests can assert on them.
 */

export const ERROR_KINDS = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  'range',
  'rate_limited',
  'unavailable',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export class HubError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    kind: ErrorKind,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubError';
    this.code = code;
    this.kind = kind;
    this.details = options.details;
  }
}

export function isHubError(error: unknown): error is HubError {
  return error instanceof HubError;
}
