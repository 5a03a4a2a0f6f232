import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { searchProducts } from '../../src/catalog/index.ts';
import { attribute, type SortTerm } from '../../src/query/index.ts';
import { insertTestProducts } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';

/** Walks forward to the end, then backward from the last page with the prev cursors; both must see the same pages. */
withDb('paging backwards with prevCursor', (ctx) => {
  beforeAll(async () => {
    const products = Array.from({ length: 23 }, (_, i) => ({
      name: `P${String(i).padStart(2, '0')}`,
      // Ties and NULLs in both keys, so that the mirror order and the NULLS FIRST/LAST handling matter.
      sensingStart: i % 5 === 0 ? null : `2021-01-${String(1 + (i % 4)).padStart(2, '0')}T00:00:00Z`,
      sensingEnd: null,
      attributes: i % 3 === 0 ? {} : { cloudCover: (i * 7) % 4 },
    }));
    await insertTestProducts(ctx.db, products);
  });

  const orders: SortTerm[][] = [
    [],
    [{ key: 'sensingStart', direction: 'asc' }],
    [{ key: 'sensingStart', direction: 'desc' }],
    [
      { key: attribute('cloudCover', 'Double'), direction: 'desc' },
      { key: 'sensingStart', direction: 'asc' },
    ],
  ];

  it('gives the first page no prev cursor, and a page reached by a cursor one', async () => {
    const first = await searchProducts(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, limit: 5 });
    expect(first.prevCursor).toBeNull();
    const second = await searchProducts(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, limit: 5, cursor: first.nextCursor ?? undefined });
    expect(second.prevCursor).not.toBeNull();
    const back = await searchProducts(ctx.db, {
      scope: INTERNAL_SEES_EVERYTHING,
      limit: 5,
      cursor: second.prevCursor ?? undefined,
      backward: true,
    });
    expect(back.products.map((p) => p.name)).toEqual(first.products.map((p) => p.name));
    expect(back.prevCursor).toBeNull();
    expect(back.nextCursor).not.toBeNull();
  });

  it('walks back through exactly the pages it walked forward, for any ordering and page size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...orders), fc.integer({ min: 1, max: 9 }), async (order, limit) => {
        const forward: string[][] = [];
        let cursor: string | undefined;
        let last = await searchProducts(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, limit, order });
        forward.push(last.products.map((p) => p.name));
        while (last.nextCursor !== null) {
          cursor = last.nextCursor;
          last = await searchProducts(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, limit, order, cursor });
          forward.push(last.products.map((p) => p.name));
        }
        expect(forward.flat()).toHaveLength(23);
        const backward: string[][] = [forward[forward.length - 1] as string[]];
        let prev = last.prevCursor;
        while (prev !== null) {
          const page = await searchProducts(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, limit, order, cursor: prev, backward: true });
          backward.unshift(page.products.map((p) => p.name));
          prev = page.prevCursor;
        }
        expect(backward).toEqual(forward);
      }),
      { numRuns: 12 },
    );
  }, 60_000);

  it('refuses backward paging without a cursor', async () => {
    await expect(searchProducts(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, limit: 5, backward: true })).rejects.toMatchObject({
      code: 'PAGING_INVALID_CURSOR',
    });
  });
});
