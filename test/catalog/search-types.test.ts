import { expect, it } from 'vitest';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';
import { insertProduct, listAttributeTypes, searchProducts } from '../../src/catalog/index.ts';
import { eq, prop } from '../../src/query/index.ts';
import { buildProduct } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';

withDb('a search given its collection’s attribute types', (ctx) => {
  const attributes = {
    productType: { type: 'String', value: 'S2MSI2A' },
    cloudCover: { type: 'Double', value: 12 },
    orbitNumber: { type: 'Integer', value: 20270 },
    beginningDateTime: { type: 'DateTimeOffset', value: '2021-01-22T13:32:29.024000Z' },
    sliceProductFlag: { type: 'Boolean', value: false },
  } as const;

  it('types every attribute as reading them per row does', async () => {
    const p = buildProduct({ attributes });
    await ctx.db.transaction((tx) => insertProduct(tx, p));
    const filter = eq(prop('name'), p.name);
    const perRow = await searchProducts(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, filter, limit: 10, withFiles: true });
    const types = await listAttributeTypes(ctx.db, p.collection);
    const given = await searchProducts(ctx.db, {
      scope: INTERNAL_SEES_EVERYTHING,
      filter,
      limit: 10,
      withFiles: true,
      attributeTypes: types,
    });
    expect(perRow.products).toHaveLength(1);
    expect(given.products).toEqual(perRow.products);
    expect(given.files).toEqual(perRow.files);
    // A Double that happens to be whole stays a Double: its type came from the collection, not the value.
    expect(given.products[0]?.attributes['cloudCover']).toEqual({ type: 'Double', value: 12 });
  });

  it('types an attribute newer than the types it was given from its value', async () => {
    const p = buildProduct({ attributes: { ...attributes, tileId: { type: 'String', value: '32TQM' } } });
    await ctx.db.transaction((tx) => insertProduct(tx, p));
    const page = await searchProducts(ctx.db, {
      scope: INTERNAL_SEES_EVERYTHING,
      filter: eq(prop('name'), p.name),
      limit: 10,
      attributeTypes: { cloudCover: 'Double' },
    });
    expect(page.products[0]?.attributes).toMatchObject({
      tileId: { type: 'String', value: '32TQM' },
      orbitNumber: { type: 'Integer', value: 20270 },
      sliceProductFlag: { type: 'Boolean', value: false },
    });
  });
});
