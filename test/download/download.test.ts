import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getProduct, listProductFiles, type Product } from '../../src/catalog/index.ts';
import { generateDemo } from '../../src/demo/index.ts';
import { DOWNLOAD_ERRORS, listProductNodes, openProductNode, openProductPackage, type DownloadContext } from '../../src/download/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { buildTestHub } from '../support/hub.ts';
import { ONE_OF_EACH_PACKAGING, sample } from '../support/samples.ts';
import { withDb } from '../support/with-db.ts';
import { digests, readAll, unzipAll } from './helpers.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';

/** One sample of each packaging, and three demo products with real rasters (Sentinel-2 COGs). */
const SAMPLES = ONE_OF_EACH_PACKAGING;

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ code });
}

withDb('downloading products', (ctx) => {
  let hub: Hub;
  let dc: DownloadContext;
  let demoDir: string;
  const products: Product[] = [];

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db);
    dc = { db: ctx.db, stores: hub.deps.stores };
    demoDir = await mkdtemp(join(tmpdir(), 'eohub-download-demo-'));
    await generateDemo({ outDir: demoDir, count: 3, seed: 'download-1' });
    const paths = [...SAMPLES.map((s) => sample(s).productPath), ...(await listDemo(demoDir))];
    const result = await ingestPaths(hub.deps.ingest, paths, { concurrency: 2 });
    expect(result.outcomes.filter((o) => o.status === 'failed')).toEqual([]);
    for (const o of result.outcomes) if (o.status === 'ingested') products.push(await getProduct(ctx.db, o.id, INTERNAL_SEES_EVERYTHING));
  }, 240_000);

  afterAll(async () => {
    await hub.close();
    await rm(demoDir, { recursive: true, force: true });
  });

  it('downloads every product whole with the MD5 and BLAKE3 the catalogue recorded at ingest', async () => {
    expect(products.length).toBe(SAMPLES.length + 3);
    for (const p of products) {
      const d = await openProductPackage(dc, INTERNAL_SEES_EVERYTHING, p.id);
      expect(d.sizeBytes, p.name).toBe(p.contentLength);
      const body = await readAll(await d.open(0, d.sizeBytes - 1));
      const sums = await digests(body);
      expect(sums.md5, p.name).toBe(p.checksums.find((c) => c.algorithm === 'MD5')?.value);
      expect(sums.blake3, p.name).toBe(p.checksums.find((c) => c.algorithm === 'BLAKE3')?.value);
      expect(d.etag).toBe(sums.blake3);
    }
  });

  it('gives zips whose every entry equals the stored file', async () => {
    for (const p of products.filter((x) => x.contentType === 'application/zip')) {
      const d = await openProductPackage(dc, INTERNAL_SEES_EVERYTHING, p.id);
      expect(d.fileName).toBe(`${p.name}.zip`);
      const entries = await unzipAll(await readAll(await d.open(0, d.sizeBytes - 1)));
      const files = await listProductFiles(ctx.db, p.id);
      expect(entries.size).toBe(files.length);
      for (const f of files) {
        const stored = await readAll(await hub.deps.stores.primary.get(`${p.storage.path}/${f.path}`));
        expect(entries.get(`${p.name}/${f.path}`)?.equals(stored), f.path).toBe(true);
      }
    }
  });

  it('serves any range of a package or a file as the slice of the whole', async () => {
    for (const p of products) {
      const d = await openProductPackage(dc, INTERNAL_SEES_EVERYTHING, p.id);
      const whole = await readAll(await d.open(0, d.sizeBytes - 1));
      await fc.assert(
        fc.asyncProperty(fc.nat(d.sizeBytes - 1), fc.nat(d.sizeBytes - 1), async (a, b) => {
          const [s, e] = a <= b ? [a, b] : [b, a];
          expect((await readAll(await d.open(s, e))).equals(whole.subarray(s, e + 1))).toBe(true);
        }),
        { numRuns: 15 },
      );
    }
  });

  it('lists the tree as CDSE Nodes: the root folder, then folders and files with their sizes', async () => {
    const s2 = products.find((p) => p.contentType === 'application/zip' && p.name.startsWith('S2')) as Product;
    const top = await listProductNodes(dc, INTERNAL_SEES_EVERYTHING, s2.id, []);
    expect(top).toEqual([expect.objectContaining({ name: s2.name, sizeBytes: 0 })]);
    expect(top[0]?.childrenCount).toBeGreaterThan(0);
    const inside = await listProductNodes(dc, INTERNAL_SEES_EVERYTHING, s2.id, [s2.name]);
    expect(inside.map((n) => n.name)).toContain('manifest.safe');
    expect(inside.length).toBe(top[0]?.childrenCount);
    const manifest = inside.find((n) => n.name === 'manifest.safe');
    expect(manifest?.childrenCount).toBe(0);
    expect(await listProductNodes(dc, INTERNAL_SEES_EVERYTHING, s2.id, [s2.name, 'manifest.safe'])).toEqual([]);
    const file = await openProductNode(dc, INTERNAL_SEES_EVERYTHING, s2.id, [s2.name, 'manifest.safe']);
    expect(file.sizeBytes).toBe(manifest?.sizeBytes);
    const stored = await readAll(await hub.deps.stores.primary.get(`${s2.storage.path}/manifest.safe`));
    expect((await readAll(await file.open(0, file.sizeBytes - 1))).equals(stored)).toBe(true);
    expect(file.mediaType).toMatch(/xml/);
  });

  it('shows a one-file product as that file at the top, and its $value as the file itself', async () => {
    const nc = products.find((p) => p.name.startsWith('S5P_NRTI_L2__CO')) as Product;
    const top = await listProductNodes(dc, INTERNAL_SEES_EVERYTHING, nc.id, []);
    expect(top).toHaveLength(1);
    expect(top[0]?.childrenCount).toBe(0);
    const d = await openProductPackage(dc, INTERNAL_SEES_EVERYTHING, nc.id);
    expect(d.mediaType).toBe(nc.contentType);
    expect(d.fileName).toBe(nc.name);
  });

  it('counts data files as downloads of their product, and quicklooks as previews that are no download', async () => {
    // A demo Sentinel-2 product: its PVI is a quicklook, its bands are data.
    const s2 = products.find((p) => p.collection === 'SENTINEL-2' && p.name.includes('MSIL2A')) as Product;
    const found: { quicklook?: string[]; data?: string[] } = {};
    const walk = async (segments: string[]): Promise<void> => {
      for (const n of await listProductNodes(dc, INTERNAL_SEES_EVERYTHING, s2.id, segments)) {
        if (n.file === null) await walk([...segments, n.name]);
        else if (n.file.role === 'quicklook') found.quicklook ??= [...segments, n.name];
        else found.data ??= [...segments, n.name];
      }
    };
    await walk([]);
    const data = await openProductNode(dc, INTERNAL_SEES_EVERYTHING, s2.id, found.data ?? []);
    expect(data.product).toEqual({ id: s2.id, collection: s2.collection });
    // No quota slot and no usage row for what a results list shows beside each product.
    const quicklook = await openProductNode(dc, INTERNAL_SEES_EVERYTHING, s2.id, found.quicklook ?? []);
    expect(quicklook.product).toBeUndefined();
  });

  it('refuses unknown products, unknown nodes, folders as files, and segments that could escape', async () => {
    const s2 = products.find((p) => p.contentType === 'application/zip') as Product;
    await expectCode(
      openProductPackage(dc, INTERNAL_SEES_EVERYTHING, '00000000-0000-4000-8000-000000000000'),
      DOWNLOAD_ERRORS.PRODUCT_NOT_FOUND,
    );
    await expectCode(openProductNode(dc, INTERNAL_SEES_EVERYTHING, s2.id, [s2.name, 'nope']), DOWNLOAD_ERRORS.NODE_NOT_FOUND);
    await expectCode(openProductNode(dc, INTERNAL_SEES_EVERYTHING, s2.id, ['other']), DOWNLOAD_ERRORS.NODE_NOT_FOUND);
    await expectCode(openProductNode(dc, INTERNAL_SEES_EVERYTHING, s2.id, [s2.name]), DOWNLOAD_ERRORS.NODE_IS_FOLDER);
    for (const bad of ['..', '.', '', 'a/b', 'a\\b', 'a\0b']) {
      await expectCode(openProductNode(dc, INTERNAL_SEES_EVERYTHING, s2.id, [s2.name, bad]), DOWNLOAD_ERRORS.INVALID_NODE_PATH);
    }
    const d = await openProductPackage(dc, INTERNAL_SEES_EVERYTHING, s2.id);
    await expectCode(d.open(d.sizeBytes, d.sizeBytes + 5), DOWNLOAD_ERRORS.RANGE_NOT_SATISFIABLE);
  });

  it('rebuilds the same package for files registered without a CRC-32, from the stored bytes', async () => {
    const p = products.find((x) => x.contentType === 'application/zip') as Product;
    await ctx.db.query('UPDATE product_files SET crc32 = NULL WHERE product_id = $1', [p.id]);
    await ctx.db.query(`UPDATE products SET modification_date = now() WHERE id = $1`, [p.id]);
    const d = await openProductPackage(dc, INTERNAL_SEES_EVERYTHING, p.id);
    const sums = await digests(await readAll(await d.open(0, d.sizeBytes - 1)));
    expect(sums.md5).toBe(p.checksums.find((c) => c.algorithm === 'MD5')?.value);
  });
});

async function listDemo(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => !n.startsWith('.')).map((n) => join(dir, n));
}
