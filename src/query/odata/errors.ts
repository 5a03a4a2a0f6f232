/**
 * Error codes of the OData `$filter` / `$orderby` dialect. All are kind `invalid` (the client's
 * mistake); `details.position` is the 0-based offset in the text where the problem was found, so that
 * the OData error body can point at it.
 */
import { HubError } from '../../errors/index.ts';

export const ODATA_QUERY_ERRORS = {
  /** Not the grammar of CDSE §1.4 / OData 4.01 URL Conventions §5.1.1: a stray token, an unclosed parenthesis. */
  ODATA_SYNTAX: 'ODATA_SYNTAX',
  /** A property path outside the Product entity's filterable properties. */
  ODATA_UNKNOWN_PROPERTY: 'ODATA_UNKNOWN_PROPERTY',
  /** A function that is not contains/startswith/endswith/OData.CSC.Intersects, or a lambda other than `any`. */
  ODATA_UNKNOWN_FUNCTION: 'ODATA_UNKNOWN_FUNCTION',
  /** A literal that is not a value: a bad date, an unterminated string, a geography that is not WKT. */
  ODATA_INVALID_LITERAL: 'ODATA_INVALID_LITERAL',
  /** Longer or more deeply nested than MAX_FILTER_LENGTH / MAX_FILTER_DEPTH. */
  ODATA_TOO_COMPLEX: 'ODATA_TOO_COMPLEX',
} as const;

export type ODataQueryErrorCode = (typeof ODATA_QUERY_ERRORS)[keyof typeof ODATA_QUERY_ERRORS];

export function odataQueryError(code: ODataQueryErrorCode, message: string, position: number): HubError {
  return new HubError(code, 'invalid', `${message} (at position ${position})`, { details: { position } });
}
