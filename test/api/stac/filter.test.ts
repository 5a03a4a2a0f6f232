/**
 * The filter extension (CQL2 text and JSON) over STAC: the dialect itself is proven against OGC's
 * conformance suite in test/query/cql2/; here, that STAC's names, GET and POST, and errors reach it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertProduct } from '../../../src/catalog/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { CQL2_CONFORMANCE } from '../../../src/query/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { buildProduct } from '../../support/products.ts';
import { withDb } from '../../support/with-db.ts';

const square = (w: number, s: number): { type: 'Polygon'; coordinates: number[][][] } => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [w + 1, s],
      [w + 1, s + 1],
      [w, s + 1],
      [w, s],
    ],
  ],
});

function setUp(ctx: { db: Parameters<typeof buildTestHub>[0] }): () => Hub {
  let hub: Hub | undefined;
  beforeAll(async () => {
    hub = await buildTestHub(ctx.db);
    const platform = (serial: string) => ({
      platformShortName: { type: 'String' as const, value: 'SENTINEL-2' },
      platformSerialIdentifier: { type: 'String' as const, value: serial },
    });
    await insertProduct(
      ctx.db,
      buildProduct({
        name: 'F_ALPHA',
        footprint: square(10, 45),
        attributes: { ...platform('A'), cloudCover: { type: 'Double', value: 5 } },
      }),
    );
    await insertProduct(
      ctx.db,
      buildProduct({
        name: 'F_BRAVO',
        footprint: square(20, 45),
        attributes: { ...platform('B'), cloudCover: { type: 'Double', value: 50 } },
      }),
    );
  });
  afterAll(async () => hub?.close());
  return () => {
    if (!hub) throw new Error('the hub is built in beforeAll');
    return hub;
  };
}

const ids = (body: { features: { id: string }[] }): string[] => body.features.map((f) => f.id).sort();

withDb('STAC filter extension', (ctx) => {
  const hub = setUp(ctx);

  it('declares the filter classes and the CQL2 classes', async () => {
    const conf = (await hub().app.inject({ url: '/stac/conformance' })).json<{ conformsTo: string[] }>();
    expect(conf.conformsTo).toEqual(
      expect.arrayContaining(['http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter', ...CQL2_CONFORMANCE]),
    );
  });

  it('filters with CQL2 text on GET, comparisons on STAC names and derived platform', async () => {
    const lt = await hub().app.inject({ url: `/stac/search?filter=${encodeURIComponent('eo:cloud_cover < 10')}` });
    expect(ids(lt.json())).toEqual(['F_ALPHA']);
    const platform = await hub().app.inject({
      url: `/stac/search?filter=${encodeURIComponent("platform = 'sentinel-2b'")}&filter-lang=cql2-text`,
    });
    expect(ids(platform.json())).toEqual(['F_BRAVO']);
  });

  it('filters with CQL2 JSON on POST and GET, including s_intersects', async () => {
    const filter = { op: 's_intersects', args: [{ property: 'geometry' }, { type: 'Point', coordinates: [20.5, 45.5] }] };
    const post = await hub().app.inject({ method: 'POST', url: '/stac/search', payload: { filter, 'filter-lang': 'cql2-json' } });
    expect(ids(post.json())).toEqual(['F_BRAVO']);
    const get = await hub().app.inject({
      url: `/stac/search?filter-lang=cql2-json&filter=${encodeURIComponent(JSON.stringify({ op: '=', args: [{ property: 'id' }, 'F_ALPHA'] }))}`,
    });
    expect(ids(get.json())).toEqual(['F_ALPHA']);
  });

  it('answers 400 {code, description} for an unknown property and an unparsable filter', async () => {
    const unknown = await hub().app.inject({ url: `/stac/search?filter=${encodeURIComponent('nope = 1')}` });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ code: string }>().code).toBe('FILTER_UNKNOWN_PROPERTY');
    const garbage = await hub().app.inject({ url: `/stac/search?filter=${encodeURIComponent('eo:cloud_cover <')}` });
    expect(garbage.statusCode).toBe(400);
  });

  it('evaluates CQL2 arithmetic, temporal functions, CASEI and ACCENTI on STAC names', async () => {
    const q = async (filter: string): Promise<string[]> =>
      ids((await hub().app.inject({ url: `/stac/search?filter=${encodeURIComponent(filter)}` })).json());
    expect(await q('eo:cloud_cover * 2 + 1 = 11')).toEqual(['F_ALPHA']);
    expect(await q("CASEI(platform) = casei('SENTINEL-2A')")).toEqual(['F_ALPHA']);
    expect(await q("ACCENTI(platform) = accenti('séntinel-2b')")).toEqual(['F_BRAVO']);
    expect(await q("T_INTERSECTS(datetime, INTERVAL('2000-01-01T00:00:00Z', '..'))")).toEqual(['F_ALPHA', 'F_BRAVO']);
    expect(await q("T_BEFORE(datetime, TIMESTAMP('2000-01-01T00:00:00Z'))")).toEqual([]);
  });

  it('answers 400, not 500, when a filter divides by zero in some row', async () => {
    const r = await hub().app.inject({
      url: `/stac/search?filter=${encodeURIComponent('eo:cloud_cover / (eo:cloud_cover - eo:cloud_cover) > 1')}`,
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'DB_DIVISION_BY_ZERO', description: expect.any(String) });
    const literal = await hub().app.inject({ url: `/stac/search?filter=${encodeURIComponent('eo:cloud_cover / 0 > 1')}` });
    expect(literal.statusCode).toBe(400);
  });
});
