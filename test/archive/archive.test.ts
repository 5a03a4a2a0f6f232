import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  ARCHIVE_ERRORS,
  ARCHIVE_JOBS,
  cancelOrder,
  evictProduct,
  getOrder,
  listCopies,
  placeOrders,
  runEviction,
  runArchiveCopy,
  runFixityRound,
  touchOnlineCopy,
  type ArchiveContext,
} from '../../src/archive/index.ts';
import type { Actor } from '../../src/auth/index.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';
import { getProduct, listProductFiles, type Product } from '../../src/catalog/index.ts';
import type { EvictionPolicy } from '../../src/config/index.ts';
import { generateDemo } from '../../src/demo/index.ts';
import { DOWNLOAD_ERRORS, openProductPackage } from '../../src/download/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { enqueueJob, getJob } from '../../src/jobs/index.ts';
import { createS3Client, createS3Store, type BlobStore } from '../../src/storage/index.ts';
import { digests, readAll } from '../download/helpers.ts';
import { buildTestHub } from '../support/hub.ts';
import { runJobsUntilIdle, scopeSeeingAll } from '../support/jobs.ts';
import { ONE_OF_EACH_PACKAGING, sample } from '../support/samples.ts';
import { startS3rver } from '../support/s3.ts';
import { withDb } from '../support/with-db.ts';

const alice: Actor = { kind: 'user', id: 'alice-id', username: 'alice', roles: [], groups: [] };
const bob: Actor = { kind: 'user', id: 'bob-id', username: 'bob', roles: [], groups: [] };
const operator: Actor = { kind: 'user', id: 'operator-id', username: 'operator', roles: ['admin'], groups: [] };

/** Where the archive tier lives in a run of the suite: hub settings, and what to stop afterwards. */
interface ArchiveTier {
  settings: (backend: string) => Record<string, unknown>;
  /** The archive store of that run failing the second file a commit copies into place (S3 only). */
  failingArchive?: (backend: string) => BlobStore;
  close: () => Promise<void>;
}

/** A URL the hub printed, as a path to inject. */
const localPath = (href: string): string => {
  const u = new URL(href, 'http://localhost');
  return `${u.pathname}${u.search}`;
};

const folderTier = async (): Promise<ArchiveTier> => ({ settings: () => ({}), close: async () => undefined });

