/**
 * The DHuS OpenSearch query dialect: `q` as ESA's Data Hub Software and sentinelsat write it (Solr
 * syntax over DHuS's fields, reference/dhus-sentinelsat.md §1.6, §2.3) parsed into the one filter tree.
 * Owns no tables, jobs or events; pure parsing. The `/dhus/` endpoints (src/dhus, api/dhus) use it.
 */
export { DHUS_QUERY_ERRORS, type DhusQueryErrorCode } from './errors.ts';
export { DHUS_FIELDS, type FieldSpec } from './fields.ts';
export { evaluateDateMath } from './date-math.ts';
export { MAX_DHUS_CLAUSES, MAX_DHUS_QUERY_DEPTH, MAX_DHUS_QUERY_LENGTH, parseDhusQuery, type DhusQueryOptions } from './parser.ts';
