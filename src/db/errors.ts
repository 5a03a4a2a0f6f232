import { HubError, type ErrorKind } from '../errors/index.ts';

export const DB_ERRORS = {
  UNIQUE_VIOLATION: 'DB_UNIQUE_VIOLATION',
  FOREIGN_KEY_VIOLATION: 'DB_FOREIGN_KEY_VIOLATION',
  CHECK_VIOLATION: 'DB_CHECK_VIOLATION',
  INVALID_INPUT: 'DB_INVALID_INPUT',
  UNAVAILABLE: 'DB_UNAVAILABLE',
  QUERY_CANCELED: 'DB_QUERY_CANCELED',
  /** A filter's arithmetic divided by a value that was zero in some row (CQL2 /req/arithmetic); a literal zero is refused before SQL. */
  DIVISION_BY_ZERO: 'DB_DIVISION_BY_ZERO',
} as const;

/** The one place SQLSTATEs become error kinds (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const SQLSTATE_KINDS: Array<[RegExp, string, ErrorKind]> = [
  [/^23505$/, DB_ERRORS.UNIQUE_VIOLATION, 'conflict'],
  [/^23503$/, DB_ERRORS.FOREIGN_KEY_VIOLATION, 'conflict'],
  [/^23514$/, DB_ERRORS.CHECK_VIOLATION, 'invalid'],
  [/^22012$/, DB_ERRORS.DIVISION_BY_ZERO, 'invalid'], // before the class 22 catch-all: the client's filter divided by zero
  [/^22/, DB_ERRORS.INVALID_INPUT, 'invalid'], // data exceptions: bad literal, out of range, invalid geometry text
  [/^XX000$/, DB_ERRORS.INVALID_INPUT, 'invalid'], // PostGIS reports unparsable geometries as internal errors
  [/^57014$/, DB_ERRORS.QUERY_CANCELED, 'unavailable'],
  [/^(08|53|57P)/, DB_ERRORS.UNAVAILABLE, 'unavailable'],
];

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Turns a driver error into a HubError when its SQLSTATE says what kind it is; other errors pass unchanged. */
export function toHubError(error: unknown): unknown {
  if (error instanceof HubError) return error;
  const state = sqlState(error);
  if (!state) return error;
  for (const [pattern, code, kind] of SQLSTATE_KINDS) {
    if (pattern.test(state)) {
      return new HubError(code, kind, (error as Error).message, { details: { sqlstate: state }, cause: error });
    }
  }
  return error;
}

/**
 * For statements whose values come from a client's filter: a data exception (SQLSTATE class 22: a
 * division by zero met in some row, a number out of range) is the client's, so it becomes an `invalid`
 * HubError; anything else (the server's trouble) passes unchanged.
 */
export function clientDataError(error: unknown): unknown {
  return /^22/.test(sqlState(error) ?? '') ? toHubError(error) : error;
}
