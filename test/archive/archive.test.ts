import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  ARCHIVE_ERRORS,
  cancelOrder,
  getOrder,
  listCopies,
  placeOrders,
  runEviction,
  runFixityRound,
  touchOnlineCopy,
  type ArchiveContext,
} from '../../src/archive/index.ts';
import type { Actor } from '../../src/auth/index.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';
import { getProduct, listProductFiles, type Product } from '../../src/catalog/index.ts';
import type { EvictionPolicy } from '../../src/config/index.ts';
import { DOWNLOAD_ERRORS, openProductPackage } from '../../src/download/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { getJob } from '../../src/jobs/index.ts';
import { digests, readAll } from '../download/helpers.ts';
import { buildTestHub } from '../support/hub.ts';
import { runJobsUntilIdle, scopeSeeingAll } from '../support/jobs.ts';
import { sample } from '../support/samples.ts';
import { withDb } from '../support/with-db.ts';

const SAMPLES = [
  'S2A_MSIL1C_20210403T101021',
  'S1A_IW_GRDH_1SDV_20210809T173953',
  'S3A_SL_2_FRP____20210802T000420',
  'S5P_NRTI_L2__CO_____20210326T030109',
  'S1A_OPER_AUX_RESORB_OPOD_20230823T162050',
];

const alice: Actor = { kind: 'user', id: 'alice-id', username: 'alice', roles: [], groups: [] };
const bob: Actor = { kind: 'user', id: 'bob-id', username: 'bob', roles: [], groups: [] };
const operator: Actor = { kind: 'user', id: 'operator-id', username: 'operator', roles: ['admin'], groups: [] };

withDb('the long-term archive', (ctx) => {
  let hub: Hub;
  let archive: ArchiveContext;
  let products: Product[] = [];

  const withSettings = (settings: Partial<ArchiveContext['settings']>): ArchiveContext => ({
    ...archive,
    settings: { ...archive.settings, ...settings },
  });
  const withPolicy = (policy: EvictionPolicy): ArchiveContext => withSettings({ eviction: { default: policy } });
  const runJobs = (): Promise<void> => runJobsUntilIdle(ctx.db, { archive });
  const online = async (): Promise<string[]> =>
    (await ctx.db.query<{ name: string }>(`SELECT name FROM products WHERE online ORDER BY name`)).rows.map((r) => r.name);
  const ageDays = (p: Product, days: number) =>
    ctx.db.query(`UPDATE products SET publication_date = now() - $2 * interval '1 day' WHERE id = $1`, [p.id, days]);
  const events = async (type: string, productId: string) =>
    (await ctx.db.query(`SELECT payload FROM events WHERE type = $1 AND product_id = $2`, [type, productId])).rows;

  /** Flips one bit in the middle of the product's first file in a tier's folder; returns its path and good bytes. */
  const corruptOneByte = async (p: Product, folder: 'archive' | 'products') => {
    const file = (await listProductFiles(ctx.db, p.id))[0];
    const path = join(hub.deps.config.dataDir, folder, p.storage.path, file?.path ?? '');
    const good = await readFile(path);
    const bad = Buffer.from(good);
    const at = Math.floor(bad.length / 2);
    bad[at] = (bad[at] ?? 0) ^ 0x01;
    await writeFile(path, bad);
    return { path, file, good };
  };

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db);
    archive = hub.deps.archive;
    const result = await ingestPaths(hub.deps.ingest, SAMPLES.map((s) => sample(s).productPath), { concurrency: 2 });
    expect(result.outcomes.filter((o) => o.status === 'failed')).toEqual([]);
    await runJobs();
    products = await Promise.all(result.outcomes.map((o) => getProduct(ctx.db, (o as { id: string }).id, INTERNAL_SEES_EVERYTHING)));
  }, 240_000);

  afterAll(async () => {
    await hub.close();
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
      expect(copies.map((c) => [c.tier, c.store, c.state]), p.name).toEqual([
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
    const fits = withSettings({ eviction: { 'SENTINEL-1': { policy: 'newestBytes', bytes: newest.contentLength + older.contentLength } } });
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
    await expect(cancelOrder(archive, alice, order?.id ?? '')).rejects.toMatchObject({ code: ARCHIVE_ERRORS.ORDER_NOT_OPEN, kind: 'conflict' });
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
    await expect(placeOrders(limited, scopeSeeingAll(alice), { productIds: [c.id] })).rejects.toMatchObject({ code: ARCHIVE_ERRORS.ORDER_LIMIT_REACHED });
    expect(await placeOrders(limited, scopeSeeingAll(bob), { productIds: [c.id] })).toHaveLength(1);
    await cancelOrder(limited, alice, batch[0]?.id ?? '');
    expect(await placeOrders(limited, scopeSeeingAll(alice), { productIds: [c.id] })).toHaveLength(1);
    await expect(placeOrders(limited, scopeSeeingAll({ kind: 'anonymous' }), { productIds: [c.id] })).rejects.toMatchObject({ kind: 'unauthenticated' });
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
    const { path, file: f, good } = await corruptOneByte(p, 'archive');
    const results = await runFixityRound(archive, { productIds: [p.id] });
    expect(results.find((r) => r.tier === 'archive')).toMatchObject({ ok: false, badFiles: [f?.path], repaired: true });
    expect(results.find((r) => r.tier === 'online')).toMatchObject({ ok: true });
    expect((await readFile(path)).equals(good)).toBe(true);
    expect(await events('product.fixity_failed', p.id)).toHaveLength(1);
    expect(await events('product.repaired', p.id)).toHaveLength(1);
    const checks = await ctx.db.query(`SELECT tier, ok, repaired FROM fixity_checks WHERE product_id = $1 AND NOT ok`, [p.id]);
    expect(checks.rows).toEqual([{ tier: 'archive', ok: false, repaired: true }]);
    expect((await runFixityRound(archive, { productIds: [p.id] })).every((r) => r.ok)).toBe(true);
  });

  it('repairs a corrupted online copy from the archive', async () => {
    const p = products[3] as Product;
    const { path, good } = await corruptOneByte(p, 'products');
    const results = await runFixityRound(archive, { productIds: [p.id] });
    expect(results.find((r) => r.tier === 'online')).toMatchObject({ ok: false, repaired: true });
    expect((await readFile(path)).equals(good)).toBe(true);
  });
});
