/**
 * Query model: the one filter tree that every search dialect (STAC/CQL2, OData $filter, OpenSearch)
 * parses into, its validation, the one compiler from it to parameterised SQL over `products p`, ordering
 * by a closed set of sort keys, keyset and offset paging, and whole search/count statements. Owns no
 * tables, jobs or events: pure compilation, no database access. The catalogue runs the statements;
 * dialect parsers (later, beside this file) only build trees.
 */
export type {
  AndFilter,
  ArithmeticExpr,
  ArithmeticOp,
  AttributeRef,
  AttributeType,
  Bbox,
  BboxLiteral,
  BetweenFilter,
  ComparisonFilter,
  ComparisonOp,
  ConstantFilter,
  DistanceFilter,
  FieldRef,
  Filter,
  FilterOp,
  GeoJsonGeometry,
  GeometryLiteral,
  InFilter,
  Instant,
  Interval,
  IsNullFilter,
  LikeFilter,
  Literal,
  NotFilter,
  OrFilter,
  Position,
  PropertyName,
  PropertyRef,
  Scalar,
  SpatialFilter,
  SpatialOperand,
  SpatialRelation,
  StringMatchFilter,
  StringMatchOp,
  TemporalFilter,
  TemporalOperand,
  TemporalRelation,
  TimestampLiteral,
  Unbounded,
} from './filter.ts';
export {
  ARITHMETIC_OPS,
  ATTRIBUTE_TYPES,
  COMPARISON_OPS,
  PROPERTY_NAMES,
  SPATIAL_RELATIONS,
  STRING_MATCH_OPS,
  TEMPORAL_RELATIONS,
} from './filter.ts';
export * from './builders.ts';
export { QUERY_ERRORS, type QueryErrorCode } from './errors.ts';
export { validateFilter, MAX_DEPTH, MAX_NODES } from './validate.ts';
export { compileFilter } from './compile.ts';
export { PRODUCTS_ALIAS } from './columns.ts';
export { bboxGeometry, roundGeometry, unwrapGeometry, MAX_POSITIONS } from './geometry.ts';
export { normaliseTimestamp } from './literals.ts';
export { SORT_KEYS, compileOrder, normaliseOrder, type CompiledOrder, type SortDirection, type SortKey, type SortTerm } from './order.ts';
export {
  checkLimit,
  checkOffset,
  decodeCursor,
  encodeCursor,
  DEFAULT_PAGING_BOUNDS,
  type CursorValues,
  type PagingBounds,
} from './paging.ts';
export { scopeCondition } from './scope-sql.ts';
export { genericPlanCollection, OWN_INDEX_COLLECTIONS, MAX_BOX_DEGREES2, MAX_WINDOW_DAYS, type OwnIndexCollection } from './generic-plan.ts';
export {
  buildCountQuery,
  buildSearchQuery,
  cursorAfter,
  takePage,
  type Page,
  type SearchQuery,
  type SearchQueryInput,
} from './search-sql.ts';
export {
  CQL2_CONFORMANCE,
  parseCql2Json,
  parseCql2JsonAst,
  parseCql2Text,
  parseCql2TextAst,
  type Cql2Node,
  type PropertyResolver,
  type ResolvedProperty,
} from './cql2/index.ts';
export {
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  ODATA_PROPERTIES,
  ODATA_QUERY_ERRORS,
  ODATA_SORT_KEYS,
  parseODataFilter,
  parseODataOrderBy,
  type ODataNames,
  type ODataQueryErrorCode,
} from './odata/index.ts';
export {
  parseRestoQuery,
  RESTO_DEFAULT_RECORDS,
  RESTO_MAX_OFFSET,
  RESTO_MAX_RECORDS,
  RESTO_PARAMETER_NAMES,
  RESTO_QUERY_ERRORS,
  type RawRestoQuery,
  type RestoProblem,
  type RestoSearch,
} from './resto/index.ts';
export {
  DHUS_FIELDS,
  DHUS_QUERY_ERRORS,
  MAX_DHUS_QUERY_LENGTH,
  evaluateDateMath,
  parseDhusQuery,
  type DhusQueryErrorCode,
  type DhusQueryOptions,
} from './dhus/index.ts';
