import { expect, it } from 'vitest';
import { createCollection, insertProduct } from '../../src/catalog/index.ts';
import { createStacService, stacUrls } from '../../src/stac/index.ts';
import { buildProduct } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';
import { ANONYMOUS } from '../../src/auth/index.ts';

const urls = stacUrls('https://hub.example.org');
const bboxOf = (c: Record<string, unknown>): unknown => (c['extent'] as { spatial: { bbox: unknown } }).spatial.bbox;

withDb('the STAC service reusing collection extents', (ctx) => {
  it('reuses extents within statsTtlMs and recomputes them after one of its own transactions', async () => {
    const stac = createStacService(ctx.db, { transactions: true, statsTtlMs: 60_000 }, async () => INTERNAL_SEES_EVERYTHING);
    expect(bboxOf(await stac.collection(ANONYMOUS, urls, 'SENTINEL-3'))).toEqual([[-180, -90, 180, 90]]);
    await insertProduct(ctx.db, buildProduct({ collection: 'SENTINEL-3' }));
    expect(bboxOf(await stac.collection(ANONYMOUS, urls, 'SENTINEL-3'))).toEqual([[-180, -90, 180, 90]]);
    await stac.transactions.createCollection({ type: 'Collection', id: 'CACHE-TEST', description: 'x' });
    expect(bboxOf(await stac.collection(ANONYMOUS, urls, 'SENTINEL-3'))).toEqual([[14, 45, 15, 46]]);
  });

  it('computes them on every request with statsTtlMs 0', async () => {
    const stac = createStacService(ctx.db, { transactions: false, statsTtlMs: 0 }, async () => INTERNAL_SEES_EVERYTHING);
    expect(bboxOf(await stac.collection(ANONYMOUS, urls, 'SENTINEL-5P'))).toEqual([[-180, -90, 180, 90]]);
    await insertProduct(ctx.db, buildProduct({ collection: 'SENTINEL-5P' }));
    expect(bboxOf(await stac.collection(ANONYMOUS, urls, 'SENTINEL-5P'))).toEqual([[14, 45, 15, 46]]);
  });

  it('keeps collection names and attribute types between searches, yet finds ones added since at once', async () => {
    const stac = createStacService(ctx.db, { transactions: false, statsTtlMs: 60_000 }, async () => INTERNAL_SEES_EVERYTHING);
    const search = (collections: string[], filter?: string) =>
      stac.search(ANONYMOUS, urls, { collections, limit: 10, ...(filter === undefined ? {} : { filter }) });
    await search(['SENTINEL-2'], 'eo:cloud_cover < 50'); // fills the caches
    // Written behind the service's back, as `eohub ingest` or `catalog load` would.
    await createCollection(ctx.db, { name: 'LANDSAT-9', title: 'Landsat 9', storagePrefix: 'Landsat-9' });
    await insertProduct(
      ctx.db,
      buildProduct({ name: 'L9_NEW', collection: 'LANDSAT-9', attributes: { sunElevation: { type: 'Double', value: 41.5 } } }),
    );
    const found = await search(['LANDSAT-9'], 'sunElevation > 40');
    expect(found.items.map((i) => i.id)).toEqual(['L9_NEW']);
    await expect(search(['LANDSAT-10'])).rejects.toMatchObject({ code: 'COLLECTION_NOT_FOUND' });
    await expect(search(['LANDSAT-9'], 'noSuchAttribute > 1')).rejects.toMatchObject({ code: 'FILTER_UNKNOWN_PROPERTY' });
  });
});
