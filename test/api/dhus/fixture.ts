import { expect } from 'vitest';
import { getProduct, type Product } from '../../../src/catalog/index.ts';
import type { Db } from '../../../src/db/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { ingestPaths } from '../../../src/ingest/index.ts';
import { demoProductPaths } from '../../support/demo-products.ts';
import { buildTestHub } from '../../support/hub.ts';
import { sample } from '../../support/samples.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../../src/access/index.ts';

/** A hub with the demo products and two real samples (an S1 GRD SAFE, an S5P netCDF) ingested. */
export async function dhusHub(db: Db): Promise<{ hub: Hub; products: Product[] }> {
  const hub = await buildTestHub(db);
  const paths = [
    ...(await demoProductPaths(8, 'sentinelsat')),
    sample('S1A_IW_GRDH_1SDV_20210809T173953').productPath,
    sample('S5P_NRTI_L2__CO_____20210326T030109').productPath,
  ];
  const result = await ingestPaths(hub.deps.ingest, paths, { concurrency: 2 });
  expect(result.outcomes.filter((o) => o.status === 'failed')).toEqual([]);
  const products = await Promise.all(
    result.outcomes.map((o) => getProduct(db, o.status === 'ingested' ? o.id : '', INTERNAL_SEES_EVERYTHING)),
  );
  return { hub, products };
}
