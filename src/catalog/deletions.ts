import { INTERNAL_SEES_EVERYTHING, type AccessScope } from '../access/index.ts';
import { HubError } from '../errors/index.ts';
import type { Queryable } from '../db/index.ts';
import { buildCountQuery, buildSearchQuery, scopeCondition, takePage } from '../query/index.ts';
import { CATALOG_ERRORS } from './errors.ts';
import { writeEvent } from './events.ts';
import { PRODUCT_COLUMNS, rowToProduct, type ProductRow } from './products.ts';
import type { ProductSearch } from './search.ts';
import type { Product } from './types.ts';

/** CDSE's causes (§1.9); any other short text is accepted too, 'Deleted' when none is given (0005_deleted_products.sql). */
export const DELETION_CAUSES = ['Duplicated product', 'Missing checksum', 'Corrupted product', 'Obsolete product or Other'] as const;

export interface DeletedProduct extends Product {
  deletionDate: string;
  deletionCause: string;
}

export interface DeletedProductPage {
  products: DeletedProduct[];
  hasMore: boolean;
  numberMatched?: number;
}

/**
 * Deletes a product from the catalogue on the caller's transaction: its row and its file rows go, the
 * AFTER DELETE trigger writes the tombstone with `cause` (set transaction-locally, as SET LOCAL does, so
 * it must run inside a transaction), and the `product.deleted` event is written beside it. The stored
 * files are the storage tier's to remove. PRODUCT_NOT_FOUND if absent.
 */
export async function deleteProduct(tx: Queryable, id: string, cause = 'Deleted'): Promise<DeletedProduct> {
  if (cause.trim() === '' || cause.length > 200 || cause.includes('\u0000')) {
    throw new HubError(CATALOG_ERRORS.INVALID_DELETION_CAUSE, 'invalid', 'a deletion cause is 1 to 200 characters');
  }
  await tx.query(`SELECT set_config('eohub.deletion_cause', $1, true)`, [cause]);
  const r = await tx.query<{ name: string; collection: string }>('DELETE FROM products WHERE id = $1 RETURNING name, collection', [id]);
  const row = r.rows[0];
  if (!row) throw new HubError(CATALOG_ERRORS.PRODUCT_NOT_FOUND, 'not_found', `no product ${id}`);
  await writeEvent(tx, 'product.deleted', id, row.collection, { name: row.name, cause });
  return getDeletedProduct(tx, id, INTERNAL_SEES_EVERYTHING);
}

/**
 * The tombstones seen as `products p`, so that the one query compiler serves DeletedProducts too: a CTE
 * of that name shadows the table. In it `modification_date` is the deletion date and `content_type` the
 * deletion cause, which is how a filter tree names DeletionDate and DeletionCause (the filter tree's
 * fields are a closed set); the product's own modification date and content type travel beside them.
 */
const TOMBSTONES = `WITH products AS (SELECT id, name, collection, deletion_cause AS content_type, content_length, origin_date,
  publication_date, deletion_date AS modification_date, sensing_start, sensing_end, footprint, online, eviction_date, storage_store,
  storage_path, checksums, attributes, warnings, raster_grids, modification_date AS product_modification_date,
  content_type AS product_content_type FROM deleted_products) `;
const COLUMNS = `${PRODUCT_COLUMNS}, p.product_modification_date, p.product_content_type`;

type TombstoneRow = ProductRow & { product_modification_date: string; product_content_type: string };

function rowToDeleted(row: TombstoneRow): DeletedProduct {
  return {
    ...rowToProduct({ ...row, modification_date: row.product_modification_date, content_type: row.product_content_type }),
    deletionDate: row.modification_date,
    deletionCause: row.content_type,
  };
}

/** Searches tombstones with the one query model; in the filter `modificationDate` is the deletion date, `contentType` the cause. */
export async function searchDeletedProducts(db: Queryable, search: ProductSearch): Promise<DeletedProductPage> {
  const q = buildSearchQuery({
    scope: search.scope,
    filter: search.filter,
    order: search.order,
    limit: search.limit,
    offset: search.offset,
    columns: COLUMNS,
  });
  const rows = (await db.query<TombstoneRow & Record<string, unknown>>(TOMBSTONES + q.sql, q.params)).rows;
  const page = takePage(rows, q);
  let numberMatched: number | undefined;
  if (search.count) {
    const c = buildCountQuery(search.filter, search.scope);
    numberMatched = Number((await db.query<{ count: number }>(TOMBSTONES + c.sql, c.params)).rows[0]?.count ?? 0);
  }
  return { products: page.rows.map(rowToDeleted), hasMore: page.hasMore, ...(numberMatched === undefined ? {} : { numberMatched }) };
}

export async function getDeletedProduct(db: Queryable, id: string, scope: AccessScope): Promise<DeletedProduct> {
  const params: unknown[] = [id];
  const r = await db.query<TombstoneRow>(
    `${TOMBSTONES}SELECT ${COLUMNS} FROM products p WHERE p.id = $1 AND ${scopeCondition(scope, params)}`,
    params,
  );
  const row = r.rows[0];
  if (!row) throw new HubError(CATALOG_ERRORS.PRODUCT_NOT_FOUND, 'not_found', `no deleted product ${id}`);
  return rowToDeleted(row);
}
