import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertProduct } from '../../../src/catalog/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { buildProduct } from '../../support/products.ts';
import { stacProblems } from '../../support/stac-schemas.ts';
import { withDb } from '../../support/with-db.ts';

interface Collections {
  collections: { id: string; extent: { spatial: { bbox: number[][] } } }[];
  links: { rel: string; href: string }[];
  numberMatched: number;
  numberReturned: number;
}

withDb('STAC collections and collection search', (ctx) => {
  let hub: Hub;
  const list = async (qs: string): Promise<{ status: number; body: Collections & { code?: string } }> => {
    const r = await hub.app.inject({ url: `/stac/collections${qs === '' ? '' : `?${qs}`}` });
    return { status: r.statusCode, body: r.json() };
  };
  const names = (c: Collections): string[] => c.collections.map((x) => x.id).sort();

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { publicUrl: 'https://hub.example.org' });
    await insertProduct(ctx.db, buildProduct({ sensingStart: '2021-04-03T10:00:00Z', sensingEnd: '2021-04-03T10:00:10Z' }));
    await insertProduct(
      ctx.db,
      buildProduct({
        collection: 'SENTINEL-1',
        sensingStart: '2019-01-01T00:00:00Z',
        sensingEnd: '2019-01-01T00:00:20Z',
        footprint: {
          type: 'Polygon',
          coordinates: [
            [
              [-60, -10],
              [-59, -10],
              [-59, -9],
              [-60, -9],
              [-60, -10],
            ],
          ],
        },
        attributes: { productType: { type: 'String', value: 'IW_GRDH_1S' } },
      }),
    );
  });
  afterAll(async () => hub.close());

  it('lists every collection, each a valid STAC Collection, with an extent computed from its products', async () => {
    const r = await list('');
    expect(r.status).toBe(200);
    expect(names(r.body)).toEqual(['COP-DEM', 'SENTINEL-1', 'SENTINEL-2', 'SENTINEL-3', 'SENTINEL-5P', 'SENTINEL-6']);
    for (const c of r.body.collections) expect(stacProblems(c, 'collection'), c.id).toEqual([]);
    expect(r.body.collections.find((c) => c.id === 'SENTINEL-2')?.extent.spatial.bbox).toEqual([[14, 45, 15, 46]]);
  });

  it('answers one collection with self, root, items and queryables links, and 404 for an unknown one', async () => {
    const r = await hub.app.inject({ url: '/stac/collections/SENTINEL-1' });
    const c = r.json<{ links: { rel: string; href: string }[]; summaries: Record<string, unknown> }>();
    expect(c.links.find((l) => l.rel === 'items')?.href).toBe('https://hub.example.org/stac/collections/SENTINEL-1/items');
    expect(c.summaries['product:type']).toEqual(['IW_GRDH_1S']);
    const q = await hub.app.inject({ url: '/stac/collections/SENTINEL-1/queryables' });
    expect(q.json<{ $id: string; properties: Record<string, unknown> }>().$id).toBe(
      'https://hub.example.org/stac/collections/SENTINEL-1/queryables',
    );
    const missing = await hub.app.inject({ url: '/stac/collections/NOPE' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'COLLECTION_NOT_FOUND', description: expect.any(String) });
    expect((await hub.app.inject({ url: '/stac/collections/NOPE/queryables' })).statusCode).toBe(404);
  });

  it('searches collections by bbox, datetime and free text (collection search, simple-query)', async () => {
    expect(names((await list('bbox=-61,-11,-58,-8')).body)).toEqual(['SENTINEL-1']);
    expect(names((await list('datetime=2021-01-01T00:00:00Z/..')).body)).toEqual(['SENTINEL-2']);
    expect(names((await list('q=radar')).body)).toEqual(['SENTINEL-1', 'SENTINEL-6']);
    expect(names((await list('q=elevation,TROPOMI')).body)).toEqual(['COP-DEM', 'SENTINEL-5P']);
  });

  it('pages collections with limit and a next link', async () => {
    const first = (await list('limit=4')).body;
    expect(first.numberReturned).toBe(4);
    expect(first.numberMatched).toBe(6);
    const next = first.links.find((l) => l.rel === 'next');
    expect(next).toBeDefined();
    const u = new URL(next?.href ?? '');
    const second = (await hub.app.inject({ url: u.pathname + u.search })).json<Collections>();
    expect(second.numberReturned).toBe(2);
    expect(second.links.find((l) => l.rel === 'next')).toBeUndefined();
  });

  it('refuses bad collection-search parameters with 400', async () => {
    for (const qs of ['bbox=1,2', 'datetime=never', 'limit=0', 'token=zzz']) {
      const r = await list(qs);
      expect(r.status, qs).toBe(400);
      expect(r.body).toMatchObject({ code: expect.any(String), description: expect.any(String) });
    }
  });
});
