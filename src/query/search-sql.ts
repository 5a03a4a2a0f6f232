/**
 * Whole search statements over `products p`: filter + ordering + a page. The catalogue's search function
 * runs them and shapes the rows; the dialects never see SQL.
 *
 *   const q = buildSearchQuery({ filter, order, limit: 20, cursor, columns: PRODUCT_COLUMNS });
 *   const page = takePage((await db.query(q.sql, q.params)).rows, q); // { rows, hasMore, nextCursor }
 */
import type { AccessScope } from '../access/index.ts';
import type { Filter } from './filter.ts';
import { PRODUCTS_ALIAS } from './columns.ts';
import { compileFilter } from './compile.ts';
import { genericPlanCollection } from './generic-plan.ts';
import { QUERY_ERRORS, queryError } from './errors.ts';
import { compileOrder, type CompiledOrder, type SortTerm } from './order.ts';
import {
  checkLimit,
  checkOffset,
  decodeCursor,
  DEFAULT_PAGING_BOUNDS,
  encodeCursor,
  keysetBeforePredicate,
  keysetPredicate,
  type PagingBounds,
} from './paging.ts';
import { paramList } from './params.ts';
import { scopeCondition } from './scope-sql.ts';

export interface SearchQueryInput {
  /** What the caller may see (access/): its hidden collections never match. Required, so no search forgets it. */
  readonly scope: AccessScope;
  readonly filter?: Filter | undefined;
  /** Defaults to `id` ascending; `id` is always appended as the final tie-breaker. */
  readonly order?: readonly SortTerm[] | undefined;
  /** Rows per page; the statement fetches one more to tell whether another page follows. */
  readonly limit: number;
  /** Keyset paging: the `nextCursor` of the previous page. Exclusive with a non-zero offset. */
  readonly cursor?: string | undefined;
  /** Offset paging. */
  readonly offset?: number | undefined;
  /**
   * Page backwards: the rows just before `cursor` (a cursor made from the first row of a later page),
   * fetched in the reversed order and handed back by takePage in the normal order. Needs a cursor.
   */
  readonly backward?: boolean | undefined;
  /**
   * The select list over `products p`, written in code (catalog's PRODUCT_COLUMNS, say), never taken from
   * a request. Defaults to `p.id`. The sort values are added as `_sort_0`, `_sort_1`, ...
   */
  readonly columns?: string | undefined;
  readonly bounds?: PagingBounds | undefined;
  /** Signs cursors (HMAC-SHA-256) so that clients cannot forge positions; see paging.ts. */
  readonly cursorSecret?: string | undefined;
}

export interface SearchQuery {
  readonly sql: string;
  readonly params: unknown[];
  readonly limit: number;
  readonly order: CompiledOrder;
  readonly cursorSecret: string | undefined;
  readonly backward: boolean;
  /** Whether the page was asked for with a cursor: then a page before it exists. */
  readonly afterCursor: boolean;
  /**
   * One generic plan serves this statement for any parameter values (generic-plan.ts): run it with
   * `{ plan: 'generic' }` (db/connection.ts) so that PostgreSQL plans it once per connection.
   */
  readonly genericPlan: boolean;
}

export interface Page<T> {
  readonly rows: T[];
  readonly hasMore: boolean;
  /** The cursor for the page after this one, null on the last page. */
  readonly nextCursor: string | null;
  /**
   * The cursor (of this page's first row) for the page before this one, to be used with `backward`;
   * null on the first page (no cursor given, or backwards with nothing before).
   */
  readonly prevCursor: string | null;
}

const SORT_COLUMN = '_sort_';

function whereSql(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
}

function conditions(filter: Filter | undefined, scope: AccessScope, params: unknown[]): string[] {
  const where: string[] = [];
  if (filter !== undefined) where.push(compileFilter(filter, params));
  const scoped = scopeCondition(scope, params);
  if (scoped !== 'TRUE') where.push(scoped);
  return where;
}

