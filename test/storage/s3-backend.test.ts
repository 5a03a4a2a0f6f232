import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Hub } from '../../src/hub/index.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { demoProductPaths } from '../support/demo-products.ts';
import { buildTestHub } from '../support/hub.ts';
import { startS3rver } from '../support/s3.ts';
import { withDb } from '../support/with-db.ts';

/** storage.backend = s3: a hub ingests into an S3-compatible server (s3rver) and serves downloads from it. */
withDb('hub on the S3 store', (ctx) => {
  let server: Awaited<ReturnType<typeof startS3rver>>;
  let hub: Hub;

  beforeAll(async () => {
    server = await startS3rver('products');
    hub = await buildTestHub(ctx.db, {
      storage: {
        backend: 's3',
        s3: {
          endpoint: server.endpoint,
          bucket: 'products',
          prefix: ctx.backend,
          accessKeyId: 'S3RVER',
          secretAccessKey: 'S3RVER',
        },
      },
    });
  }, 60_000);

  afterAll(async () => {
    await hub.close();
    await server.close();
  });

  it('ingests a product into the bucket and downloads it with the catalogue MD5', async () => {
    const result = await ingestPaths(hub.deps.ingest, (await demoProductPaths(2, 's3-backend')).slice(0, 1), { concurrency: 1 });
    expect(result.outcomes.map((o) => o.status)).toEqual(['ingested']);
    const r = await ctx.db.query<{ id: string; storage_path: string; md5: string }>(
      `SELECT id, storage_path, (SELECT c->>'value' FROM jsonb_array_elements(checksums) c WHERE c->>'algorithm' = 'MD5') AS md5 FROM products`,
    );
    const product = r.rows[0];
    if (!product) throw new Error('no product registered');
    const keys: string[] = [];
    for await (const b of hub.deps.stores.primary.list(product.storage_path)) keys.push(b.key);
    expect(keys.length).toBeGreaterThan(0);
    const download = await hub.app.inject({ method: 'GET', url: `/odata/v1/Products(${product.id})/$value` });
    expect(download.statusCode).toBe(200);
    expect(createHash('md5').update(download.rawPayload).digest('hex')).toBe(product.md5);
  }, 120_000);
});
