import { expect, it } from 'vitest';
import { createCollection, findProductByName, getProduct, hasProducts, insertProduct, listCollections } from '../../src/catalog/index.ts';
import { buildProduct } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';

withDb('product registration', (ctx) => {
  it('tells whether the catalogue holds any product (the demo loads only into an empty one)', async () => {
    expect(await hasProducts(ctx.db)).toBe(false);
    await ctx.db.transaction((tx) => insertProduct(tx, buildProduct()));
    expect(await hasProducts(ctx.db)).toBe(true);
  });

  it('round-trips a product with typed attributes, checksums, files and microsecond dates', async () => {
    const p = buildProduct({
      attributes: {
        productType: { type: 'String', value: 'S2MSI2A' },
        cloudCover: { type: 'Double', value: 0.447807 },
        orbitNumber: { type: 'Integer', value: 20270 },
        beginningDateTime: { type: 'DateTimeOffset', value: '2021-01-22T13:32:29.024000Z' },
        sliceProductFlag: { type: 'Boolean', value: false },
      },
      files: [{ path: 'manifest.safe', sizeBytes: 10, md5: 'a', blake3: 'b', mediaType: 'application/xml', role: 'metadata' }],
    });
    await ctx.db.transaction((tx) => insertProduct(tx, p));
    const got = await getProduct(ctx.db, p.id, INTERNAL_SEES_EVERYTHING);
    expect(got.name).toBe(p.name);
    expect(got.sensingStart).toBe('2021-04-03T10:10:21.024000Z');
    expect(got.attributes).toEqual(p.attributes);
    expect(got.checksums).toEqual(p.checksums);
    expect(got.online).toBe(true);
    expect((await findProductByName(ctx.db, p.name, INTERNAL_SEES_EVERYTHING))?.id).toBe(p.id);
  });

  it('writes a product.created event in the same transaction', async () => {
    const p = buildProduct();
    await ctx.db.transaction((tx) => insertProduct(tx, p));
    const r = await ctx.db.query<{ type: string }>('SELECT type FROM events WHERE product_id = $1', [p.id]);
    expect(r.rows.map((x) => x.type)).toEqual(['product.created']);
  });

  it('refuses a second product with the same name as a conflict and keeps the first', async () => {
    const p = buildProduct();
    await ctx.db.transaction((tx) => insertProduct(tx, p));
    await expect(ctx.db.transaction((tx) => insertProduct(tx, buildProduct({ name: p.name })))).rejects.toMatchObject({
      code: 'PRODUCT_EXISTS',
      kind: 'conflict',
    });
    expect((await findProductByName(ctx.db, p.name, INTERNAL_SEES_EVERYTHING))?.id).toBe(p.id);
  });

  it('refuses an attribute whose type differs from the collection’s, leaving nothing behind', async () => {
    await ctx.db.transaction((tx) =>
      insertProduct(tx, buildProduct({ attributes: { relativeOrbitNumber: { type: 'Integer', value: 22 } } })),
    );
    const bad = buildProduct({ attributes: { relativeOrbitNumber: { type: 'String', value: 'R022' } } });
    await expect(ctx.db.transaction((tx) => insertProduct(tx, bad))).rejects.toMatchObject({ code: 'ATTRIBUTE_TYPE_CONFLICT' });
    expect(await findProductByName(ctx.db, bad.name, INTERNAL_SEES_EVERYTHING)).toBeNull();
  });

  it('refuses a product of an unknown collection', async () => {
    await expect(ctx.db.transaction((tx) => insertProduct(tx, buildProduct({ collection: 'NOPE' })))).rejects.toMatchObject({
      kind: 'invalid',
    });
  });

  it('adds collections for contributing missions and refuses bad or duplicate names', async () => {
    await createCollection(ctx.db, { name: 'LANDSAT-8', title: 'Landsat 8' });
    expect((await listCollections(ctx.db, INTERNAL_SEES_EVERYTHING)).map((c) => c.name)).toContain('LANDSAT-8');
    await expect(createCollection(ctx.db, { name: 'LANDSAT-8' })).rejects.toMatchObject({ code: 'COLLECTION_EXISTS', kind: 'conflict' });
    await expect(createCollection(ctx.db, { name: "x'; DROP TABLE products;--" })).rejects.toMatchObject({ code: 'INVALID_COLLECTION' });
    await ctx.db.transaction((tx) => insertProduct(tx, buildProduct({ collection: 'LANDSAT-8' })));
  });
});
