/**
 * The one filter tree (DESIGN.md, "One query model"). CQL2 (text and JSON), OData `$filter` and the
 * OpenSearch parameters each parse into this tree; compile.ts is the only place that gives it meaning
 * in SQL, so that the dialects cannot drift apart.
 *
 * The tree is plain JSON data (no classes, no Dates): a subscription can store it, and validateFilter
 * revives it from anything. Builders for writing trees by hand are in builders.ts.
 *
 * How the dialects map onto it:
 * - CQL2 1.0 (requirements classes basic-cql2, advanced-comparison-operators): comparisons, IS NULL,
 *   LIKE/BETWEEN/IN; CASEI (case-insensitive-comparison) as `caseInsensitive`, ACCENTI
 *   (accent-insensitive-comparison) as `accentInsensitive`; `+ - * / % div ^` (arithmetic) as the
 *   `arithmetic` scalar; S_* (spatial-functions) as `spatial` with the footprint on the left (cql2/to-filter.ts
 *   swaps S_WITHIN/S_CONTAINS when the literal is on the left); T_* (temporal-functions) as `temporal`,
 *   either way round. Parsers and translation are in cql2/.
 * - OData: `eq ne lt le gt ge`, `in`, `contains/startswith/endswith` (OData 4.01 URL Conventions, String
 *   and Collection Functions), `OData.CSC.Intersects(area=...)` as `spatial` intersects, and each lambda
 *   `Attributes/OData.CSC.DoubleAttribute/any(att:att/Name eq 'cloudCover' and att/OData.CSC.DoubleAttribute/Value lt 40)`
 *   as a comparison on a typed attribute, `lt(attribute('cloudCover', 'Double'), 40)` (CDSE §1.4).
 * - OpenSearch: equality and intervals (`[a,b[` = ge + lt, `{a,b}` = in), `box` as a bbox,
 *   `lon/lat/radius` as `dwithin`, `startDate/completionDate` as comparisons on the sensing times.
 */

/** The catalogue fields a filter may name: a closed set, mapped to columns in columns.ts only. */
export const PROPERTY_NAMES = [
  'id',
  'name',
  'collection',
  'contentType',
  'contentLength',
  'originDate',
  'publicationDate',
  'modificationDate',
  'sensingStart',
  'sensingEnd',
  'footprint',
  'online',
  'evictionDate',
] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

/** The value types of product attributes, as in the attribute_types table and OData (CDSE §1.2). */
export const ATTRIBUTE_TYPES = ['String', 'Integer', 'Double', 'DateTimeOffset', 'Boolean'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export interface PropertyRef {
  readonly kind: 'property';
  readonly name: PropertyName;
}

/**
 * A product attribute (`attributes` jsonb). The type says how the stored JSON value is read; a stored
 * value of another JSON type reads as NULL (unknown), so it matches neither a predicate nor its negation.
 */
export interface AttributeRef {
  readonly kind: 'attribute';
  readonly name: string;
  readonly type: AttributeType;
}

export type FieldRef = PropertyRef | AttributeRef;

export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
}
export interface NumberLiteral {
  readonly kind: 'number';
  readonly value: number;
}
export interface BooleanLiteral {
  readonly kind: 'boolean';
  readonly value: boolean;
}
/** An RFC 3339 instant; a date alone means midnight UTC and a missing zone means UTC (as CDSE, §1.2). */
export interface TimestampLiteral {
  readonly kind: 'timestamp';
  readonly value: string;
}
/** OData's `null`: `eq null` is IS NULL, `ne null` IS NOT NULL, ordering against null is false (OData 4.01 URL Conventions, Logical Operators). */
export interface NullLiteral {
  readonly kind: 'null';
}

export type Literal = StringLiteral | NumberLiteral | BooleanLiteral | TimestampLiteral | NullLiteral;

