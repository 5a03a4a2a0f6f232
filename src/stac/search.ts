/**
 * A validated STAC search request → one filter tree + ordering → searchProducts → an ItemCollection's
 * content (STAC API item-search, with the filter, sort, fields, query and free-text extensions). The HTTP
 * layer parses GET and POST into StacSearchRequest and builds the links from the tokens returned here.
 *
 * Paging tokens are `n.<cursor>` (the page after a row) and `p.<cursor>` (the page before one): keyset
 * cursors, so pages neither repeat nor skip rows when products are inserted between requests.
 * numberMatched is counted with countMode `estimate`: exact when cheap (under 10,000 estimated matches,
 * or when the first page holds every match), otherwise the planner's estimate, and then the collection
 * says so with `"eohub:numberMatchedEstimated": true`.
 */
import type { AccessScope } from '../access/index.ts';
import { searchProducts, type AttributeValueType, type Product, type ProductFile } from '../catalog/index.ts';
import type { Queryable } from '../db/index.ts';
import {
  and,
  bbox,
  contains,
  CQL2_CONFORMANCE,
  endsWith,
  geometry,
  inList,
  interval,
  or,
  parseCql2Json,
  parseCql2Text,
  prop,
  sensingInterval,
  sIntersects,
  startsWith,
  tIntersects,
  timestamp,
  type FieldRef,
  type Filter,
  type GeoJsonGeometry,
  type Scalar,
  type SortTerm,
} from '../query/index.ts';
import { rewriteDerived } from './derived.ts';
import { STAC_ERRORS, stacError } from './errors.ts';
import type { FieldsSpec } from './fields.ts';
import { parseBbox, parseDatetime } from './params.ts';
import type { StacQueryables } from './queryables.ts';

export interface StacSearchRequest {
  collections?: readonly string[] | undefined;
  ids?: readonly string[] | undefined;
  bbox?: readonly number[] | undefined;
  intersects?: unknown;
  datetime?: string | undefined;
  /** Already checked and clamped (params.ts parseLimit). */
  limit: number;
  sortby?: readonly { field: string; direction: 'asc' | 'desc' }[] | undefined;
  fields?: FieldsSpec | undefined;
  query?: Readonly<Record<string, unknown>> | undefined;
  /** Free-text terms (OR). */
  q?: readonly string[] | undefined;
  /** CQL2 text (a string) or CQL2 JSON (an object). */
  filter?: unknown;
  filterLang?: string | undefined;
  filterCrs?: string | undefined;
  token?: string | undefined;
}

export interface StacSearchResult {
  products: { product: Product; files: ProductFile[] }[];
  numberMatched: number | undefined;
  numberMatchedEstimated: boolean;
  nextToken: string | null;
  prevToken: string | null;
}

const CRS84 = ['http://www.opengis.net/def/crs/OGC/1.3/CRS84', 'http://www.opengis.net/def/crs/EPSG/0/4326', 'EPSG:4326'];

const DATE_PROPERTIES = new Set(['originDate', 'publicationDate', 'modificationDate', 'sensingStart', 'sensingEnd', 'evictionDate']);

function isTimeField(ref: FieldRef): boolean {
  return ref.kind === 'property' ? DATE_PROPERTIES.has(ref.name) : ref.type === 'DateTimeOffset';
}

function literalFor(ref: FieldRef, value: unknown, where: string): Scalar {
  if (typeof value === 'string') return isTimeField(ref) ? timestamp(value) : { kind: 'string', value };
  if (typeof value === 'number' && Number.isFinite(value)) return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  throw stacError(STAC_ERRORS.INVALID_PARAMETER, `query: ${where} needs a string, number or boolean`);
}

const QUERY_OPS = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'startsWith', 'endsWith', 'contains', 'in'] as const;
const COMPARE: Record<string, 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'> = { eq: 'eq', neq: 'ne', lt: 'lt', lte: 'le', gt: 'gt', gte: 'ge' };

/** The query extension's object (`{"eo:cloud_cover": {"lt": 20}}`) as a conjunction. */
export function queryToFilter(query: Readonly<Record<string, unknown>>, queryables: StacQueryables): Filter[] {
  const out: Filter[] = [];
  for (const [name, ops] of Object.entries(query)) {
    const resolved = queryables.resolve(name);
    if (resolved.kind === 'footprint') throw stacError(STAC_ERRORS.INVALID_PARAMETER, 'query: use intersects or bbox for the geometry');
    if (typeof ops !== 'object' || ops === null || Array.isArray(ops)) {
      throw stacError(STAC_ERRORS.INVALID_PARAMETER, `query: ${name} needs an object of operators`);
    }
    for (const [op, value] of Object.entries(ops as Record<string, unknown>)) {
      const where = `${name}.${op}`;
      if (!(QUERY_OPS as readonly string[]).includes(op))
        throw stacError(STAC_ERRORS.INVALID_PARAMETER, `query: unknown operator ${JSON.stringify(op.slice(0, 40))}`);
      if (op === 'in') {
        if (!Array.isArray(value) || value.length === 0 || value.length > 1000)
          throw stacError(STAC_ERRORS.INVALID_PARAMETER, `query: ${where} needs a list`);
        out.push({ op: 'in', value: resolved, list: value.map((v: unknown) => literalFor(resolved, v, where)) });
      } else if (op === 'startsWith' || op === 'endsWith' || op === 'contains') {
        if (typeof value !== 'string') throw stacError(STAC_ERRORS.INVALID_PARAMETER, `query: ${where} needs a string`);
        out.push(
          op === 'contains' ? contains(resolved, value) : op === 'startsWith' ? startsWith(resolved, value) : endsWith(resolved, value),
        );
      } else {
        out.push({ op: COMPARE[op] ?? 'eq', left: resolved, right: literalFor(resolved, value, where) });
      }
    }
  }
  return out;
}

