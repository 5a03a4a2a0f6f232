/**
 * Status: what the hub is running on and holds, for /health and `eohub admin status`. Owns no tables.
 */
import type { AccessScope } from '../access/index.ts';
import { countVisibleProducts } from '../catalog/index.ts';
import { schemaVersion, type Db } from '../db/index.ts';

export interface HubStatus {
  status: 'ok';
  backend: Db['backend'];
  schemaVersion: number;
  products: number;
  /** Present when `products` is the planner's estimate (a large catalogue), not a count. */
  productsEstimated?: true;
}

/**
 * `products` counts what the caller's scope sees: /health must not tell how many restricted products exist.
 * It is exact for small catalogues and estimated above `exactCountBelow` (catalog/search.ts), so that a
 * health check stays cheap at any size.
 */
export async function getHubStatus(db: Db, scope: AccessScope, options: { exactCountBelow?: number } = {}): Promise<HubStatus> {
  const [version, products] = await Promise.all([schemaVersion(db), countVisibleProducts(db, scope, options.exactCountBelow)]);
  return {
    status: 'ok',
    backend: db.backend,
    schemaVersion: version,
    products: products.n,
    ...(products.estimated ? { productsEstimated: true as const } : {}),
  };
}
