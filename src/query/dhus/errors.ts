/**
 * Error codes of the DHuS OpenSearch `q` dialect. All are kind `invalid`; `details.position` is the 0-based
 * offset in `q` where the problem was found. DHuS answers them inside a 200 feed (`feed.error`), as Solr's
 * SyntaxError and "undefined field" are (reference/dhus-sentinelsat.md §1.6); api/dhus renders that.
 */
import { HubError } from '../../errors/index.ts';

export const DHUS_QUERY_ERRORS = {
  /** Not the Solr/Lucene grammar DHuS accepts: a stray token, an unclosed parenthesis or quote. */
  DHUS_QUERY_SYNTAX: 'DHUS_QUERY_SYNTAX',
  /** A field that DHuS's Solr schema does not have (Solr: "undefined field x"). */
  DHUS_UNKNOWN_FIELD: 'DHUS_UNKNOWN_FIELD',
  /** A value that is not one of its field: a bad date or date math, a non-number, a bad footprint. */
  DHUS_INVALID_VALUE: 'DHUS_INVALID_VALUE',
  /** Longer (kind too_large), deeper or with more clauses than the parser's bounds. */
  DHUS_QUERY_TOO_COMPLEX: 'DHUS_QUERY_TOO_COMPLEX',
} as const;

export type DhusQueryErrorCode = (typeof DHUS_QUERY_ERRORS)[keyof typeof DHUS_QUERY_ERRORS];

/** Kind `invalid`, or `too_large` for a query longer than the parser reads (DHuS: 413 from Solr). */
export function dhusQueryError(code: DhusQueryErrorCode, message: string, position: number, kind: 'invalid' | 'too_large' = 'invalid'): HubError {
  return new HubError(code, kind, `${message} (at position ${position})`, { details: { position } });
}
