import { expect, it } from 'vitest';
import { insertProduct } from '../../src/catalog/index.ts';
import { createStacService, stacUrls } from '../../src/stac/index.ts';
import { buildProduct } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';

const urls = stacUrls('https://hub.example.org');
const bboxOf = (c: Record<string, unknown>): unknown => (c['extent'] as { spatial: { bbox: unknown } }).spatial.bbox;

withDb('the STAC service reusing collection extents', (ctx) => {
  it('reuses extents within statsTtlMs and recomputes them after one of its own transactions', async () => {
    const stac = createStacService(ctx.db, { transactions: true, statsTtlMs: 60_000 });
    expect(bboxOf(await stac.collection(urls, 'SENTINEL-3'))).toEqual([[-180, -90, 180, 90]]);
    await insertProduct(ctx.db, buildProduct({ collection: 'SENTINEL-3' }));
    expect(bboxOf(await stac.collection(urls, 'SENTINEL-3'))).toEqual([[-180, -90, 180, 90]]);
    await stac.transactions.createCollection({ type: 'Collection', id: 'CACHE-TEST', description: 'x' });
    expect(bboxOf(await stac.collection(urls, 'SENTINEL-3'))).toEqual([[14, 45, 15, 46]]);
  });

  it('computes them on every request with statsTtlMs 0', async () => {
    const stac = createStacService(ctx.db, { transactions: false, statsTtlMs: 0 });
    expect(bboxOf(await stac.collection(urls, 'SENTINEL-5P'))).toEqual([[-180, -90, 180, 90]]);
    await insertProduct(ctx.db, buildProduct({ collection: 'SENTINEL-5P' }));
    expect(bboxOf(await stac.collection(urls, 'SENTINEL-5P'))).toEqual([[14, 45, 15, 46]]);
  });
});
