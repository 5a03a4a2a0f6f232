/**
 * Error codes of the resto (CDSE OpenSearch) parameter dialect, both kind `invalid`. `details.loc` names
 * the offending parameters, so that the resto error body can list them in `ErrorDetail` as CDSE does
 * (reference/cdse.md §2, "Errors").
 */
import { HubError } from '../../errors/index.ts';

export const RESTO_QUERY_ERRORS = {
  /** A parameter resto does not know (CDSE: 400 "Unknown query parameter(s)."). */
  RESTO_UNKNOWN_PARAMETER: 'RESTO_UNKNOWN_PARAMETER',
  /** A known parameter with a value of the wrong type or range (CDSE: 400 "Validation error."). */
  RESTO_INVALID_VALUE: 'RESTO_INVALID_VALUE',
} as const;

export type RestoQueryErrorCode = (typeof RESTO_QUERY_ERRORS)[keyof typeof RESTO_QUERY_ERRORS];

export interface RestoProblem {
  readonly param: string;
  readonly msg: string;
}

export function restoQueryError(code: RestoQueryErrorCode, message: string, problems: readonly RestoProblem[]): HubError {
  return new HubError(code, 'invalid', message, { details: { problems } });
}
