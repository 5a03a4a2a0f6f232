import { afterAll, beforeAll, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { INTERNAL_SEES_EVERYTHING } from '../../../src/access/index.ts';
import { evictProduct, placeOrders } from '../../../src/archive/index.ts';
import type { Actor } from '../../../src/auth/index.ts';
import { getProduct, listProductFiles, type Product } from '../../../src/catalog/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { ingestPaths } from '../../../src/ingest/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { runJobsUntilIdle } from '../../support/jobs.ts';
import { s3Request, type S3Credentials } from '../../support/s3.ts';
import { sample } from '../../support/samples.ts';
import { withDb } from '../../support/with-db.ts';

const xml = new XMLParser({ isArray: (name) => ['Contents'].includes(name) });
const code = (body: string): string | undefined => /<Code>([^<]+)<\/Code>/.exec(body)?.[1];

/**
 * Offline products through the S3 API, with the archive's own eviction and restore: an evicted product
 * stays listed (storage class GLACIER) and headed, GetObject answers InvalidObjectState until an order
 * restores it; a GetObject counts as an access for eviction by last access, as a download does.
 */
withDb('S3 access API: evicted and restored products', (ctx) => {
  let hub: Hub;
  let admin: S3Credentials;
  let product: Product;
  let key: string;

  const lastAccessed = async (): Promise<string | null> =>
    (
      await ctx.db.query<{ last_accessed_at: string | null }>(
        `SELECT last_accessed_at FROM product_copies WHERE product_id = $1 AND tier = 'online'`,
        [product.id],
      )
    ).rows[0]?.last_accessed_at ?? null;

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db);
    const { secretAccessKey, info } = await hub.deps.s3.keys.createKey('admin');
    admin = { accessKeyId: info.accessKeyId, secretAccessKey };
    const result = await ingestPaths(hub.deps.ingest, [sample('S1A_IW_GRDH_1SDV_20210809T173953').productPath], { concurrency: 1 });
    const outcome = result.outcomes[0];
    if (outcome?.status !== 'ingested') throw new Error(`ingest failed: ${JSON.stringify(outcome)}`);
    product = await getProduct(ctx.db, outcome.id, INTERNAL_SEES_EVERYTHING);
    // The archive copy first: eviction never drops the last copy.
    await runJobsUntilIdle(ctx.db, { archive: hub.deps.archive });
    const file = (await listProductFiles(ctx.db, product.id)).find((f) => f.sizeBytes > 0);
    key = `${product.storage.path}/${file?.path ?? ''}`;
  }, 120_000);

  afterAll(async () => {
    await hub.close();
  });

  it('reads an online product and notes the read as an access of its online copy', async () => {
    expect(await lastAccessed()).toBeNull();
    const get = await s3Request(hub.s3App, admin, { key });
    expect(get.statusCode, get.body).toBe(200);
    expect(await lastAccessed()).not.toBeNull();
  });

  it('lists an evicted product as GLACIER, heads it, and refuses GetObject with InvalidObjectState', async () => {
    expect(await evictProduct(hub.deps.archive, product.id)).toBe(true);
    const list = await s3Request(hub.s3App, admin, { key: '', query: { 'list-type': '2', prefix: `${product.storage.path}/` } });
    const contents = (xml.parse(list.body) as { ListBucketResult: { Contents?: { Key: string; StorageClass: string }[] } }).ListBucketResult
      .Contents;
    expect(contents?.length).toBeGreaterThan(0);
    expect(new Set(contents?.map((c) => c.StorageClass))).toEqual(new Set(['GLACIER']));
    const head = await s3Request(hub.s3App, admin, { method: 'HEAD', key });
    expect(head.statusCode).toBe(200);
    expect(head.headers['x-amz-storage-class']).toBe('GLACIER');
    for (const headers of [{}, { range: 'bytes=0-9' }]) {
      const get = await s3Request(hub.s3App, admin, { key, headers });
      expect(get.statusCode).toBe(403);
      expect(code(get.body)).toBe('InvalidObjectState');
    }
  });

  it('reads the product again once an order has restored it', async () => {
    const user = await hub.deps.auth.users.getUser('admin');
    const actor: Actor = { kind: 'user', id: user.id, username: user.username, roles: user.roles, groups: user.groups };
    await placeOrders(hub.deps.archive, await hub.deps.access.scopeFor(actor), { productIds: [product.id] });
    await runJobsUntilIdle(ctx.db, { archive: hub.deps.archive });
    const get = await s3Request(hub.s3App, admin, { key });
    expect(get.statusCode, get.body).toBe(200);
    const head = await s3Request(hub.s3App, admin, { method: 'HEAD', key });
    expect(head.headers['x-amz-storage-class']).toBeUndefined();
  });
});