/**
 * CQL2 arithmetic (/req/arithmetic): `+ - * /`, `%` (remainder), `div` (integer division, truncating) and `^`
 * (power) on numbers. A division by a literal zero is refused when the tree is validated; a zero met at
 * run time (`x / y`) surfaces as PostgreSQL's division_by_zero, SQLSTATE 22012, which db/errors.ts maps to
 * kind `invalid`.
 */
export const ARITHMETIC_OPS = ['+', '-', '*', '/', '%', 'div', '^'] as const;
export type ArithmeticOp = (typeof ARITHMETIC_OPS)[number];
export interface ArithmeticExpr {
  readonly kind: 'arithmetic';
  readonly op: ArithmeticOp;
  readonly left: Scalar;
  readonly right: Scalar;
}

export type Scalar = FieldRef | Literal | ArithmeticExpr;

/** A GeoJSON position: [lon, lat] or [lon, lat, height] in WGS 84 (RFC 7946 §3.1.1). */
export type Position = readonly number[];

export type GeoJsonGeometry =
  | { readonly type: 'Point'; readonly coordinates: Position }
  | { readonly type: 'MultiPoint'; readonly coordinates: readonly Position[] }
  | { readonly type: 'LineString'; readonly coordinates: readonly Position[] }
  | { readonly type: 'MultiLineString'; readonly coordinates: readonly (readonly Position[])[] }
  | { readonly type: 'Polygon'; readonly coordinates: readonly (readonly Position[])[] }
  | { readonly type: 'MultiPolygon'; readonly coordinates: readonly (readonly (readonly Position[])[])[] }
  | { readonly type: 'GeometryCollection'; readonly geometries: readonly GeoJsonGeometry[] };

/**
 * Edges are taken the shorter way round the globe, as the stored footprints (catalog/footprint.ts) and
 * OData's `geography` literals: a polygon from lon 175 to -175 crosses the antimeridian; a ring that goes
 * once around the globe encloses a pole.
 */
export interface GeometryLiteral {
  readonly kind: 'geometry';
  readonly geometry: GeoJsonGeometry;
}

/** [minLon, minLat, maxLon, maxLat]; minLon > maxLon crosses the antimeridian (STAC API item search, RFC 7946 §5.2). */
export type Bbox = readonly [number, number, number, number];
export interface BboxLiteral {
  readonly kind: 'bbox';
  readonly bbox: Bbox;
}

export type SpatialOperand = GeometryLiteral | BboxLiteral;

/** An open end of an interval (CQL2 `'..'`, STAC `datetime=2021-01-01T00:00:00Z/..`). */
export interface Unbounded {
  readonly kind: 'unbounded';
}
/** A timestamp-valued field (a date property or a DateTimeOffset attribute) or a timestamp literal. */
export type Instant = FieldRef | TimestampLiteral;
/**
 * A closed interval [start, end] (CQL2 INTERVAL, /req/temporal-functions/temporal-predicates). Built from two fields, a NULL end reads as the
 * start: a product with a sensing start and no end is an instant.
 */
export interface Interval {
  readonly kind: 'interval';
  readonly start: Instant | Unbounded;
  readonly end: Instant | Unbounded;
}
export type TemporalOperand = Instant | Interval;

export const COMPARISON_OPS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

export const STRING_MATCH_OPS = ['contains', 'startswith', 'endswith'] as const;
export type StringMatchOp = (typeof STRING_MATCH_OPS)[number];

/** The footprint is the left operand: `relation(footprint, literal)` (CQL2 /req/spatial-functions/spatial-functions: DE-9IM, as PostGIS). */
export const SPATIAL_RELATIONS = ['intersects', 'disjoint', 'within', 'contains', 'equals', 'touches', 'overlaps', 'crosses'] as const;
export type SpatialRelation = (typeof SPATIAL_RELATIONS)[number];

