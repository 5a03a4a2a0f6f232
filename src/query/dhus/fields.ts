/**
 * DHuS's Solr fields (reference/dhus-sentinelsat.md §1.2, the attribute ↔ OpenSearch field table and the
 * core schema fields) mapped onto the catalogue: each field becomes filter-tree clauses over a product
 * property or a typed attribute. `text_general` fields match case-insensitively; `string` fields
 * (filename, identifier, uuid) exactly; `*` and `?` are wildcards in unquoted values.
 */
import { and, attribute, constant, eq, ge, gt, isNull, le, like, lt, not, or, prop, timestamp } from '../builders.ts';
import type { FieldRef, Filter } from '../filter.ts';
import { isUuid } from '../literals.ts';
import { evaluateDateMath } from './date-math.ts';
import { DHUS_QUERY_ERRORS, dhusQueryError } from './errors.ts';
import { footprintClause } from './footprint.ts';

export type FieldSpec =
  | { readonly kind: 'text'; readonly ref: FieldRef; readonly aliases?: Readonly<Record<string, string>> }
  | { readonly kind: 'date'; readonly ref: FieldRef }
  | { readonly kind: 'number'; readonly ref: FieldRef }
  | { readonly kind: 'uuid' | 'filename' | 'identifier' | 'footprint' };

const text = (name: string, aliases?: Record<string, string>): FieldSpec => ({
  kind: 'text',
  ref: attribute(name, 'String'),
  ...(aliases ? { aliases } : {}),
});

/** DHuS names Sentinel-5P "Sentinel-5 Precursor"; the catalogue's platformShortName is SENTINEL-5P. */
const PLATFORM_ALIASES = { 'sentinel-5 precursor': 'SENTINEL-5P' };

/** Field names are lowercased first (DHuS does, so sentinelsat's `beginPosition` works). */
export const DHUS_FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['platformname', text('platformShortName', PLATFORM_ALIASES)],
  ['instrumentshortname', text('instrumentShortName')],
  ['producttype', text('productType')],
  ['platformserialidentifier', text('platformSerialIdentifier')],
  ['orbitdirection', text('orbitDirection')],
  ['sensoroperationalmode', text('operationalMode')],
  ['polarisationmode', text('polarisationChannels')],
  ['swathidentifier', text('swathIdentifier')],
  ['processinglevel', text('processingLevel')],
  ['timeliness', text('timeliness')],
  ['tileid', text('tileId')],
  ['collection', { kind: 'text', ref: prop('collection') }],
  ['beginposition', { kind: 'date', ref: prop('sensingStart') }],
  ['date', { kind: 'date', ref: prop('sensingStart') }],
  ['endposition', { kind: 'date', ref: prop('sensingEnd') }],
  ['ingestiondate', { kind: 'date', ref: prop('publicationDate') }],
  ['creationdate', { kind: 'date', ref: prop('publicationDate') }],
  ['cloudcoverpercentage', { kind: 'number', ref: attribute('cloudCover', 'Double') }],
  ['orbitnumber', { kind: 'number', ref: attribute('orbitNumber', 'Integer') }],
  ['relativeorbitnumber', { kind: 'number', ref: attribute('relativeOrbitNumber', 'Integer') }],
  ['lastorbitnumber', { kind: 'number', ref: attribute('lastOrbitNumber', 'Integer') }],
  ['lastrelativeorbitnumber', { kind: 'number', ref: attribute('lastRelativeOrbitNumber', 'Integer') }],
  ['uuid', { kind: 'uuid' }],
  ['filename', { kind: 'filename' }],
  ['identifier', { kind: 'identifier' }],
  ['footprint', { kind: 'footprint' }],
]);

/** A value as written: `quoted` phrases take `*` and `?` literally. */
export interface TermValue {
  readonly text: string;
  readonly quoted: boolean;
  readonly position: number;
}
/** A range bound; null is `*` (open). */
export interface RangeBound {
  readonly text: string | null;
  readonly inclusive: boolean;
  readonly position: number;
}

