import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDemo } from '../../../src/demo/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { ingestPaths } from '../../../src/ingest/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { withDb } from '../../support/with-db.ts';

interface Asset {
  Type: string;
  Id: string;
  DownloadLink: string;
  S3Path: string;
}

withDb('OData Assets(<id>)/$value: quicklook images', (ctx) => {
  let hub: Hub;
  let demoDir: string;
  let productId: string;
  let productName: string;
  let asset: Asset;

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { publicUrl: 'https://hub.example.org' });
    demoDir = await mkdtemp(join(tmpdir(), 'eohub-assets-'));
    await generateDemo({ outDir: demoDir, count: 1, seed: 'assets-1' });
    const result = await ingestPaths(
      hub.deps.ingest,
      (await readdir(demoDir)).map((n) => join(demoDir, n)),
      { concurrency: 1 },
    );
    const [outcome] = result.outcomes;
    if (outcome?.status !== 'ingested') throw new Error('demo product not ingested');
    productId = outcome.id;
    const r = await hub.app.inject({ url: `/odata/v1/Products(${productId})?$expand=Assets` });
    const body = r.json<{ Name: string; Assets: Asset[] }>();
    productName = body.Name;
    asset = body.Assets[0] as Asset;
  }, 120_000);
  afterAll(async () => {
    await hub.close();
    await rm(demoDir, { recursive: true, force: true });
  });

  const assetUrl = (): string => asset.DownloadLink.replace('https://hub.example.org', '');

  it('downloads the quicklook anonymously from the DownloadLink OData prints, with the download headers', async () => {
    expect(asset.Type).toBe('QUICKLOOK');
    expect(assetUrl()).toBe(`/odata/v1/Assets(${asset.Id})/$value`);
    const r = await hub.app.inject({ url: assetUrl() });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^image\//);
    expect(r.headers['accept-ranges']).toBe('bytes');
    expect(r.headers['etag']).toMatch(/^".+"$/);
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename=".+\.(png|jpe?g)"$/);
    // The same bytes as the file itself, read through the product's Nodes.
    const path = asset.S3Path.split(`/${productName}/`)[1] ?? '';
    const nodes = [productName, ...path.split('/')].map((s) => `Nodes(${encodeURIComponent(s)})`).join('/');
    const file = await hub.app.inject({ url: `/odata/v1/Products(${productId})/${nodes}/$value` });
    expect(file.statusCode).toBe(200);
    expect(r.rawPayload.equals(file.rawPayload)).toBe(true);
  });

  it('answers HEAD and Range requests as every download does', async () => {
    const head = await hub.app.inject({ method: 'HEAD', url: assetUrl() });
    expect(head.statusCode).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(8);
    const part = await hub.app.inject({ url: assetUrl(), headers: { range: 'bytes=0-7' } });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.length).toBe(8);
  });

  it('answers 404 in OData format for an unknown or malformed asset id', async () => {
    for (const url of [
      '/odata/v1/Assets(00000000-0000-5000-8000-000000000000)/$value',
      '/odata/v1/Assets(nope)/$value',
      '/odata/v1/Assets(/$value',
    ]) {
      const r = await hub.app.inject({ url });
      expect(r.statusCode, url).toBe(404);
      expect(r.json<{ error: { code: string } }>().error.code).toBe('RESOURCE_NOT_FOUND');
    }
  });

  it('shares the /:product/$value route with product downloads without either capturing the other', async () => {
    const product = await hub.app.inject({ method: 'HEAD', url: `/odata/v1/Products(${productId})/$value` });
    expect(product.statusCode).toBe(200);
    expect(product.headers['content-type']).toBe('application/zip');
    const byAssetAsProduct = await hub.app.inject({ url: `/odata/v1/Products(${asset.Id})/$value` });
    expect(byAssetAsProduct.statusCode).toBe(404);
    const byProductAsAsset = await hub.app.inject({ url: `/odata/v1/Assets(${productId})/$value` });
    expect(byProductAsAsset.statusCode).toBe(404);
  });
});
