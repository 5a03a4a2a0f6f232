import { describe, expect, it } from 'vitest';
import { getProduct, insertProduct, unwrapFootprint } from '../../src/catalog/index.ts';
import type { Db } from '../../src/db/index.ts';
import { buildProduct } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';

/** Ids of products whose footprint intersects a lon/lat box. */
async function inBox(db: Db, minLon: number, minLat: number, maxLon: number, maxLat: number): Promise<string[]> {
  const r = await db.query<{ id: string }>(
    'SELECT id FROM products WHERE ST_Intersects(footprint, ST_MakeEnvelope($1, $2, $3, $4, 4326)) ORDER BY id',
    [minLon, minLat, maxLon, maxLat],
  );
  return r.rows.map((x) => x.id);
}

describe('footprint unwrapping', () => {
  it('leaves an ordinary ring as it is', () => {
    const ring = [
      [14, 45],
      [15, 45],
      [15, 46],
      [14, 46],
      [14, 45],
    ];
    expect(unwrapFootprint({ type: 'Polygon', coordinates: [ring] })).toEqual({ type: 'Polygon', coordinates: [ring] });
  });

  it('makes a ring crossing 180 continuous in longitude', () => {
    const out = unwrapFootprint({
      type: 'Polygon',
      coordinates: [
        [
          [179, 60],
          [-179, 60],
          [-179, 61],
          [179, 61],
          [179, 60],
        ],
      ],
    });
    expect(out.coordinates[0]).toEqual([
      [179, 60],
      [181, 60],
      [181, 61],
      [179, 61],
      [179, 60],
    ]);
  });

  it('closes a ring around the north pole over the pole', () => {
    const ring = [
      [0, 80],
      [90, 80],
      [180, 80],
      [-90, 80],
      [0, 80],
    ];
    const out = unwrapFootprint({ type: 'Polygon', coordinates: [ring] });
    const closed = out.coordinates[0] as number[][];
    expect(closed.filter((p) => p[1] === 90)).toHaveLength(2);
    expect(closed.at(-1)).toEqual([0, 80]);
  });
});

withDb('stored footprints', (ctx) => {
  it('stores a footprint crossing the antimeridian as two parts, found from both sides', async () => {
    const p = buildProduct({
      footprint: {
        type: 'Polygon',
        coordinates: [
          [
            [178, 60],
            [-178, 60],
            [-178, 61],
            [178, 61],
            [178, 60],
          ],
        ],
      },
    });
    await ctx.db.transaction((tx) => insertProduct(tx, p));
    const stored = await getProduct(ctx.db, p.id, INTERNAL_SEES_EVERYTHING);
    expect(stored.footprint?.type).toBe('MultiPolygon');
    const multi = stored.footprint?.type === 'MultiPolygon' ? stored.footprint : null;
    expect(multi?.coordinates).toHaveLength(2);
    for (const ring of multi?.coordinates.flat() ?? [])
      for (const [lon] of ring) expect(Math.abs(lon as number)).toBeLessThanOrEqual(180);
    expect(await inBox(ctx.db, 179, 60, 179.5, 61)).toContain(p.id);
    expect(await inBox(ctx.db, -179.5, 60, -179, 61)).toContain(p.id);
    expect(await inBox(ctx.db, 0, 60, 10, 61)).not.toContain(p.id);
  });

  it('stores a ring around the pole so that every longitude near the pole finds it', async () => {
    const p = buildProduct({
      footprint: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 80],
            [90, 80],
            [180, 80],
            [-90, 80],
            [0, 80],
          ],
        ],
      },
    });
    await ctx.db.transaction((tx) => insertProduct(tx, p));
    for (const lon of [-170, -45, 0, 45, 179]) expect(await inBox(ctx.db, lon, 85, lon + 1, 86)).toContain(p.id);
    expect(await inBox(ctx.db, 0, 50, 1, 51)).not.toContain(p.id);
  });
});
