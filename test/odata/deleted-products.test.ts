import { expect, it } from 'vitest';
import { deleteProduct, getDeletedProduct, insertProduct, searchDeletedProducts } from '../../src/catalog/index.ts';
import { eq, prop } from '../../src/query/index.ts';
import { buildProduct } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';

async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    return (error as { code: string }).code; // HubError
  }
  return 'no error';
}

withDb('product tombstones (0005_deleted_products, CDSE §1.9)', (ctx) => {
  it('deleteProduct removes the product, writes the tombstone with its cause and the product.deleted event in one transaction', async () => {
    const p = buildProduct();
    await ctx.db.transaction((tx) => insertProduct(tx, p));
    const tombstone = await ctx.db.transaction((tx) => deleteProduct(tx, p.id, 'Duplicated product'));
    expect(tombstone).toMatchObject({ id: p.id, name: p.name, deletionCause: 'Duplicated product' });
    expect((await ctx.db.query('SELECT 1 FROM products WHERE id = $1', [p.id])).rows).toHaveLength(0);
    const events = await ctx.db.query<{ type: string; payload: { cause: string } }>(
      'SELECT type, payload FROM events WHERE product_id = $1 ORDER BY id',
      [p.id],
    );
    expect(events.rows.map((e) => e.type)).toEqual(['product.created', 'product.deleted']);
    expect(events.rows[1]?.payload.cause).toBe('Duplicated product');
    // The setting was transaction-local: a later plain DELETE gets the default cause.
    const q = buildProduct();
    await ctx.db.transaction((tx) => insertProduct(tx, q));
    await ctx.db.query('DELETE FROM products WHERE id = $1', [q.id]);
    expect((await getDeletedProduct(ctx.db, q.id, INTERNAL_SEES_EVERYTHING)).deletionCause).toBe('Deleted');
  });

  it('keeps the product as it was: attributes, checksums, footprint and its own modification date', async () => {
    const p = buildProduct({ publicationDate: '2021-04-03T12:00:00.250000Z' });
    await ctx.db.transaction((tx) => insertProduct(tx, p));
    await ctx.db.transaction((tx) => deleteProduct(tx, p.id, 'Corrupted product'));
    const t = await getDeletedProduct(ctx.db, p.id, INTERNAL_SEES_EVERYTHING);
    expect(t.attributes['cloudCover']).toEqual({ type: 'Double', value: 12.5 });
    expect(t.checksums).toEqual(p.checksums);
    expect(t.footprint?.type).toBe('MultiPolygon');
    expect(t.modificationDate).toBe(p.publicationDate);
    expect(Date.parse(t.deletionDate)).toBeGreaterThan(Date.parse(t.modificationDate));
    const page = await searchDeletedProducts(ctx.db, {
      scope: INTERNAL_SEES_EVERYTHING,
      filter: eq(prop('name'), p.name),
      limit: 10,
      count: true,
    });
    expect(page.products.map((x) => x.id)).toEqual([p.id]);
    expect(page.numberMatched).toBe(1);
  });

  it('keeps every column of products in deleted_products, so that a tombstone is the whole product', async () => {
    const missing = await ctx.db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'products'
       EXCEPT SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'deleted_products'`,
    );
    expect(missing.rows).toEqual([]);
  });

  it('answers PRODUCT_NOT_FOUND for an unknown id and INVALID_DELETION_CAUSE for an empty cause', async () => {
    expect(await errorCode(ctx.db.transaction((tx) => deleteProduct(tx, '0c000000-0000-4000-8000-000000000000', 'Deleted')))).toBe(
      'PRODUCT_NOT_FOUND',
    );
    expect(await errorCode(ctx.db.transaction((tx) => deleteProduct(tx, '0c000000-0000-4000-8000-000000000000', ' ')))).toBe(
      'INVALID_DELETION_CAUSE',
    );
    expect(await errorCode(getDeletedProduct(ctx.db, '0c000000-0000-4000-8000-000000000000', INTERNAL_SEES_EVERYTHING))).toBe(
      'PRODUCT_NOT_FOUND',
    );
  });

  it('rolls the tombstone back with the deletion', async () => {
    const p = buildProduct();
    await ctx.db.transaction((tx) => insertProduct(tx, p));
    await expect(
      ctx.db.transaction(async (tx) => {
        await tx.query('DELETE FROM products WHERE id = $1', [p.id]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await errorCode(getDeletedProduct(ctx.db, p.id, INTERNAL_SEES_EVERYTHING))).toBe('PRODUCT_NOT_FOUND');
  });
});
