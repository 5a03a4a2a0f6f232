import { expect, it } from 'vitest';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';
import { insertProduct } from '../../src/catalog/index.ts';
import { getHubStatus } from '../../src/status/index.ts';
import { buildProduct } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';

withDb('the hub status behind /health and `eohub admin status`', (ctx) => {
  it('counts the products exactly while the catalogue is small', async () => {
    const before = await getHubStatus(ctx.db, INTERNAL_SEES_EVERYTHING);
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await insertProduct(tx, buildProduct());
    });
    const after = await getHubStatus(ctx.db, INTERNAL_SEES_EVERYTHING);
    expect(after).toMatchObject({ status: 'ok', backend: ctx.backend, products: before.products + 3 });
    expect(after).not.toHaveProperty('productsEstimated');
  });

  it('gives the planner’s estimate above the exact-count limit, and says so, instead of reading every row', async () => {
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < 40; i++) await insertProduct(tx, buildProduct());
    });
    await ctx.db.exec('ANALYZE products');
    const exact = await getHubStatus(ctx.db, INTERNAL_SEES_EVERYTHING);
    const estimated = await getHubStatus(ctx.db, INTERNAL_SEES_EVERYTHING, { exactCountBelow: 10 });
    expect(exact.productsEstimated).toBeUndefined();
    expect(estimated.productsEstimated).toBe(true);
    // Fresh statistics: the estimate is the table's row count, give or take the planner's rounding.
    expect(estimated.products).toBeGreaterThanOrEqual(exact.products * 0.8);
    expect(estimated.products).toBeLessThanOrEqual(exact.products * 1.2);
  });
});
