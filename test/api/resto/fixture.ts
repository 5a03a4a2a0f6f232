/**
 * The catalogue the resto HTTP tests search: two real samples ingested through the pipeline (a Sentinel-1
 * IW GRD and a Sentinel-2 L1C SAFE), two demo products with files and quicklooks, and 150 metadata-only
 * demo products registered in bulk (all four missions, 2022-2024, anywhere on Earth).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getProduct, loadProducts, searchProducts, type Product } from '../../../src/catalog/index.ts';
import type { Db } from '../../../src/db/index.ts';
import { generateDemo } from '../../../src/demo/index.ts';
import { metadataOnlyLines } from '../../../src/demo/metadata-only.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { ingestPaths } from '../../../src/ingest/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { sample } from '../../support/samples.ts';
import { TEST_DATABASE_URL } from '../../support/with-db.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../../src/access/index.ts';

export const PUBLIC_URL = 'https://hub.example.org';
export const S1_SAMPLE = 'S1A_IW_GRDH_1SDV_20210809T173953';
export const S2_SAMPLE = 'S2A_MSIL1C_20210403T101021';

export interface RestoFixture {
  hub: Hub;
  s1: Product;
  s2: Product;
  demo: Product[];
  all: Product[];
  close(): Promise<void>;
}

export async function buildRestoFixture(db: Db, bulkCount = 150): Promise<RestoFixture> {
  const hub = await buildTestHub(db, { publicUrl: `${PUBLIC_URL}/` });
  const demoDir = await mkdtemp(join(tmpdir(), 'eohub-resto-'));
  await generateDemo({ outDir: demoDir, count: 2, seed: 'resto-1' });
  const paths = [sample(S1_SAMPLE).productPath, sample(S2_SAMPLE).productPath, ...(await readdir(demoDir)).map((n) => join(demoDir, n))];
  const result = await ingestPaths(hub.deps.ingest, paths, { concurrency: 2 });
  const ids = result.outcomes.map((o) => {
    if (o.status !== 'ingested') throw new Error(`not ingested: ${JSON.stringify(o)}`);
    return o.id;
  });
  const [s1, s2, ...demo] = await Promise.all(ids.map((id) => getProduct(db, id, INTERNAL_SEES_EVERYTHING)));
  const lines = [...metadataOnlyLines({ count: bulkCount, seed: 'resto' })];
  await loadProducts(db, lines, { format: 'stac', copyUrl: db.backend === 'postgres' ? TEST_DATABASE_URL : undefined });
  const all = (await searchProducts(db, { scope: INTERNAL_SEES_EVERYTHING, limit: 10_000 })).products;
  return {
    hub,
    s1: s1 as Product,
    s2: s2 as Product,
    demo,
    all,
    async close() {
      await hub.close();
      await rm(demoDir, { recursive: true, force: true });
    },
  };
}

/** An attribute value of a product, for oracles written in plain TypeScript. */
export function attr(p: Product, name: string): unknown {
  return p.attributes[name]?.value;
}