/** CQL2 1.0 /req/temporal-functions/temporal-functions (Allen's interval relations). */
export const TEMPORAL_RELATIONS = [
  't_after',
  't_before',
  't_contains',
  't_disjoint',
  't_during',
  't_equals',
  't_finishedby',
  't_finishes',
  't_intersects',
  't_meets',
  't_metby',
  't_overlappedby',
  't_overlaps',
  't_startedby',
  't_starts',
] as const;
export type TemporalRelation = (typeof TEMPORAL_RELATIONS)[number];

export interface AndFilter {
  readonly op: 'and';
  readonly args: readonly Filter[];
}
export interface OrFilter {
  readonly op: 'or';
  readonly args: readonly Filter[];
}
export interface NotFilter {
  readonly op: 'not';
  readonly arg: Filter;
}
/** TRUE / FALSE (CQL2 booleanLiteral as a predicate; also the empty filter). */
export interface ConstantFilter {
  readonly op: 'const';
  readonly value: boolean;
}
export interface ComparisonFilter {
  readonly op: ComparisonOp;
  readonly left: Scalar;
  readonly right: Scalar;
  /** CQL2 CASEI on both sides (/req/case-insensitive-comparison/casei-function): strings compare lower-cased. */
  readonly caseInsensitive?: boolean;
  /** CQL2 ACCENTI on both sides (/req/accent-insensitive-comparison/accenti-function): strings compare with diacritics removed (unaccent). */
  readonly accentInsensitive?: boolean;
}
export interface InFilter {
  readonly op: 'in';
  readonly value: Scalar;
  readonly list: readonly Scalar[];
  readonly caseInsensitive?: boolean;
  readonly accentInsensitive?: boolean;
}
export interface BetweenFilter {
  readonly op: 'between';
  readonly value: Scalar;
  readonly low: Scalar;
  readonly high: Scalar;
}
/**
 * CQL2 LIKE (/req/advanced-comparison-operators/like-predicate): `%` matches any run of characters, `_` exactly one, `\` escapes the next
 * character (`\%`, `\_`, `\\`); a pattern ending in a lone `\` is invalid. Case-sensitive unless
 * `caseInsensitive` (CQL2 CASEI around the pattern).
 */
export interface LikeFilter {
  readonly op: 'like';
  readonly value: Scalar;
  readonly pattern: string;
  readonly caseInsensitive?: boolean;
  readonly accentInsensitive?: boolean;
}
/** OData contains/startswith/endswith (OData 4.01 URL Conventions, String and Collection Functions): `text` is literal, wildcards have no meaning. */
export interface StringMatchFilter {
  readonly op: StringMatchOp;
  readonly value: Scalar;
  readonly text: string;
  readonly caseInsensitive?: boolean;
}
export interface IsNullFilter {
  readonly op: 'isNull';
  readonly value: Scalar;
}
export interface SpatialFilter {
  readonly op: 'spatial';
  readonly relation: SpatialRelation;
  readonly geometry: SpatialOperand;
  /**
   * The left operand when it is a literal too (CQL2 property-property allows `S_INTERSECTS(POINT(..), BBOX(..))`):
   * `relation(left, geometry)`. Absent, the footprint is the left operand.
   */
  readonly left?: SpatialOperand;
}
/** Footprint within `distanceMeters` of the geometry on the WGS 84 spheroid (OpenSearch lon/lat/radius). */
export interface DistanceFilter {
  readonly op: 'dwithin';
  readonly geometry: SpatialOperand;
  readonly distanceMeters: number;
}
export interface TemporalFilter {
  readonly op: 'temporal';
  readonly relation: TemporalRelation;
  readonly left: TemporalOperand;
  readonly right: TemporalOperand;
}

export type Filter =
  | AndFilter
  | OrFilter
  | NotFilter
  | ConstantFilter
  | ComparisonFilter
  | InFilter
  | BetweenFilter
  | LikeFilter
  | StringMatchFilter
  | IsNullFilter
  | SpatialFilter
  | DistanceFilter
  | TemporalFilter;

export type FilterOp = Filter['op'];
