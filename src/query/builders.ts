/**
 * Builders for filter trees, so that dialect parsers and tests read like the query they mean:
 *
 *   and(eq(prop('collection'), 'SENTINEL-2'), lt(attribute('cloudCover', 'Double'), 40),
 *       sIntersects(bbox(175, -10, -175, 10)), tIntersects(sensingInterval(), interval('2021-01-01', '..')))
 *
 * Plain JS values become literals by their type (string, number, boolean, null; a Date becomes a
 * timestamp). In temporal builders a string is a timestamp and `'..'` an open end.
 */
import type {
  ArithmeticExpr,
  ArithmeticOp,
  AttributeRef,
  AttributeType,
  Bbox,
  BboxLiteral,
  ComparisonFilter,
  ComparisonOp,
  Filter,
  GeoJsonGeometry,
  GeometryLiteral,
  Instant,
  Interval,
  PropertyName,
  PropertyRef,
  Scalar,
  SpatialOperand,
  SpatialRelation,
  StringMatchOp,
  TemporalOperand,
  TemporalRelation,
  TimestampLiteral,
  Unbounded,
} from './filter.ts';

export type ScalarInput = Scalar | string | number | boolean | null | Date;
export type InstantInput = Instant | string | Date;
export type TemporalInput = TemporalOperand | string | Date;
export type SpatialInput = SpatialOperand | GeoJsonGeometry;
interface CaseOption {
  caseInsensitive?: boolean;
  /** CQL2 ACCENTI: compare with diacritics removed (comparisons, IN and LIKE only). */
  accentInsensitive?: boolean;
}

function withOptions<T extends object>(node: T, options: CaseOption): T {
  return {
    ...node,
    ...(options.caseInsensitive ? { caseInsensitive: true } : {}),
    ...(options.accentInsensitive ? { accentInsensitive: true } : {}),
  };
}

/** CQL2 arithmetic: `arithmetic('+', prop('contentLength'), 1)`. */
export function arithmetic(op: ArithmeticOp, left: ScalarInput, right: ScalarInput): ArithmeticExpr {
  return { kind: 'arithmetic', op, left: literal(left), right: literal(right) };
}

export function prop(name: PropertyName): PropertyRef {
  return { kind: 'property', name };
}

export function attribute(name: string, type: AttributeType): AttributeRef {
  return { kind: 'attribute', name, type };
}

export function timestamp(value: string | Date): TimestampLiteral {
  return { kind: 'timestamp', value: typeof value === 'string' ? value : value.toISOString() };
}

export function literal(value: ScalarInput): Scalar {
  if (value === null) return { kind: 'null' };
  if (value instanceof Date) return timestamp(value);
  switch (typeof value) {
    case 'string':
      return { kind: 'string', value };
    case 'number':
      return { kind: 'number', value };
    case 'boolean':
      return { kind: 'boolean', value };
    default:
      return value;
  }
}

export function and(...args: Filter[]): Filter {
  return { op: 'and', args };
}

export function or(...args: Filter[]): Filter {
  return { op: 'or', args };
}

export function not(arg: Filter): Filter {
  return { op: 'not', arg };
}

export function constant(value: boolean): Filter {
  return { op: 'const', value };
}

export function compare(op: ComparisonOp, left: ScalarInput, right: ScalarInput, options: CaseOption = {}): ComparisonFilter {
  const node: ComparisonFilter = { op, left: literal(left), right: literal(right) };
  return withOptions(node, options);
}

export const eq = (left: ScalarInput, right: ScalarInput, options?: CaseOption): Filter => compare('eq', left, right, options);
export const ne = (left: ScalarInput, right: ScalarInput, options?: CaseOption): Filter => compare('ne', left, right, options);
export const lt = (left: ScalarInput, right: ScalarInput, options?: CaseOption): Filter => compare('lt', left, right, options);
export const le = (left: ScalarInput, right: ScalarInput, options?: CaseOption): Filter => compare('le', left, right, options);
export const gt = (left: ScalarInput, right: ScalarInput, options?: CaseOption): Filter => compare('gt', left, right, options);
export const ge = (left: ScalarInput, right: ScalarInput, options?: CaseOption): Filter => compare('ge', left, right, options);

export function inList(value: ScalarInput, list: readonly ScalarInput[], options: CaseOption = {}): Filter {
  return withOptions({ op: 'in' as const, value: literal(value), list: list.map(literal) }, options);
}

export function between(value: ScalarInput, low: ScalarInput, high: ScalarInput): Filter {
  return { op: 'between', value: literal(value), low: literal(low), high: literal(high) };
}

export function like(value: ScalarInput, pattern: string, options: CaseOption = {}): Filter {
  return withOptions({ op: 'like' as const, value: literal(value), pattern }, options);
}

function stringMatch(op: StringMatchOp, value: ScalarInput, text: string, options: CaseOption): Filter {
  const node = { op, value: literal(value), text };
  return options.caseInsensitive ? { ...node, caseInsensitive: true } : node;
}

export const contains = (value: ScalarInput, text: string, options: CaseOption = {}): Filter =>
  stringMatch('contains', value, text, options);
