/**
 * Status: what the hub is running on and holds, for /health and `eohub admin status`. Owns no tables.
 */
import type { AccessScope } from '../access/index.ts';
import { countProducts } from '../catalog/index.ts';
import { schemaVersion, type Db } from '../db/index.ts';

export interface HubStatus {
  status: 'ok';
  backend: Db['backend'];
  schemaVersion: number;
  products: number;
}

/** `products` counts what the caller's scope sees: /health must not tell how many restricted products exist. */
export async function getHubStatus(db: Db, scope: AccessScope): Promise<HubStatus> {
  const [version, products] = await Promise.all([schemaVersion(db), countProducts(db, scope)]);
  return { status: 'ok', backend: db.backend, schemaVersion: version, products };
}
