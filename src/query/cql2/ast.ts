/**
 * The one CQL2 abstract syntax tree both encodings parse into (OGC 21-065 CQL2 1.0). It follows the JSON
 * encoding's shapes (cql2.json): every operator, predicate and function is `op` + `args` with the operator
 * name in lower case (`=`, `like`, `isNull`, `s_intersects`, `+`, `casei`, a custom function's own name);
 * text-only sugar is desugared on the way in (`a NOT LIKE b` is `not(like(a, b))`, `IS NOT NULL` is
 * `not(isNull(x))`, `-x` on a non-literal is `*(-1, x)`). Two filters meaning the same thing in the two
 * encodings therefore give deep-equal trees, which is what the equivalence tests compare.
 */
import { TEMPORAL_RELATIONS, type FieldRef, type GeoJsonGeometry } from '../filter.ts';
import { QUERY_ERRORS, queryError } from '../errors.ts';

export type Cql2Node =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'property'; readonly name: string }
  | { readonly kind: 'date'; readonly value: string }
  | { readonly kind: 'timestamp'; readonly value: string }
  /** INTERVAL(a, b): each end is a date or timestamp string, `'..'`, a property or a function. */
  | { readonly kind: 'interval'; readonly start: Cql2Node; readonly end: Cql2Node }
  | { readonly kind: 'bbox'; readonly bbox: readonly number[] }
  | { readonly kind: 'geometry'; readonly geometry: GeoJsonGeometry }
  | { readonly kind: 'array'; readonly items: readonly Cql2Node[] }
  | { readonly kind: 'op'; readonly op: string; readonly args: readonly Cql2Node[] };

export type ResolvedProperty = FieldRef | { readonly kind: 'footprint' };
/** Maps a queryable name to a catalogue field; throws HubError FILTER_UNKNOWN_PROPERTY for unknown names. */
export type PropertyResolver = (name: string) => ResolvedProperty;

/** Lower-cased names of the operators and functions CQL2 1.0 defines; anything else called is a custom function. */
export const LOGICAL_OPS = ['and', 'or', 'not'] as const;
export const COMPARISON_OPS = ['=', '<>', '<', '<=', '>', '>='] as const;
export const ARITHMETIC_OPS = ['+', '-', '*', '/', '%', 'div', '^'] as const;
export const SPATIAL_FUNCTIONS = [
  's_intersects',
  's_equals',
  's_disjoint',
  's_touches',
  's_within',
  's_overlaps',
  's_crosses',
  's_contains',
] as const;
/** CQL2's T_* functions are exactly the filter tree's temporal relations (filter.ts). */
export const TEMPORAL_FUNCTIONS = TEMPORAL_RELATIONS;
export const ARRAY_FUNCTIONS = ['a_equals', 'a_contains', 'a_containedby', 'a_overlaps'] as const;

/** Operators whose names are matched case-insensitively in the text encoding and stored lower-cased. */
export const STANDARD_NAMES: ReadonlySet<string> = new Set([
  ...SPATIAL_FUNCTIONS,
  ...TEMPORAL_FUNCTIONS,
  ...ARRAY_FUNCTIONS,
  'casei',
  'accenti',
]);

/** Longest filter text or JSON string the parsers read: far above any real query, bounded for the lexer. */
export const MAX_TEXT_CHARS = 200_000;

export function syntaxError(message: string, details: Record<string, unknown>): Error {
  return queryError(QUERY_ERRORS.FILTER_SYNTAX, message, details);
}

/**
 * One spelling per instant in the AST, so that equal filters compare equal across encodings: a fraction
 * of a second loses its trailing zeros (`05:30:00.000000Z` is `05:30:00Z`, as the standard's own example
 * pairs write it). Anything else is left for validation to judge.
 */
export function canonicalInstant(value: string): string {
  return value.replace(
    /^(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})\.(\d*?)0*([Zz]|[+-]\d{2}:\d{2})$/,
    (_m, head: string, frac: string, zone: string) => (frac === '' ? `${head}${zone}` : `${head}.${frac}${zone}`),
  );
}
