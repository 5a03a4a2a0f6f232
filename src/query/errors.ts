/**
 * Error codes of the query model. Every one has kind `invalid`: a filter, an ordering or a paging
 * request that cannot be compiled is the client's mistake, never a server fault, and each dialect
 * renders it in its own 4xx body.
 */
import { HubError } from '../errors/index.ts';

export const QUERY_ERRORS = {
  /** The tree is not a filter tree at all: unknown operator, missing or mistyped member. */
  FILTER_MALFORMED: 'FILTER_MALFORMED',
  /** Text or JSON that is not CQL2 at all (CQL2 1.0 /req/cql2-text, /req/cql2-json): details say where. */
  FILTER_SYNTAX: 'FILTER_SYNTAX',
  /** A property name outside the closed set of catalogue fields. */
  FILTER_UNKNOWN_PROPERTY: 'FILTER_UNKNOWN_PROPERTY',
  /** Operands whose types cannot be compared (`online = 'yes'`, LIKE on a number, ...). */
  FILTER_TYPE_MISMATCH: 'FILTER_TYPE_MISMATCH',
  /** A literal that is not a value of its type: a bad timestamp, a non-finite number, a bad UUID, a bad pattern. */
  FILTER_INVALID_LITERAL: 'FILTER_INVALID_LITERAL',
  /** A geometry literal that is not valid GeoJSON in lon/lat, or a bad bbox. */
  FILTER_INVALID_GEOMETRY: 'FILTER_INVALID_GEOMETRY',
  /** A valid request the compiler does not evaluate (e.g. S_WITHIN against a GeometryCollection). */
  FILTER_UNSUPPORTED: 'FILTER_UNSUPPORTED',
  /** Too deep, too many nodes, too many coordinates or parameters. */
  FILTER_TOO_COMPLEX: 'FILTER_TOO_COMPLEX',
  /** A sort key outside the closed set, or a malformed ordering. */
  ORDER_UNKNOWN_KEY: 'ORDER_UNKNOWN_KEY',
  /** A cursor that was not made by this hub for this ordering, or was altered. */
  PAGING_INVALID_CURSOR: 'PAGING_INVALID_CURSOR',
  PAGING_INVALID_LIMIT: 'PAGING_INVALID_LIMIT',
  PAGING_INVALID_OFFSET: 'PAGING_INVALID_OFFSET',
  /** Keyset and offset paging are exclusive. */
  PAGING_CURSOR_WITH_OFFSET: 'PAGING_CURSOR_WITH_OFFSET',
} as const;

export type QueryErrorCode = (typeof QUERY_ERRORS)[keyof typeof QUERY_ERRORS];

export function queryError(code: QueryErrorCode, message: string, details?: Record<string, unknown>): HubError {
  return new HubError(code, 'invalid', message, details === undefined ? {} : { details });
}
