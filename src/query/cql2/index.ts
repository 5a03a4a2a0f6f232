/**
 * CQL2 (OGC 21-065, text and JSON encodings) as a dialect of the one filter tree. Interface only in
 * this commit: the parsers land with the CQL2 conformance work; until then every filter is refused as
 * unsupported and no CQL2 conformance class is declared.
 */
import type { FieldRef, Filter } from '../filter.ts';
import { QUERY_ERRORS, queryError } from '../errors.ts';

export type ResolvedProperty = FieldRef | { readonly kind: 'footprint' };
/** Maps a queryable name to a catalogue field; throws HubError FILTER_UNKNOWN_PROPERTY for unknown names. */
export type PropertyResolver = (name: string) => ResolvedProperty;

/** The CQL2 conformance class URIs that parse, compile and evaluate completely. */
export const CQL2_CONFORMANCE: readonly string[] = [];

export function parseCql2Text(_text: string, _resolve: PropertyResolver): Filter {
  throw queryError(QUERY_ERRORS.FILTER_UNSUPPORTED, 'CQL2 filters are not supported yet');
}

export function parseCql2Json(_doc: unknown, _resolve: PropertyResolver): Filter {
  throw queryError(QUERY_ERRORS.FILTER_UNSUPPORTED, 'CQL2 filters are not supported yet');
}
