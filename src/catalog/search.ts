import type { Queryable } from '../db/index.ts';
import { buildCountQuery, buildSearchQuery, takePage, type Filter, type SortTerm } from '../query/index.ts';
import { PRODUCT_COLUMNS, rowToProduct, type ProductRow } from './products.ts';
import type { Product } from './types.ts';

export interface ProductSearch {
  filter?: Filter | undefined;
  order?: readonly SortTerm[] | undefined;
  limit: number;
  /** Keyset paging: the previous page's nextCursor. */
  cursor?: string | undefined;
  /** Offset paging (OData $skip, OpenSearch startIndex). */
  offset?: number | undefined;
  /** Also count every match (OData $count, STAC numberMatched). */
  count?: boolean | undefined;
  cursorSecret?: string | undefined;
}

export interface ProductPage {
  products: Product[];
  hasMore: boolean;
  nextCursor: string | null;
  numberMatched?: number;
}

/**
 * Runs a search in the one query model: every API dialect parses its request into a filter tree and
 * ends here, so that STAC, OData and OpenSearch cannot disagree on what matches.
 */
export async function searchProducts(db: Queryable, search: ProductSearch): Promise<ProductPage> {
  const q = buildSearchQuery({
    filter: search.filter,
    order: search.order,
    limit: search.limit,
    cursor: search.cursor,
    offset: search.offset,
    columns: PRODUCT_COLUMNS,
    cursorSecret: search.cursorSecret,
  });
  const [rows, numberMatched] = await Promise.all([
    db.query<ProductRow & Record<string, unknown>>(q.sql, q.params).then((r) => r.rows),
    search.count ? countProducts(db, search.filter) : Promise.resolve(undefined),
  ]);
  const page = takePage(rows, q);
  return {
    products: page.rows.map(rowToProduct),
    hasMore: page.hasMore,
    nextCursor: page.nextCursor,
    ...(numberMatched === undefined ? {} : { numberMatched }),
  };
}

async function countProducts(db: Queryable, filter: Filter | undefined): Promise<number> {
  const c = buildCountQuery(filter);
  const r = await db.query<{ count: number }>(c.sql, c.params);
  return Number(r.rows[0]?.count ?? 0);
}
