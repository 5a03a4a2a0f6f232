/**
 * The OData dialect of the query model (CDSE §1.3–1.4): `$filter` and `$orderby` text → the filter tree
 * and sort terms. Owns no tables; parsing only, the catalogue compiles and runs the result.
 */
export { parseODataFilter, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from './parser.ts';
export { parseODataOrderBy } from './order.ts';
export { ODATA_QUERY_ERRORS, type ODataQueryErrorCode } from './errors.ts';
export { ODATA_PROPERTIES, ODATA_SORT_KEYS, type ODataNames } from './properties.ts';
