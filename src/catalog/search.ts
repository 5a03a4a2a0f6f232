import type { AccessScope } from '../access/index.ts';
import { clientDataError, type Queryable } from '../db/index.ts';
import { buildCountQuery, buildSearchQuery, takePage, type Filter, type SortTerm } from '../query/index.ts';
import { FILES_COLUMN, filesOfColumn } from './product-files.ts';
import type { AttributeValueType } from '../metadata/types.ts';
import { PRODUCT_COLUMNS, PRODUCT_COLUMNS_WITHOUT_TYPES, rowToProduct, type ProductRow } from './products.ts';
import type { Product, ProductFile } from './types.ts';

export interface ProductSearch {
  /** What the caller may see (access/): required, so that no search forgets it. */
  scope: AccessScope;
  filter?: Filter | undefined;
  order?: readonly SortTerm[] | undefined;
  limit: number;
  /** Keyset paging: the previous page's nextCursor. */
  cursor?: string | undefined;
  /** With a cursor: the page just before the row the cursor was made from (a `prev` link). */
  backward?: boolean | undefined;
  /** Offset paging (OData $skip, OpenSearch startIndex). */
  offset?: number | undefined;
  /** Also count every match (OData $count, STAC numberMatched). */
  count?: boolean | undefined;
  /**
   * `exact` (the default) counts every match. `estimate` counts exactly only when that is cheap: when the
   * page itself holds every match, or when the planner expects fewer than `exactCountBelow` matches;
   * otherwise numberMatched is the planner's estimate and numberMatchedEstimated says so (STAC API
   * allows an approximate numberMatched; OData's $count is exact, so dialects choose).
   */
  countMode?: CountMode | undefined;
  /** Estimated matches below which `estimate` counts exactly anyway; 10,000 by default. */
  exactCountBelow?: number | undefined;
  cursorSecret?: string | undefined;
  /** Also read each product's files, in the same statement (ProductPage.files). */
  withFiles?: boolean | undefined;
  /**
   * The attribute types of the collection searched, when the caller keeps them (the STAC service caches
   * them): the statement then does not aggregate them again for every row, which cost PostgreSQL about a
   * quarter of search (a)'s time. Only for searches inside that one collection.
   */
  attributeTypes?: Readonly<Record<string, AttributeValueType>> | undefined;
}

export type CountMode = 'exact' | 'estimate';

export interface ProductPage {
  products: Product[];
  hasMore: boolean;
  nextCursor: string | null;
  /** The cursor, with `backward`, of the page before this one; null on the first page. */
  prevCursor: string | null;
  numberMatched?: number;
  /** With numberMatched: true when it is the planner's estimate, not a count. */
  numberMatchedEstimated?: boolean;
  /** With `withFiles`: the files of each product of the page, by product id, in path order. */
  files?: Map<string, ProductFile[]>;
}

const EXACT_COUNT_BELOW = 10_000;

/**
 * Runs a search in the one query model: every API dialect parses its request into a filter tree and
 * ends here, so that STAC, OData and OpenSearch cannot disagree on what matches.
 */
export async function searchProducts(db: Queryable, search: ProductSearch): Promise<ProductPage> {
  try {
    return await runSearch(db, search);
  } catch (error) {
    throw clientDataError(error);
  }
}

async function runSearch(db: Queryable, search: ProductSearch): Promise<ProductPage> {
  const q = buildSearchQuery({
    scope: search.scope,
    filter: search.filter,
    order: search.order,
    limit: search.limit,
    cursor: search.cursor,
    backward: search.backward,
    offset: search.offset,
    columns: `${search.attributeTypes === undefined ? PRODUCT_COLUMNS : PRODUCT_COLUMNS_WITHOUT_TYPES}${search.withFiles === true ? `, ${FILES_COLUMN}` : ''}`,
    cursorSecret: search.cursorSecret,
  });
  const estimate = search.count === true && search.countMode === 'estimate';
  const [rows, exact] = await Promise.all([
    db.query<ProductRow & Record<string, unknown>>(q.sql, q.params, q.genericPlan ? { plan: 'generic' } : undefined).then((r) => r.rows),
    search.count && !estimate ? countProducts(db, search) : Promise.resolve(undefined),
  ]);
  const page = takePage(rows, q);
  const counted = estimate
    ? await estimateCount(db, search, page.hasMore ? undefined : page.rows.length)
    : exact === undefined
      ? undefined
      : { n: exact, estimated: false };
  return {
    products: page.rows.map((row) => rowToProduct(row, search.attributeTypes)),
    hasMore: page.hasMore,
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
    ...(search.withFiles === true ? { files: new Map(page.rows.map((r) => [r.id, filesOfColumn(r['files'])])) } : {}),
    ...(counted === undefined ? {} : { numberMatched: counted.n, numberMatchedEstimated: counted.estimated }),
  };
}

/**
 * The count in `estimate` mode. A first page (no cursor) that holds the last match tells the count
 * outright; else EXPLAIN's row estimate decides whether counting is cheap enough.
 */
async function estimateCount(
  db: Queryable,
  search: Pick<ProductSearch, 'scope' | 'filter' | 'cursor' | 'offset' | 'exactCountBelow'>,
  lastPageRows: number | undefined,
): Promise<{ n: number; estimated: boolean }> {
  if (lastPageRows !== undefined && search.cursor === undefined) return { n: (search.offset ?? 0) + lastPageRows, estimated: false };
  const c = buildCountQuery(search.filter, search.scope);
  const r = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${c.sql}`, c.params);
  const rows = planRows(r.rows[0]?.['QUERY PLAN']);
  if (rows === undefined || rows < (search.exactCountBelow ?? EXACT_COUNT_BELOW))
    return { n: await countProducts(db, search), estimated: false };
  return { n: rows, estimated: true };
}

/**
 * How many products a scope sees, in `estimate` mode: exact below `exactCountBelow` expected rows, else the
 * planner's estimate (kept current by ANALYZE). For /health and status, which a load balancer may call every
 * few seconds: an exact count reads the whole table (a third of a second at 1 M products).
 */
export function countVisibleProducts(
  db: Queryable,
  scope: AccessScope,
  exactCountBelow = EXACT_COUNT_BELOW,
): Promise<{ n: number; estimated: boolean }> {
  return estimateCount(db, { scope, exactCountBelow }, undefined);
}

/** The rows the plan expects its scan to produce: under the count's Aggregate (and any Gather), the first input. */
function planRows(plan: unknown): number | undefined {
  const doc: unknown = typeof plan === 'string' ? JSON.parse(plan) : plan;
  let node = Array.isArray(doc) ? (doc[0] as { Plan?: unknown } | undefined)?.Plan : undefined;
  for (let depth = 0; depth < 8 && isPlanNode(node); depth++) {
    const child = node.Plans?.[0];
    if (!/Aggregate|Gather|Result/.test(node['Node Type']) || child === undefined) return Math.round(node['Plan Rows']);
    node = child;
  }
  return undefined;
}

interface PlanNode {
  'Node Type': string;
  'Plan Rows': number;
  Plans?: unknown[];
}

function isPlanNode(x: unknown): x is PlanNode {
  return typeof x === 'object' && x !== null && typeof (x as Record<string, unknown>)['Plan Rows'] === 'number';
}

async function countProducts(db: Queryable, search: Pick<ProductSearch, 'filter' | 'scope'>): Promise<number> {
  const c = buildCountQuery(search.filter, search.scope);
  const r = await db.query<{ count: number }>(c.sql, c.params);
  return Number(r.rows[0]?.count ?? 0);
}