export function buildSearchQuery(input: SearchQueryInput): SearchQuery {
  const bounds = input.bounds ?? DEFAULT_PAGING_BOUNDS;
  const limit = checkLimit(input.limit, bounds);
  const offset = input.offset === undefined ? 0 : checkOffset(input.offset, bounds);
  const backward = input.backward === true;
  if (backward && input.cursor === undefined) {
    throw queryError(QUERY_ERRORS.PAGING_INVALID_CURSOR, 'paging backwards needs a cursor');
  }
  if (input.cursor !== undefined && offset !== 0) {
    throw queryError(QUERY_ERRORS.PAGING_CURSOR_WITH_OFFSET, 'a page is given by a cursor or by an offset, not both');
  }
  const params: unknown[] = [];
  const where = conditions(input.filter, input.scope, params);
  // The collection again, as a constant of generic-plan.ts, so that a generic plan proves its partial index.
  const own = genericPlanCollection(input.filter, offset);
  if (own !== undefined) where.push(`${PRODUCTS_ALIAS}.collection = '${own}'`);
  const list = paramList(params.length);
  const order = compileOrder(input.order, list);
  if (input.cursor !== undefined) {
    const values = decodeCursor(input.cursor, order, input.cursorSecret);
    where.push(backward ? keysetBeforePredicate(order, values, list) : keysetPredicate(order, values, list));
  }
  const sortColumns = order.keys.map((k, i) => `${k.sql}::text AS ${SORT_COLUMN}${i}`).join(', ');
  // The exact mirror of the order (NULLS LAST becomes NULLS FIRST), so that a backward page holds the same rows as going forward.
  const orderBy = backward
    ? order.keys.map((k) => `${k.sql} ${k.direction === 'asc' ? 'DESC' : 'ASC'} NULLS FIRST`).join(', ')
    : order.orderBy;
  let sql = `SELECT ${input.columns ?? 'p.id'}, ${sortColumns} FROM products p${whereSql(where)} ORDER BY ${orderBy} LIMIT ${list.add(limit + 1, 'bigint')}`;
  if (offset > 0) sql += ` OFFSET ${list.add(offset, 'bigint')}`;
  params.push(...list.values);
  return {
    sql,
    params,
    limit,
    order,
    cursorSecret: input.cursorSecret,
    backward,
    afterCursor: input.cursor !== undefined,
    genericPlan: own !== undefined,
  };
}

/** `SELECT count(*) AS count FROM products p WHERE ...` for the same filter and scope (OData `$count`, STAC numberMatched). */
export function buildCountQuery(filter: Filter | undefined, scope: AccessScope): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = conditions(filter, scope, params);
  return { sql: `SELECT count(*)::bigint AS count FROM products p${whereSql(where)}`, params };
}

/** The cursor that continues after `row`, a row of `query`'s result. */
export function cursorAfter(row: object, query: SearchQuery): string {
  const r = row as Record<string, unknown>; // a result row: its sort values are plain members
  const values = query.order.keys.map((_, i) => {
    const v = r[`${SORT_COLUMN}${i}`];
    if (v !== null && typeof v !== 'string') throw new TypeError(`row lacks sort value ${SORT_COLUMN}${i}: it is not a row of this query`);
    return v;
  });
  return encodeCursor(query.order, values, query.cursorSecret);
}

/** The page out of the rows `query` returned: at most `limit` rows without their sort values, and the next cursor. */
export function takePage<T extends object>(rows: readonly T[], query: SearchQuery): Page<T> {
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (query.backward) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  // Backwards, "more" lies before the first row, and the row the cursor came from follows the last.
  const nextCursor = (query.backward || hasMore) && last !== undefined ? cursorAfter(last, query) : null;
  const prevCursor = (query.backward ? hasMore : query.afterCursor) && first !== undefined ? cursorAfter(first, query) : null;
  const clean = page.map((row) => {
    const copy = { ...row } as Record<string, unknown>; // a result row: plain data members
    for (const key of Object.keys(copy)) if (key.startsWith(SORT_COLUMN)) delete copy[key];
    return copy as T; // the same row without the members this module added
  });
  return { rows: clean, hasMore, nextCursor, prevCursor };
}
