import { expect, it } from 'vitest';
import {
  deleteCollection,
  deleteProduct,
  getCollection,
  getProduct,
  insertCollection,
  insertProduct,
  replaceProductMetadata,
  updateCollection,
} from '../../src/catalog/index.ts';
import { buildProduct } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';

withDb('catalogue writes with their events', (ctx) => {
  const eventsOf = async (type: string): Promise<number> =>
    Number((await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE type = $1', [type])).rows[0]?.n ?? 0);

  it("replaces a product's metadata in place and writes product.updated", async () => {
    const p = buildProduct();
    await insertProduct(ctx.db, p);
    await ctx.db.transaction((tx) => replaceProductMetadata(tx, { ...p, attributes: { cloudCover: { type: 'Double', value: 99 } } }));
    expect((await getProduct(ctx.db, p.id, INTERNAL_SEES_EVERYTHING)).attributes['cloudCover']?.value).toBe(99);
    expect(await eventsOf('product.updated')).toBe(1);
    await expect(replaceProductMetadata(ctx.db, { ...buildProduct() })).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
  });

  it('deletes a product with its files and writes product.deleted', async () => {
    const p = buildProduct({
      files: [{ path: 'a', sizeBytes: 1, md5: 'a'.repeat(32), blake3: 'b'.repeat(64), mediaType: 'text/plain', role: 'data' }],
    });
    await insertProduct(ctx.db, p);
    await ctx.db.transaction((tx) => deleteProduct(tx, p.id));
    await expect(getProduct(ctx.db, p.id, INTERNAL_SEES_EVERYTHING)).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
    expect(await eventsOf('product.deleted')).toBe(1);
    await expect(deleteProduct(ctx.db, p.id)).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
  });

  it('creates, updates and deletes a collection with events; a collection with products stays', async () => {
    await ctx.db.transaction((tx) => insertCollection(tx, { name: 'EXTRA', title: 'Extra' }));
    await updateCollection(ctx.db, 'EXTRA', { title: 'Extra 2', description: 'd', properties: { license: 'CC-BY-4.0' } });
    expect(await getCollection(ctx.db, 'EXTRA', INTERNAL_SEES_EVERYTHING)).toMatchObject({
      title: 'Extra 2',
      properties: { license: 'CC-BY-4.0' },
    });
    await deleteCollection(ctx.db, 'EXTRA');
    await expect(getCollection(ctx.db, 'EXTRA', INTERNAL_SEES_EVERYTHING)).rejects.toMatchObject({ code: 'COLLECTION_NOT_FOUND' });
    expect([await eventsOf('collection.created'), await eventsOf('collection.updated'), await eventsOf('collection.deleted')]).toEqual([
      1, 1, 1,
    ]);
    await expect(deleteCollection(ctx.db, 'SENTINEL-2')).rejects.toMatchObject({ code: 'COLLECTION_NOT_EMPTY' });
    await expect(updateCollection(ctx.db, 'NOPE', { title: '', description: '', properties: {} })).rejects.toMatchObject({
      code: 'COLLECTION_NOT_FOUND',
    });
  });
});
