import type { Queryable } from '../db/index.ts';

/** A product's quicklook image file, found by the asset id the OData Assets and resto thumbnails print. */
export interface QuicklookFile {
  productId: string;
  productName: string;
  path: string;
}

const BATCH = 5_000;

/**
 * The quicklook image whose asset id is `assetId`, or null. Asset ids are name-based UUIDs of (product id,
 * path) computed by the caller's `assetIdOf` (odata's quicklookAssetId): PostgreSQL has no SHA-1 without
 * pgcrypto, and no column stores them, so quicklook image rows are read in keyset batches and hashed here.
 * The scan is linear in the number of quicklooks; storing the id at ingest would make it a lookup.
 */
export async function findQuicklookByAssetId(
  db: Queryable,
  assetId: string,
  assetIdOf: (productId: string, path: string) => string,
): Promise<QuicklookFile | null> {
  const wanted = assetId.toLowerCase();
  let after: [string, string] = ['00000000-0000-0000-0000-000000000000', ''];
  for (;;) {
    const r = await db.query<{ product_id: string; path: string; name: string }>(
      `SELECT f.product_id, f.path, p.name FROM product_files f JOIN products p ON p.id = f.product_id
       WHERE f.role = 'quicklook' AND f.media_type LIKE 'image/%' AND (f.product_id, f.path) > ($1::uuid, $2::text)
       ORDER BY f.product_id, f.path LIMIT ${BATCH}`,
      after,
    );
    for (const row of r.rows) {
      if (assetIdOf(row.product_id, row.path) === wanted) return { productId: row.product_id, productName: row.name, path: row.path };
    }
    const last = r.rows.at(-1);
    if (!last || r.rows.length < BATCH) return null;
    after = [last.product_id, last.path];
  }
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