function cql2Filter(req: StacSearchRequest, queryables: StacQueryables): Filter {
  if (req.filterCrs !== undefined && !CRS84.includes(req.filterCrs)) {
    throw stacError(STAC_ERRORS.UNSUPPORTED_FILTER, 'filter-crs: only WGS 84 (CRS84 / EPSG:4326) is supported');
  }
  const lang = req.filterLang ?? (typeof req.filter === 'string' ? 'cql2-text' : 'cql2-json');
  if (lang === 'cql2-text') {
    if (typeof req.filter !== 'string') throw stacError(STAC_ERRORS.INVALID_PARAMETER, 'filter: cql2-text is a string');
    return parseCql2Text(req.filter, queryables.resolve);
  }
  if (lang === 'cql2-json') {
    let doc = req.filter;
    if (typeof doc === 'string') {
      try {
        doc = JSON.parse(doc) as unknown;
      } catch {
        throw stacError(STAC_ERRORS.INVALID_PARAMETER, 'filter: not a CQL2 JSON document');
      }
    }
    return parseCql2Json(doc, queryables.resolve);
  }
  throw stacError(STAC_ERRORS.UNSUPPORTED_FILTER, `filter-lang: ${JSON.stringify(lang.slice(0, 40))} is not cql2-text or cql2-json`);
}

/** The request's predicates as one tree (its members are ANDed; STAC API item-search). */
export function searchFilter(req: StacSearchRequest, queryables: StacQueryables): Filter | undefined {
  const parts: Filter[] = [];
  if (req.bbox !== undefined && req.intersects !== undefined) {
    throw stacError(STAC_ERRORS.BBOX_WITH_INTERSECTS, 'bbox and intersects cannot be used together');
  }
  if (req.collections !== undefined && req.collections.length > 0) parts.push(inList(prop('collection'), [...req.collections]));
  if (req.ids !== undefined && req.ids.length > 0) parts.push(inList(prop('name'), [...req.ids]));
  if (req.bbox !== undefined) {
    const [w, s, e, n] = parseBbox(req.bbox);
    parts.push(sIntersects(bbox(w, s, e, n)));
  }
  if (req.intersects !== undefined) {
    if (typeof req.intersects !== 'object' || req.intersects === null || !('type' in req.intersects)) {
      throw stacError(STAC_ERRORS.INVALID_PARAMETER, 'intersects: a GeoJSON geometry');
    }
    // The query model validates the geometry (validateFilter) and answers FILTER_INVALID_GEOMETRY.
    parts.push(sIntersects(geometry(req.intersects as GeoJsonGeometry)));
  }
  if (req.datetime !== undefined) {
    const { start, end } = parseDatetime(req.datetime);
    const range = start !== null && start === end ? timestamp(start) : interval(start ?? '..', end ?? '..');
    parts.push(tIntersects(sensingInterval(), range));
  }
  if (req.q !== undefined && req.q.length > 0) {
    parts.push(or(...req.q.map((term) => contains(prop('name'), term, { caseInsensitive: true }))));
  }
  if (req.query !== undefined) parts.push(...queryToFilter(req.query, queryables));
  if (req.filter !== undefined) parts.push(cql2Filter(req, queryables));
  if (parts.length === 0) return undefined;
  return rewriteDerived(parts.length === 1 ? (parts[0] as Filter) : and(...parts));
}

export function searchOrder(req: StacSearchRequest, queryables: StacQueryables): SortTerm[] | undefined {
  if (req.sortby === undefined || req.sortby.length === 0) return undefined;
  return req.sortby.flatMap((s) => queryables.sortKeys(s.field).map((key) => ({ key, direction: s.direction })));
}

function readToken(token: string): { cursor: string; backward: boolean } {
  const m = /^([np])\.(.+)$/.exec(token);
  if (!m) throw stacError(STAC_ERRORS.INVALID_TOKEN, 'token: not a paging token of this hub');
  return { cursor: m[2] as string, backward: m[1] === 'p' };
}

export async function runSearch(
  db: Queryable,
  scope: AccessScope,
  req: StacSearchRequest,
  queryables: StacQueryables,
  cursorSecret?: string,
  /** The attribute types of the one collection searched, when the caller holds them (searchProducts). */
  attributeTypes?: Readonly<Record<string, AttributeValueType>>,
): Promise<StacSearchResult> {
  const filter = searchFilter(req, queryables);
  const order = searchOrder(req, queryables);
  const token = req.token === undefined || req.token === '' ? undefined : readToken(req.token);
  const page = await searchProducts(db, {
    scope,
    filter,
    order,
    limit: req.limit,
    cursor: token?.cursor,
    backward: token?.backward,
    count: true,
    countMode: 'estimate',
    cursorSecret,
    withFiles: true,
    attributeTypes,
  });
  return {
    products: page.products.map((product) => ({ product, files: page.files?.get(product.id) ?? [] })),
    numberMatched: page.numberMatched,
    numberMatchedEstimated: page.numberMatchedEstimated === true,
    nextToken: page.nextCursor === null ? null : `n.${page.nextCursor}`,
    prevToken: page.prevCursor === null ? null : `p.${page.prevCursor}`,
  };
}

/** Whether CQL2 filters work in this build (the filter conformance classes are declared only then). */
export const filterSupported = (): boolean => CQL2_CONFORMANCE.length > 0;