export const startsWith = (value: ScalarInput, text: string, options: CaseOption = {}): Filter =>
  stringMatch('startswith', value, text, options);
export const endsWith = (value: ScalarInput, text: string, options: CaseOption = {}): Filter =>
  stringMatch('endswith', value, text, options);

export function isNull(value: ScalarInput): Filter {
  return { op: 'isNull', value: literal(value) };
}

export function geometry(value: GeoJsonGeometry): GeometryLiteral {
  return { kind: 'geometry', geometry: value };
}

export function bbox(minLon: number, minLat: number, maxLon: number, maxLat: number): BboxLiteral {
  const box: Bbox = [minLon, minLat, maxLon, maxLat];
  return { kind: 'bbox', bbox: box };
}

function spatialOperand(value: SpatialInput): SpatialOperand {
  return 'kind' in value ? value : geometry(value);
}

export function spatial(relation: SpatialRelation, value: SpatialInput): Filter {
  return { op: 'spatial', relation, geometry: spatialOperand(value) };
}

/** `relation(left, right)` between two literals (CQL2 property-property). */
export function spatialBetween(relation: SpatialRelation, left: SpatialInput, right: SpatialInput): Filter {
  return { op: 'spatial', relation, geometry: spatialOperand(right), left: spatialOperand(left) };
}

export const sIntersects = (value: SpatialInput): Filter => spatial('intersects', value);
export const sDisjoint = (value: SpatialInput): Filter => spatial('disjoint', value);
export const sWithin = (value: SpatialInput): Filter => spatial('within', value);
export const sContains = (value: SpatialInput): Filter => spatial('contains', value);
export const sEquals = (value: SpatialInput): Filter => spatial('equals', value);
export const sTouches = (value: SpatialInput): Filter => spatial('touches', value);
export const sOverlaps = (value: SpatialInput): Filter => spatial('overlaps', value);
export const sCrosses = (value: SpatialInput): Filter => spatial('crosses', value);

export function dWithin(value: SpatialInput, distanceMeters: number): Filter {
  return { op: 'dwithin', geometry: spatialOperand(value), distanceMeters };
}

const UNBOUNDED: Unbounded = { kind: 'unbounded' };

function instant(value: InstantInput): Instant {
  return typeof value === 'string' || value instanceof Date ? timestamp(value) : value;
}

/** `interval('2021-01-01', '..')`: strings are timestamps, `'..'` is an open end (CQL2 /req/temporal-functions/temporal-predicates). */
export function interval(start: InstantInput | '..', end: InstantInput | '..'): Interval {
  return { kind: 'interval', start: start === '..' ? UNBOUNDED : instant(start), end: end === '..' ? UNBOUNDED : instant(end) };
}

/** The product's acquisition interval, sensing_start..sensing_end (OData ContentDate, STAC start/end_datetime). */
export function sensingInterval(): Interval {
  return interval(prop('sensingStart'), prop('sensingEnd'));
}

function temporalOperand(value: TemporalInput): TemporalOperand {
  return typeof value === 'string' || value instanceof Date ? timestamp(value) : value;
}

export function temporal(relation: TemporalRelation, left: TemporalInput, right: TemporalInput): Filter {
  return { op: 'temporal', relation, left: temporalOperand(left), right: temporalOperand(right) };
}

export const tAfter = (l: TemporalInput, r: TemporalInput): Filter => temporal('t_after', l, r);
export const tBefore = (l: TemporalInput, r: TemporalInput): Filter => temporal('t_before', l, r);
export const tContains = (l: TemporalInput, r: TemporalInput): Filter => temporal('t_contains', l, r);
export const tDisjoint = (l: TemporalInput, r: TemporalInput): Filter => temporal('t_disjoint', l, r);
export const tDuring = (l: TemporalInput, r: TemporalInput): Filter => temporal('t_during', l, r);
export const tEquals = (l: TemporalInput, r: TemporalInput): Filter => temporal('t_equals', l, r);
export const tFinishedBy = (l: TemporalInput, r: TemporalInput): Filter => temporal('t_finishedby', l, r);
export const tFinishes = (l: TemporalInput, r: TemporalInput): Filter => temporal('t_finishes', l, r);
export const tIntersects = (l: TemporalInput, r: TemporalInput): Filter => temporal('t_intersects', l, r);
export const tMeets = (l: TemporalInput, r: TemporalInput): Filter => temporal('t_meets', l, r);
export const tMetBy = (l: TemporalInput, r: TemporalInput): Filter => temporal('t_metby', l, r);
export const tOverlappedBy = (l: TemporalInput, r: TemporalInput): Filter => temporal('t_overlappedby', l, r);
export const tOverlaps = (l: TemporalInput, r: TemporalInput): Filter => temporal('t_overlaps', l, r);
export const tStartedBy = (l: TemporalInput, r: TemporalInput): Filter => temporal('t_startedby', l, r);
export const tStarts = (l: TemporalInput, r: TemporalInput): Filter => temporal('t_starts', l, r);