const hasWildcard = (v: TermValue): boolean => !v.quoted && /[*?]/.test(v.text);

/** Lucene wildcards (`*` any run, `?` one character) as a LIKE pattern with `\` escapes. */
export function wildcardPattern(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&').replaceAll('*', '%').replaceAll('?', '_');
}

function invalid(what: string, v: { text: string | null; position: number }): Error {
  return dhusQueryError(DHUS_QUERY_ERRORS.DHUS_INVALID_VALUE, `${JSON.stringify((v.text ?? '*').slice(0, 60))} is not ${what}`, v.position);
}

function numberOf(v: { text: string | null; position: number }): number {
  const n = Number(v.text);
  if (v.text === null || v.text.trim() === '' || !Number.isFinite(n)) throw invalid('a number', v);
  return n;
}

/** `name` is the product's file name (X.SAFE); `identifier` is it without the extension (DHuS core fields). */
function nameClause(kind: 'filename' | 'identifier', v: TermValue): Filter {
  const name = prop('name');
  const pattern = hasWildcard(v) ? wildcardPattern(v.text) : null;
  if (kind === 'filename') return pattern === null ? eq(name, v.text) : like(name, pattern);
  const base = pattern ?? wildcardPattern(v.text);
  return pattern === null ? or(eq(name, v.text), like(name, `${base}.%`)) : or(like(name, base), like(name, `${base}.%`));
}

/** `field:value`; `field:*` means "has a value". */
export function termClause(spec: FieldSpec, v: TermValue, now: Date): Filter {
  if (!v.quoted && v.text === '*') return exists(spec);
  switch (spec.kind) {
    case 'text': {
      if (hasWildcard(v)) return like(spec.ref, wildcardPattern(v.text), { caseInsensitive: true });
      const value = spec.aliases?.[v.text.toLowerCase()] ?? v.text;
      return eq(spec.ref, value, { caseInsensitive: true });
    }
    case 'date':
      return eq(spec.ref, timestamp(evaluateDateMath(v.text, now, v.position)));
    case 'number':
      return eq(spec.ref, numberOf(v));
    case 'uuid':
      // uuid is a Solr string field: anything that is not a UUID matches nothing rather than failing.
      return isUuid(v.text) ? eq(prop('id'), v.text.toLowerCase()) : constant(false);
    case 'filename':
    case 'identifier':
      return nameClause(spec.kind, v);
    case 'footprint':
      return footprintClause(v.text, v.position);
  }
}

function exists(spec: FieldSpec): Filter {
  switch (spec.kind) {
    case 'text':
    case 'date':
    case 'number':
      return not(isNull(spec.ref));
    case 'footprint':
      return not(isNull(prop('footprint')));
    default:
      return constant(true);
  }
}

/** `field:[a TO b]`, `{a TO b}` or mixed; `*` leaves that end open (Lucene range query syntax). */
export function rangeClause(spec: FieldSpec, low: RangeBound, high: RangeBound, now: Date, position: number): Filter {
  if (spec.kind !== 'date' && spec.kind !== 'number') {
    throw dhusQueryError(DHUS_QUERY_ERRORS.DHUS_INVALID_VALUE, 'ranges are supported on date and number fields only', position);
  }
  const value = (b: RangeBound & { text: string }) =>
    spec.kind === 'date' ? timestamp(evaluateDateMath(b.text, now, b.position)) : numberOf(b);
  const parts: Filter[] = [];
  if (low.text !== null) parts.push((low.inclusive ? ge : gt)(spec.ref, value({ ...low, text: low.text })));
  if (high.text !== null) parts.push((high.inclusive ? le : lt)(spec.ref, value({ ...high, text: high.text })));
  if (parts.length === 0) return not(isNull(spec.ref));
  return parts.length === 1 ? (parts[0] as Filter) : and(...parts);
}
