/**
 * CQL2 (OGC 21-065 CQL2 1.0, text and JSON encodings) as a dialect of the one filter tree. Both encodings
 * parse into one CQL2 AST (ast.ts; text-parser.ts and json-parser.ts, hand-written, as no CQL2 parser
 * exists on npm), which to-filter.ts maps onto the filter tree through the caller's PropertyResolver;
 * the tree is then validated, so every problem surfaces here as a HubError of kind `invalid`:
 * FILTER_SYNTAX (with the position) for input that is not CQL2, FILTER_UNSUPPORTED for valid CQL2 that
 * eohub does not evaluate (array functions, custom functions), and the query model's other codes.
 */
import type { Filter } from '../filter.ts';
import { validateFilter } from '../validate.ts';
import { parseCql2JsonAst } from './json-parser.ts';
import { parseCql2TextAst } from './text-parser.ts';
import { cql2ToFilter } from './to-filter.ts';

import type { PropertyResolver } from './ast.ts';

export type { Cql2Node, PropertyResolver, ResolvedProperty } from './ast.ts';
export { parseCql2JsonAst, parseCql2TextAst };

const CONF = 'http://www.opengis.net/spec/cql2/1.0/conf/';

/**
 * The CQL2 conformance class URIs that parse, compile and evaluate completely: every row of their
 * Abstract Test Suite passes on PGlite and PostgreSQL (test/query/cql2/ats.test.ts). Three
 * accent-insensitive-comparison rows are checked against the counts the test data really gives, as their
 * published figures contradict it (opengeospatial/ogcapi-features#1011; the test proves the difference).
 * Not declared: array-functions and functions (no array-valued queryables, no custom functions).
 */
export const CQL2_CONFORMANCE: readonly string[] = [
  'cql2-text',
  'cql2-json',
  'basic-cql2',
  'advanced-comparison-operators',
  'case-insensitive-comparison',
  'accent-insensitive-comparison',
  'basic-spatial-functions',
  'basic-spatial-functions-plus',
  'spatial-functions',
  'temporal-functions',
  'property-property',
  'arithmetic',
].map((c) => `${CONF}${c}`);

/** CQL2 text (filter-lang=cql2-text) to a validated filter tree. */
export function parseCql2Text(text: string, resolve: PropertyResolver): Filter {
  return validateFilter(cql2ToFilter(parseCql2TextAst(text), resolve));
}

/** CQL2 JSON (filter-lang=cql2-json), already JSON.parse'd, to a validated filter tree. */
export function parseCql2Json(doc: unknown, resolve: PropertyResolver): Filter {
  return validateFilter(cql2ToFilter(parseCql2JsonAst(doc), resolve));
}
