/**
 * Status: what the hub is running on and holds, for /health and `eohub admin status`. Owns no tables.
 */
import { countProducts } from '../catalog/index.ts';
import { schemaVersion, type Db } from '../db/index.ts';

export interface HubStatus {
  status: 'ok';
  backend: Db['backend'];
  schemaVersion: number;
  products: number;
}

export async function getHubStatus(db: Db): Promise<HubStatus> {
  const [version, products] = await Promise.all([schemaVersion(db), countProducts(db)]);
  return { status: 'ok', backend: db.backend, schemaVersion: version, products };
}