/** The archive in a bucket of s3rver (a real S3-compatible server), the online store on the filesystem. */
async function bucketTier(): Promise<ArchiveTier> {
  const server = await startS3rver('archive');
  const s3 = (backend: string) => ({
    endpoint: server.endpoint,
    bucket: 'archive',
    prefix: `lta-${backend}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  });
  return {
    settings: (backend) => ({ backend: 's3', s3: s3(backend) }),
    failingArchive: (backend) => {
      const settings = { ...s3(backend), region: 'us-east-1', forcePathStyle: true, maxAttempts: 3 };
      const client = createS3Client(settings);
      let copies = 0;
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'CopyObjectCommand' && ++copies === 2) throw new Error('injected failure of the second copy');
          return next(args);
        },
        { step: 'initialize' },
      );
      return createS3Store('archive', settings, { client });
    },
    close: () => server.close(),
  };
}

describeArchive('in a folder', folderTier);
describeArchive('in an S3 bucket', bucketTier);

function describeArchive(where: string, openTier: () => Promise<ArchiveTier>): void {
  withDb(`the long-term archive ${where}`, (ctx) => {
    let tier: ArchiveTier;
    let hub: Hub;
    let archive: ArchiveContext;
    let products: Product[] = [];
    /** A demo Sentinel-2 product with a quicklook (the samples have none), kept out of `products`. */
    let withQuicklook: Product;

    const withSettings = (settings: Partial<ArchiveContext['settings']>): ArchiveContext => ({
      ...archive,
      settings: { ...archive.settings, ...settings },
    });
    const withPolicy = (policy: EvictionPolicy): ArchiveContext => withSettings({ eviction: { default: policy } });
    const runJobs = (): Promise<void> => runJobsUntilIdle(ctx.db, { archive });
    const online = async (): Promise<string[]> =>
      (
        await ctx.db.query<{ name: string }>(`SELECT name FROM products WHERE online AND id = ANY($1::uuid[]) ORDER BY name`, [
          products.map((p) => p.id),
        ])
      ).rows.map((r) => r.name);
    const ageDays = (p: Product, days: number) =>
      ctx.db.query(`UPDATE products SET publication_date = now() - $2 * interval '1 day' WHERE id = $1`, [p.id, days]);
    const events = async (type: string, productId: string) =>
      (await ctx.db.query(`SELECT payload FROM events WHERE type = $1 AND product_id = $2`, [type, productId])).rows;

    /** Flips one bit in the middle of the product's first file in a tier's store; returns its key and good bytes. */
    const corruptOneByte = async (p: Product, tierName: 'archive' | 'online') => {
      const store = tierName === 'archive' ? hub.deps.stores.archive : hub.deps.stores.primary;
      const file = (await listProductFiles(ctx.db, p.id))[0];
      const key = `${p.storage.path}/${file?.path ?? ''}`;
      const good = await readAll(await store.get(key));
      const bad = Buffer.from(good);
      const at = Math.floor(bad.length / 2);
      bad[at] = (bad[at] ?? 0) ^ 0x01;
      await store.put(key, Readable.from([bad]));
      return { read: async () => readAll(await store.get(key)), file, good };
    };
    const keysOnline = async (p: Product): Promise<string[]> => {
      const keys: string[] = [];
      for await (const b of hub.deps.stores.primary.list(p.storage.path)) keys.push(b.key.slice(p.storage.path.length + 1));
      return keys.sort();
    };

    beforeAll(async () => {
      tier = await openTier();
      hub = await buildTestHub(ctx.db, { archive: tier.settings(ctx.backend) });
      archive = hub.deps.archive;
      const demoDir = await mkdtemp(join(tmpdir(), 'eohub-archive-demo-'));
      await generateDemo({ outDir: demoDir, count: 1, seed: 'archive-quicklook' });
      const paths = [...ONE_OF_EACH_PACKAGING.map((s) => sample(s).productPath), ...(await readdir(demoDir)).map((n) => join(demoDir, n))];
      const result = await ingestPaths(hub.deps.ingest, paths, { concurrency: 2 });
      await rm(demoDir, { recursive: true, force: true });
      expect(result.outcomes.filter((o) => o.status === 'failed')).toEqual([]);
      await runJobs();
      const all = await Promise.all(result.outcomes.map((o) => getProduct(ctx.db, (o as { id: string }).id, INTERNAL_SEES_EVERYTHING)));
      withQuicklook = all.pop() as Product;
      products = all;
    }, 240_000);

    afterAll(async () => {
      await hub?.close();
      await tier?.close();
    });

    /** Every test starts with every product online, just published, never accessed, and no orders. */
    beforeEach(async () => {
      const offline = (await ctx.db.query<{ id: string }>(`SELECT id FROM products WHERE NOT online`)).rows.map((r) => r.id);
      if (offline.length > 0) {
        await placeOrders(withSettings({ maxOpenOrdersPerUser: 100 }), scopeSeeingAll(operator), { productIds: offline });
        await runJobs();
      }
      await ctx.db.query(`UPDATE products SET publication_date = now(), eviction_date = NULL`);
      await ctx.db.query(`UPDATE product_copies SET last_accessed_at = NULL, retain_until = NULL`);
      await ctx.db.query(`DELETE FROM orders`);
    }, 60_000);

    it('archives every ingested product: a verified archive copy beside the online one', async () => {
      for (const p of products) {
        const copies = await listCopies(ctx.db, p.id);
        expect(
          copies.map((c) => [c.tier, c.store, c.state]),
          p.name,
        ).toEqual([
          ['archive', 'archive', 'present'],
          ['online', 'online', 'present'],
        ]);
        expect(copies[0]?.verifiedAt).not.toBeNull();
        for (const f of await listProductFiles(ctx.db, p.id)) {
          const a = await readAll(await hub.deps.stores.archive.get(`${p.storage.path}/${f.path}`));
          expect((await digests(a)).blake3, f.path).toBe(f.blake3);
        }
        expect(await events('product.archived', p.id)).toHaveLength(1);
      }
    });

    it('never evicts under the default policy', async () => {
      for (const p of products) await ageDays(p, 10_000);
      expect((await runEviction(withPolicy({ policy: 'never' }))).evicted).toBe(0);
      expect((await runEviction(archive)).evicted).toBe(0);
      expect(await online()).toHaveLength(products.length);
    });

    it('evicts products published more than N days ago: Online=false, EvictionDate set, event written, online files gone', async () => {
      const [old, recent] = products as [Product, Product];
      await ageDays(old, 20);
      await ageDays(recent, 5);
      const r = await runEviction(withPolicy({ policy: 'daysAfterPublication', days: 10 }));
      expect(r.evicted).toBe(1);
      const after = await getProduct(ctx.db, old.id, INTERNAL_SEES_EVERYTHING);
      expect(after.online).toBe(false);
      expect(after.evictionDate).not.toBeNull();
      expect((await getProduct(ctx.db, recent.id, INTERNAL_SEES_EVERYTHING)).online).toBe(true);
      expect(await events('product.evicted', old.id)).toHaveLength(1);
      expect((await listCopies(ctx.db, old.id)).map((c) => c.tier)).toEqual(['archive']);
      const f = (await listProductFiles(ctx.db, old.id))[0];
      expect(await hub.deps.stores.primary.head(`${old.storage.path}/${f?.path}`)).toBeNull();
      expect(await hub.deps.stores.archive.head(`${old.storage.path}/${f?.path}`)).not.toBeNull();
      await expect(openProductPackage({ db: ctx.db, stores: hub.deps.stores }, INTERNAL_SEES_EVERYTHING, old.id)).rejects.toMatchObject({
        code: DOWNLOAD_ERRORS.PRODUCT_OFFLINE,
      });
    });

    it('keeps products accessed within N days and evicts the others', async () => {
      const [accessed, idle] = products as [Product, Product];
      for (const p of products) await ageDays(p, 30);
      await touchOnlineCopy(archive, accessed.id);
      expect((await listCopies(ctx.db, accessed.id)).find((c) => c.tier === 'online')?.lastAccessedAt).not.toBeNull();
      const r = await runEviction(withPolicy({ policy: 'daysSinceAccess', days: 7 }));
      expect(r.evicted).toBe(products.length - 1);
      expect(await online()).toEqual([accessed.name]);
      expect((await getProduct(ctx.db, idle.id, INTERNAL_SEES_EVERYTHING)).online).toBe(false);
    });

    it("keeps a collection's newest products that fit in N bytes and evicts the older ones", async () => {
      const s1 = products.filter((p) => p.collection === 'SENTINEL-1');
      expect(s1.length).toBe(2);
      const [newest, older] = s1 as [Product, Product];
      await ageDays(older, 3);
      const fits = withSettings({
        eviction: { 'SENTINEL-1': { policy: 'newestBytes', bytes: newest.contentLength + older.contentLength } },
      });
      expect((await runEviction(fits)).evicted).toBe(0);
      const r = await runEviction(withSettings({ eviction: { 'SENTINEL-1': { policy: 'newestBytes', bytes: newest.contentLength } } }));
      expect(r.byCollection).toEqual({ 'SENTINEL-1': 1 });
      expect((await getProduct(ctx.db, older.id, INTERNAL_SEES_EVERYTHING)).online).toBe(false);
      expect((await getProduct(ctx.db, newest.id, INTERNAL_SEES_EVERYTHING)).online).toBe(true);
    });

    it('applies a collection its own policy before the default', async () => {
      for (const p of products) await ageDays(p, 100);
      const s1 = products.filter((p) => p.collection === 'SENTINEL-1');
      const r = await runEviction(withSettings({ eviction: { 'SENTINEL-1': { policy: 'daysAfterPublication', days: 1 } } }));
      expect(r.byCollection).toEqual({ 'SENTINEL-1': s1.length });
    });

    it('orders an offline product, restores it with verified checksums and downloads it whole (round trip)', async () => {
      const p = products[1] as Product;
      await ageDays(p, 20);
      await runEviction(withPolicy({ policy: 'daysAfterPublication', days: 10 }));
      const restoredBefore = (await events('product.restored', p.id)).length;
      const [order] = await placeOrders(archive, scopeSeeingAll(alice), { productIds: [p.id] });
      expect(order).toMatchObject({ productId: p.id, status: 'queued', username: 'alice', sizeBytes: p.contentLength });
      expect(new Date(order?.estimatedAt ?? 0).getTime()).toBeGreaterThan(Date.now());
      await runJobs();
      const done = await getOrder(archive, alice, order?.id ?? '');
      expect(done.status).toBe('completed');
      expect(done.completedAt).not.toBeNull();
      const restored = await getProduct(ctx.db, p.id, INTERNAL_SEES_EVERYTHING);
      expect(restored.online).toBe(true);
      // Online for the retention period, and then eligible for eviction again.
      const retention = new Date(restored.evictionDate ?? 0).getTime() - Date.now();
      expect(retention).toBeGreaterThan((archive.settings.restoreRetentionDays - 1) * 86_400_000);
      expect(done.evictionDate).toBe(restored.evictionDate);
      expect((await runEviction(withPolicy({ policy: 'daysAfterPublication', days: 10 }))).evicted).toBe(0);
      expect(await events('product.restored', p.id)).toHaveLength(restoredBefore + 1);
      const d = await openProductPackage({ db: ctx.db, stores: hub.deps.stores }, INTERNAL_SEES_EVERYTHING, p.id);
      const sums = await digests(await readAll(await d.open(0, d.sizeBytes - 1)));
      expect(sums.md5).toBe(p.checksums.find((c) => c.algorithm === 'MD5')?.value);
      expect(sums.blake3).toBe(p.checksums.find((c) => c.algorithm === 'BLAKE3')?.value);
    });

    it('completes the order of an online product at once, and gives the same order when a user orders again', async () => {
      const p = products[0] as Product;
      const [order] = await placeOrders(archive, scopeSeeingAll(alice), { productIds: [p.id] });
      expect(order?.status).toBe('completed');
      await ageDays(p, 20);
      await runEviction(withPolicy({ policy: 'daysAfterPublication', days: 10 }));
      const [first] = await placeOrders(archive, scopeSeeingAll(alice), { productIds: [p.id] });
      const [again] = await placeOrders(archive, scopeSeeingAll(alice), { productIds: [p.id] });
      const [other] = await placeOrders(archive, scopeSeeingAll(bob), { productIds: [p.id] });
      expect(again?.id).toBe(first?.id);
      expect(other?.id).not.toBe(first?.id);
      const jobs = await ctx.db.query(`SELECT DISTINCT job_id FROM orders WHERE product_id = $1 AND job_id IS NOT NULL`, [p.id]);
      expect(jobs.rows).toHaveLength(1);
      await runJobs();
      expect((await getOrder(archive, bob, other?.id ?? '')).status).toBe('completed');
    });

    it('cancels an order and its restore job; the product stays offline', async () => {
      const p = products[2] as Product;
      await ageDays(p, 20);
      await runEviction(withPolicy({ policy: 'daysAfterPublication', days: 10 }));
      const [order] = await placeOrders(archive, scopeSeeingAll(alice), { productIds: [p.id] });
      await expect(cancelOrder(archive, bob, order?.id ?? '')).rejects.toMatchObject({ code: ARCHIVE_ERRORS.ORDER_NOT_FOUND });
      const cancelled = await cancelOrder(archive, alice, order?.id ?? '');
      expect(cancelled.status).toBe('cancelled');
      const job = await ctx.db.query<{ job_id: number }>(`SELECT job_id FROM orders WHERE id = $1`, [order?.id]);
      expect((await getJob(ctx.db, job.rows[0]?.job_id ?? 0)).state).toBe('cancelled');
      await runJobs();
      expect((await getProduct(ctx.db, p.id, INTERNAL_SEES_EVERYTHING)).online).toBe(false);
      await expect(cancelOrder(archive, alice, order?.id ?? '')).rejects.toMatchObject({
        code: ARCHIVE_ERRORS.ORDER_NOT_OPEN,
        kind: 'conflict',
      });
    });

    it('refuses orders past the per-user limit of open orders (429), counting only open ones', async () => {
      for (const p of products) await ageDays(p, 20);
      await runEviction(withPolicy({ policy: 'daysAfterPublication', days: 10 }));
      const limited = withSettings({ maxOpenOrdersPerUser: 2 });
      const [a, b, c] = products as [Product, Product, Product];
      await expect(placeOrders(limited, scopeSeeingAll(alice), { productIds: [a.id, b.id, c.id] })).rejects.toMatchObject({
        code: ARCHIVE_ERRORS.ORDER_LIMIT_REACHED,
        kind: 'rate_limited',
      });
      const batch = await placeOrders(limited, scopeSeeingAll(alice), { productIds: [a.id, b.id] });
      expect(batch).toHaveLength(2);
      expect(batch[0]?.batchId).not.toBeNull();
      expect(batch[1]?.batchId).toBe(batch[0]?.batchId);
      await expect(placeOrders(limited, scopeSeeingAll(alice), { productIds: [c.id] })).rejects.toMatchObject({
        code: ARCHIVE_ERRORS.ORDER_LIMIT_REACHED,
      });
      expect(await placeOrders(limited, scopeSeeingAll(bob), { productIds: [c.id] })).toHaveLength(1);
      await cancelOrder(limited, alice, batch[0]?.id ?? '');
      expect(await placeOrders(limited, scopeSeeingAll(alice), { productIds: [c.id] })).toHaveLength(1);
      await expect(placeOrders(limited, scopeSeeingAll({ kind: 'anonymous' }), { productIds: [c.id] })).rejects.toMatchObject({
        kind: 'unauthenticated',
      });
    });

    it('refuses to order an offline product without a good archive copy (503) instead of queueing a restore bound to fail', async () => {
      const p = products[4] as Product;
      await ageDays(p, 20);
      await runEviction(withPolicy({ policy: 'daysAfterPublication', days: 10 }));
      await ctx.db.query(`UPDATE product_copies SET state = 'damaged' WHERE product_id = $1 AND tier = 'archive'`, [p.id]);
      try {
        await expect(placeOrders(archive, scopeSeeingAll(alice), { productIds: [p.id] })).rejects.toMatchObject({
          code: ARCHIVE_ERRORS.NO_ARCHIVE_COPY,
          kind: 'unavailable',
        });
      } finally {
        await ctx.db.query(`UPDATE product_copies SET state = 'present' WHERE product_id = $1 AND tier = 'archive'`, [p.id]);
      }
    });

    it('detects one corrupted byte in the archive copy and repairs it from the online copy', async () => {
      const p = products[1] as Product;
      const { read, file: f, good } = await corruptOneByte(p, 'archive');
      const results = await runFixityRound(archive, { productIds: [p.id] });
      expect(results.find((r) => r.tier === 'archive')).toMatchObject({ ok: false, badFiles: [f?.path], repaired: true });
      expect(results.find((r) => r.tier === 'online')).toMatchObject({ ok: true });
      expect((await read()).equals(good)).toBe(true);
      expect(await events('product.fixity_failed', p.id)).toHaveLength(1);
      expect(await events('product.repaired', p.id)).toHaveLength(1);
      const checks = await ctx.db.query(`SELECT tier, ok, repaired FROM fixity_checks WHERE product_id = $1 AND NOT ok`, [p.id]);
      expect(checks.rows).toEqual([{ tier: 'archive', ok: false, repaired: true }]);
      expect((await runFixityRound(archive, { productIds: [p.id] })).every((r) => r.ok)).toBe(true);
    });

    it('repairs a corrupted online copy from the archive', async () => {
      const p = products[3] as Product;
      const { read, good } = await corruptOneByte(p, 'online');
      const results = await runFixityRound(archive, { productIds: [p.id] });
      expect(results.find((r) => r.tier === 'online')).toMatchObject({ ok: false, repaired: true });
      expect((await read()).equals(good)).toBe(true);
    });

    it("keeps an evicted product's quicklooks online: OData Assets and the STAC thumbnail serve them while $value answers offline; a restore writes them once", async () => {
      const p = withQuicklook;
      const files = await listProductFiles(ctx.db, p.id);
      const quicklooks = files.filter((f) => f.role === 'quicklook').map((f) => f.path);
      expect(quicklooks.length).toBeGreaterThan(0);
      const before = await hub.deps.stores.primary.head(`${p.storage.path}/${quicklooks[0]}`);
      expect(await evictProduct(archive, p.id)).toBe(true);
      expect(await keysOnline(p)).toEqual([...quicklooks].sort());

      const value = await hub.app.inject({ url: `/odata/v1/Products(${p.id})/$value` });
      expect(value.statusCode).toBe(503);
      expect(value.json()).toMatchObject({ error: { code: DOWNLOAD_ERRORS.PRODUCT_OFFLINE } });
      const { Assets } = (await hub.app.inject({ url: `/odata/v1/Products(${p.id})?$expand=Assets` })).json<{
        Assets: { DownloadLink: string }[];
      }>();
      const asset = await hub.app.inject({ url: localPath(Assets[0]?.DownloadLink ?? '') });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['content-type']).toMatch(/^image\//);
      const search = await hub.app.inject({ method: 'POST', url: '/stac/search', payload: { ids: [p.name] } });
      const item = search.json<{ features: { properties: Record<string, unknown>; assets: Record<string, { href: string }> }[] }>()
        .features[0];
      expect(item?.properties['eohub:online']).toBe(false);
      const thumbnail = await hub.app.inject({ url: localPath(item?.assets['thumbnail']?.href ?? '') });
      expect(thumbnail.statusCode).toBe(200);
      expect(thumbnail.rawPayload.equals(asset.rawPayload)).toBe(true);
      const data = files.find((f) => f.role !== 'quicklook');
      const nodes = [p.name, ...(data?.path.split('/') ?? [])].map((n) => `Nodes(${encodeURIComponent(n)})`).join('/');
      expect((await hub.app.inject({ url: `/odata/v1/Products(${p.id})/${nodes}/$value` })).statusCode).toBe(503);

      await placeOrders(archive, scopeSeeingAll(alice), { productIds: [p.id] });
      await runJobs();
      expect((await getProduct(ctx.db, p.id, INTERNAL_SEES_EVERYTHING)).online).toBe(true);
      expect(await keysOnline(p)).toEqual(files.map((f) => f.path).sort());
      expect(await hub.deps.stores.primary.head(`${p.storage.path}/${quicklooks[0]}`)).toEqual(before);
      expect(await hub.deps.stores.primary.sweepUploads(() => false)).toEqual([]);
    });

    it('does not take an online copy evicted during its audit for damage: no alarm, no repair, no files put back', async () => {
      const p = products[2] as Product;
      const primary = hub.deps.stores.primary;
      let evicted = false;
      // The eviction lands between the audit's choice of copies and its first read of the online one.
      const racing: BlobStore = {
        ...primary,
        head: async (key) => {
          if (!evicted) {
            evicted = true;
            await evictProduct(archive, p.id);
          }
          return primary.head(key);
        },
      };
      const stores = { ...hub.deps.stores, byName: (name: string) => (name === primary.name ? racing : hub.deps.stores.byName(name)) };
      await ctx.db.query(`UPDATE product_copies SET verified_at = NULL WHERE product_id = $1`, [p.id]);
      const results = await runFixityRound({ ...archive, stores }, { productIds: [p.id] });
      expect(evicted).toBe(true);
      expect(results.map((r) => [r.tier, r.ok])).toEqual([['archive', true]]);
      expect(await events('product.fixity_failed', p.id)).toEqual([]);
      expect(await events('product.repaired', p.id)).toEqual([]);
      expect(await keysOnline(p)).toEqual([]);
      expect((await ctx.db.query(`SELECT 1 FROM fixity_checks WHERE product_id = $1 AND NOT ok`, [p.id])).rows).toEqual([]);
    });

    it.runIf(where === 'in an S3 bucket')(
      'leaves no archive copy, in the catalogue or in the bucket, when the bucket fails in the middle of a commit; the retry archives it',
      async () => {
        // A product of several files, so that the second copy of the commit fails after the first went through.
        const p = products[2] as Product;
        expect((await listProductFiles(ctx.db, p.id)).length).toBeGreaterThan(2);
        await ctx.db.query(`DELETE FROM product_copies WHERE product_id = $1 AND tier = 'archive'`, [p.id]);
        await hub.deps.stores.archive.deletePrefix(p.storage.path);
        const failing = tier.failingArchive?.(ctx.backend) as BlobStore;
        const stores = {
          ...hub.deps.stores,
          archive: failing,
          byName: (name: string) => (name === 'archive' ? failing : hub.deps.stores.byName(name)),
        };
        const job = await enqueueJob(ctx.db, {
          kind: ARCHIVE_JOBS.COPY,
          payload: { productId: p.id },
          idempotencyKey: `failing-archive-${p.id}`,
        });
        const run = { owner: 'test', signal: new AbortController().signal };
        try {
          await expect(runArchiveCopy({ ...archive, stores }, job, run)).rejects.toThrow(/injected failure/);
          expect((await listCopies(ctx.db, p.id)).map((c) => c.tier)).toEqual(['online']);
          const left: string[] = [];
          for await (const b of hub.deps.stores.archive.list(p.storage.path)) left.push(b.key);
          expect(left).toEqual([]);
          expect(await hub.deps.stores.archive.sweepUploads(() => false)).toEqual([]);
          await runArchiveCopy(archive, job, run);
          expect((await listCopies(ctx.db, p.id)).map((c) => [c.tier, c.state])).toEqual([
            ['archive', 'present'],
            ['online', 'present'],
          ]);
        } finally {
          await ctx.db.query(`DELETE FROM jobs WHERE id = $1`, [job.id]);
        }
      },
    );
  });
}
