import type { ErrorKind } from '../errors/index.ts';

/** The one table from error kinds to HTTP statuses; every dialect renders its own body around it. */
export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  range: 416,
  rate_limited: 429,
  unavailable: 503,
};
