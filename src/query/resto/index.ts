/**
 * The resto dialect (CDSE OpenSearch, reference/cdse.md §2): query parameters → the one filter tree,
 * ordering and offset paging. Owns no tables; pure parsing. Presentation is in src/resto/.
 */
export { RESTO_QUERY_ERRORS, type RestoProblem, type RestoQueryErrorCode } from './errors.ts';
export { parseInterval } from './intervals.ts';
export {
  parseRestoQuery,
  RESTO_DEFAULT_RECORDS,
  RESTO_MAX_OFFSET,
  RESTO_MAX_RECORDS,
  RESTO_NUMBER_ATTRIBUTES,
  RESTO_PARAMETER_NAMES,
  RESTO_STRING_ATTRIBUTES,
  type RawRestoQuery,
  type RestoSearch,
} from './params.ts';
