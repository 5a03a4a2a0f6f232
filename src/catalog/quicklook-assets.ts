import type { AccessScope } from '../access/index.ts';
import { scopeCondition } from '../query/index.ts';
import type { Queryable } from '../db/index.ts';

/** A product's quicklook image file, found by the asset id the OData Assets and resto thumbnails print. */
export interface QuicklookFile {
  productId: string;
  productName: string;
  path: string;
}

/**
 * The quicklook image whose asset id is `assetId`, or null: one lookup in the index of migration 0008,
 * whose `quicklook_asset_id(product_id, path)` is the formula odata's quicklookAssetId computes.
 */
export async function findQuicklookByAssetId(db: Queryable, assetId: string, scope: AccessScope): Promise<QuicklookFile | null> {
  const params: unknown[] = [assetId];
  const r = await db.query<{ product_id: string; path: string; name: string }>(
    `SELECT f.product_id, f.path, p.name FROM product_files f JOIN products p ON p.id = f.product_id
     WHERE f.role = 'quicklook' AND quicklook_asset_id(f.product_id, f.path) = $1::uuid AND f.media_type LIKE 'image/%'
       AND ${scopeCondition(scope, params)}
     LIMIT 1`,
    params,
  );
  const row = r.rows[0];
  return row ? { productId: row.product_id, productName: row.name, path: row.path } : null;
}

/**
 * Centroids of the products' footprints in lon/lat (resto's `centroid`), by product id. A footprint split
 * at the antimeridian is shifted to 0..360 first so that its centroid lies on it, then wrapped back.
 */
export async function listFootprintCentroids(db: Queryable, productIds: readonly string[]): Promise<Map<string, [number, number]>> {
  const out = new Map<string, [number, number]>();
  if (productIds.length === 0) return out;
  const r = await db.query<{ id: string; lon: number; lat: number }>(
    `SELECT id, ST_X(c) AS lon, ST_Y(c) AS lat FROM (
       SELECT id, ST_Centroid(CASE WHEN ST_XMin(footprint) <= -180 AND ST_XMax(footprint) >= 180
                                   THEN ST_ShiftLongitude(footprint) ELSE footprint END) AS c
       FROM products WHERE id = ANY($1::uuid[]) AND footprint IS NOT NULL) x`,
    [productIds],
  );
  for (const row of r.rows) {
    const lon = Number(row.lon);
    out.set(row.id, [Math.round((lon > 180 ? lon - 360 : lon) * 1e6) / 1e6, Math.round(Number(row.lat) * 1e6) / 1e6]);
  }
  return out;
}
