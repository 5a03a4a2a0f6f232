import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertProduct } from '../../../src/catalog/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { buildProduct } from '../../support/products.ts';
import { stacProblems } from '../../support/stac-schemas.ts';
import { withDb } from '../../support/with-db.ts';

interface Feature {
  id: string;
  bbox?: number[];
  properties: Record<string, unknown>;
  assets?: unknown;
  geometry?: unknown;
}
interface Link {
  rel: string;
  href: string;
  method?: string;
  body?: Record<string, unknown>;
  merge?: boolean;
}
interface ItemCollection {
  type: string;
  features: Feature[];
  links: Link[];
  numberMatched?: number;
  numberReturned: number;
}

const box = (w: number, s: number, e: number, n: number): { type: 'Polygon'; coordinates: number[][][] } => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
});

const s2 = (serial: string) => ({
  platformShortName: { type: 'String' as const, value: 'SENTINEL-2' },
  platformSerialIdentifier: { type: 'String' as const, value: serial },
  instrumentShortName: { type: 'String' as const, value: 'MSI' },
  productType: { type: 'String' as const, value: 'S2MSI2A' },
});

withDb('STAC item search', (ctx) => {
  let hub: Hub;
  const get = async (qs: string): Promise<{ status: number; body: ItemCollection & { code?: string; description?: string } }> => {
    const r = await hub.app.inject({ url: `/stac/search?${qs}` });
    return { status: r.statusCode, body: r.json() };
  };
  const post = async (payload: object, url = '/stac/search'): Promise<{ status: number; body: ItemCollection & { code?: string } }> => {
    const r = await hub.app.inject({ method: 'POST', url, payload });
    return { status: r.statusCode, body: r.json() };
  };
  const ids = (c: ItemCollection): string[] => c.features.map((f) => f.id);

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { publicUrl: 'https://hub.example.org' });
    const products = [
      buildProduct({
        name: 'S2A_MSIL2A_20210101_ALPHA',
        sensingStart: '2021-01-01T10:00:00Z',
        sensingEnd: '2021-01-01T10:00:10Z',
        footprint: box(10, 45, 11, 46),
        attributes: { ...s2('A'), cloudCover: { type: 'Double', value: 5 }, tileId: { type: 'String', value: '32TQM' } },
      }),
      buildProduct({
        name: 'S2B_MSIL2A_20210201_BRAVO',
        sensingStart: '2021-02-01T10:00:00Z',
        sensingEnd: '2021-02-01T10:00:10Z',
        footprint: box(20, 45, 21, 46),
        attributes: { ...s2('B'), cloudCover: { type: 'Double', value: 50 } },
      }),
      buildProduct({
        name: 'S2B_MSIL2A_20210301_CHARLIE',
        sensingStart: '2021-03-01T10:00:00Z',
        sensingEnd: '2021-03-01T10:00:10Z',
        footprint: box(179, -10, -179, -9),
        attributes: { ...s2('B'), cloudCover: { type: 'Double', value: 20 } },
      }),
      buildProduct({
        name: 'S1A_IW_GRDH_20210115_DELTA',
        collection: 'SENTINEL-1',
        sensingStart: '2021-01-15T05:00:00Z',
        sensingEnd: '2021-01-15T05:00:25Z',
        footprint: box(10, 45, 11, 46),
        attributes: {
          platformShortName: { type: 'String', value: 'SENTINEL-1' },
          platformSerialIdentifier: { type: 'String', value: 'A' },
          orbitDirection: { type: 'String', value: 'ASCENDING' },
          productType: { type: 'String', value: 'IW_GRDH_1S' },
        },
      }),
    ];
    for (const p of products) await insertProduct(ctx.db, p);
  });
  afterAll(async () => hub.close());

  it('returns a FeatureCollection of valid items as application/geo+json, with numberMatched and numberReturned', async () => {
    const r = await hub.app.inject({ url: '/stac/search' });
    expect(r.headers['content-type']).toBe('application/geo+json');
    const body = r.json<ItemCollection>();
    expect(body.type).toBe('FeatureCollection');
    expect(body.numberMatched).toBe(4);
    expect(body.numberReturned).toBe(4);
    for (const f of body.features) expect(stacProblems(f, 'item'), f.id).toEqual([]);
  });

  it('filters by collections and ids, on GET and POST alike', async () => {
    expect(ids((await get('collections=SENTINEL-1')).body)).toEqual(['S1A_IW_GRDH_20210115_DELTA']);
    expect(ids((await post({ ids: ['S2A_MSIL2A_20210101_ALPHA', 'nope'] })).body)).toEqual(['S2A_MSIL2A_20210101_ALPHA']);
    const unknown = await get('collections=NOPE');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('COLLECTION_NOT_FOUND');
  });

  it('filters by bbox with 4 or 6 numbers and across the antimeridian when minLon > maxLon', async () => {
    expect(ids((await get('bbox=9,44,12,47')).body).sort()).toEqual(['S1A_IW_GRDH_20210115_DELTA', 'S2A_MSIL2A_20210101_ALPHA']);
    expect(ids((await post({ bbox: [19, 44, -100, 20, 47, 100] })).body)).toEqual(['S2B_MSIL2A_20210201_BRAVO']);
    expect(ids((await get('bbox=179.5,-11,-179.5,-8')).body)).toEqual(['S2B_MSIL2A_20210301_CHARLIE']);
    const item = (await get('ids=S2B_MSIL2A_20210301_CHARLIE')).body.features[0];
    expect(item?.bbox).toEqual([179, -10, -179, -9]);
  });

  it('filters by intersects with any GeoJSON geometry, and refuses intersects with bbox', async () => {
    const point = await post({ intersects: { type: 'Point', coordinates: [20.5, 45.5] } });
    expect(ids(point.body)).toEqual(['S2B_MSIL2A_20210201_BRAVO']);
    const both = await post({ bbox: [0, 0, 1, 1], intersects: { type: 'Point', coordinates: [20.5, 45.5] } });
    expect(both.status).toBe(400);
    expect(both.body.code).toBe('STAC_BBOX_WITH_INTERSECTS');
    const bad = await post({ intersects: { type: 'Polygon', coordinates: 'x' } });
    expect(bad.status).toBe(400);
  });

  it('filters by datetime instants and closed, open and empty-ended intervals with any offset', async () => {
    expect(ids((await get('datetime=2021-01-01T10:00:05Z')).body)).toEqual(['S2A_MSIL2A_20210101_ALPHA']);
    expect(ids((await get('datetime=2021-01-10T00:00:00Z/2021-02-15T00:00:00Z')).body).sort()).toEqual([
      'S1A_IW_GRDH_20210115_DELTA',
      'S2B_MSIL2A_20210201_BRAVO',
    ]);
    expect(ids((await get('datetime=2021-02-15T00:00:00Z/..')).body)).toEqual(['S2B_MSIL2A_20210301_CHARLIE']);
    expect(ids((await get('datetime=/2021-01-02T00:00:00Z')).body)).toEqual(['S2A_MSIL2A_20210101_ALPHA']);
    expect(ids((await get(`datetime=${encodeURIComponent('2021-03-01T12:00:00+02:00/..')}`)).body)).toEqual([
      'S2B_MSIL2A_20210301_CHARLIE',
    ]);
    for (const bad of ['2021-13-01T00:00:00Z', '../..', 'yesterday', '2021-02-01T00:00:00Z/2021-01-01T00:00:00Z', '2021-01-01']) {
      const r = await get(`datetime=${encodeURIComponent(bad)}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.code, bad).toBe('STAC_INVALID_PARAMETER');
    }
  });

  it('pages with limit, clamps a limit over the maximum and refuses a limit below 1 or not an integer', async () => {
    expect((await get('limit=2')).body.numberReturned).toBe(2);
    expect((await get('limit=100000')).status).toBe(200);
    for (const bad of ['0', '-1', '1.5', 'ten']) expect((await get(`limit=${bad}`)).status, bad).toBe(400);
    expect((await post({ limit: 0 })).status).toBe(400);
  });

  it('follows next and prev links on GET and POST and gets the same pages back', async () => {
    const first = (await get('limit=1&sortby=datetime')).body;
    const next = first.links.find((l) => l.rel === 'next') as Link;
    expect(first.links.find((l) => l.rel === 'prev')).toBeUndefined();
    const second = (await hub.app.inject({ url: new URL(next.href).pathname + new URL(next.href).search })).json<ItemCollection>();
    expect(ids(second)).toEqual(['S1A_IW_GRDH_20210115_DELTA']);
    const prev = second.links.find((l) => l.rel === 'prev') as Link;
    const back = (await hub.app.inject({ url: new URL(prev.href).pathname + new URL(prev.href).search })).json<ItemCollection>();
    expect(ids(back)).toEqual(ids(first));
    expect(back.links.find((l) => l.rel === 'prev')).toBeUndefined();

    const p1 = (await post({ limit: 2, sortby: [{ field: 'datetime', direction: 'desc' }] })).body;
    const n = p1.links.find((l) => l.rel === 'next') as Link;
    expect(n).toMatchObject({ method: 'POST', merge: false, href: 'https://hub.example.org/stac/search' });
    expect(n.body).toMatchObject({ limit: 2, token: expect.any(String) });
    const p2 = (await post(n.body as object)).body;
    expect(ids(p2)).toEqual(['S1A_IW_GRDH_20210115_DELTA', 'S2A_MSIL2A_20210101_ALPHA']);
    const pv = p2.links.find((l) => l.rel === 'prev') as Link;
    expect(ids((await post(pv.body as object)).body)).toEqual(ids(p1));
  });

  it('keeps pages stable when products are inserted between requests', async () => {
    const first = (await get('collections=SENTINEL-2&limit=2&sortby=datetime')).body;
    await insertProduct(
      ctx.db,
      buildProduct({ name: 'S2A_MSIL2A_20201201_EARLY', sensingStart: '2020-12-01T00:00:00Z', sensingEnd: null }),
    );
    const next = first.links.find((l) => l.rel === 'next') as Link;
    const second = (await hub.app.inject({ url: new URL(next.href).pathname + new URL(next.href).search })).json<ItemCollection>();
    expect(ids(second)).toEqual(['S2B_MSIL2A_20210301_CHARLIE']);
    await ctx.db.query(`DELETE FROM products WHERE name = 'S2A_MSIL2A_20201201_EARLY'`);
  });

  it('refuses a token it did not make with 400', async () => {
    for (const token of ['garbage', 'n.abc.def', 'p.']) {
      const r = await get(`token=${encodeURIComponent(token)}`);
      expect(r.status, token).toBe(400);
      expect(r.body).toMatchObject({ code: expect.any(String), description: expect.any(String) });
    }
  });

  it('sorts by sortby on GET (+a,-b) and POST ([{field, direction}]), and refuses an unknown sort field', async () => {
    expect(ids((await get('collections=SENTINEL-2&sortby=-eo:cloud_cover')).body)).toEqual([
      'S2B_MSIL2A_20210201_BRAVO',
      'S2B_MSIL2A_20210301_CHARLIE',
      'S2A_MSIL2A_20210101_ALPHA',
    ]);
    expect(ids((await post({ collections: ['SENTINEL-2'], sortby: [{ field: 'properties.datetime', direction: 'desc' }] })).body)[0]).toBe(
      'S2B_MSIL2A_20210301_CHARLIE',
    );
    const bad = await get('sortby=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('ORDER_UNKNOWN_KEY');
  });

  it('includes and excludes fields (fields extension)', async () => {
    const only = (await get('ids=S2A_MSIL2A_20210101_ALPHA&fields=properties.eo:cloud_cover,-assets')).body.features[0] as Feature;
    expect(only.properties).toEqual({ datetime: '2021-01-01T10:00:00.000000Z', 'eo:cloud_cover': 5 });
    expect(only.assets).toBeUndefined();
    const without = (await post({ ids: ['S2A_MSIL2A_20210101_ALPHA'], fields: { exclude: ['geometry', 'properties.platform'] } })).body
      .features[0] as Feature;
    expect(without.geometry).toBeUndefined();
    expect(without.properties['platform']).toBeUndefined();
    expect(without.properties['constellation']).toBe('sentinel-2');
  });

  it('filters with the query extension: comparisons, in, startsWith, and derived platform and orbit state', async () => {
    expect(ids((await post({ query: { 'eo:cloud_cover': { gte: 10, lt: 50 } } })).body)).toEqual(['S2B_MSIL2A_20210301_CHARLIE']);
    expect(ids((await post({ query: { platform: { in: ['sentinel-2a', 'sentinel-1a'] } } })).body).sort()).toEqual([
      'S1A_IW_GRDH_20210115_DELTA',
      'S2A_MSIL2A_20210101_ALPHA',
    ]);
    expect(ids((await post({ query: { 'sat:orbit_state': { eq: 'ascending' } } })).body)).toEqual(['S1A_IW_GRDH_20210115_DELTA']);
    expect(ids((await post({ query: { id: { startsWith: 'S2B_MSIL2A_202103' } } })).body)).toEqual(['S2B_MSIL2A_20210301_CHARLIE']);
    expect(ids((await post({ query: { platform: { neq: 'sentinel-2b' } } })).body).sort()).toEqual([
      'S1A_IW_GRDH_20210115_DELTA',
      'S2A_MSIL2A_20210101_ALPHA',
    ]);
    const unknown = await post({ query: { nope: { eq: 1 } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('FILTER_UNKNOWN_PROPERTY');
    expect((await post({ query: { 'eo:cloud_cover': { near: 1 } } })).status).toBe(400);
  });

  it('searches free text in product names with q; comma-separated terms are OR', async () => {
    expect(ids((await get('q=grdh')).body)).toEqual(['S1A_IW_GRDH_20210115_DELTA']);
    expect(ids((await get('q=alpha,bravo')).body).sort()).toEqual(['S2A_MSIL2A_20210101_ALPHA', 'S2B_MSIL2A_20210201_BRAVO']);
  });

  it('answers item lists of a collection with the same parameters and parent/collection links', async () => {
    const r = await hub.app.inject({ url: '/stac/collections/SENTINEL-2/items?bbox=9,44,22,47&limit=1' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/geo+json');
    const body = r.json<ItemCollection>();
    expect(body.numberMatched).toBe(2);
    expect(body.links.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'root', 'parent', 'collection', 'next']));
    const missing = await hub.app.inject({ url: '/stac/collections/NOPE/items' });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses unsupported filter languages and CRSs with 400', async () => {
    expect((await get('filter=x&filter-lang=sql')).status).toBe(400);
    expect((await get('filter=x&filter-crs=EPSG:3857')).status).toBe(400);
    const bbox = await get('bbox=1,2,3');
    expect(bbox.status).toBe(400);
    expect(bbox.body.code).toBe('STAC_INVALID_PARAMETER');
    expect((await get('bbox=0,50,1,40')).status).toBe(400);
  });
});
