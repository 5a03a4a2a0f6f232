/**
 * One query model (DESIGN.md): the same question asked through STAC, CDSE OData and DHuS OpenSearch
 * returns the same products, because all three parse into the one filter tree and run one search.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Product } from '../../src/catalog/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { dhusHub } from '../api/dhus/fixture.ts';
import { withDb } from '../support/with-db.ts';

type Ring = [number, number][];
const wkt = (ring: Ring): string => `POLYGON((${ring.map(([x, y]) => `${x} ${y}`).join(',')}))`;
/** A box as a ring whose edges are all shorter than 180° (edges go the shorter way round the globe). */
function box(minLon: number, minLat: number, maxLon: number, maxLat: number): Ring {
  const midLon = (minLon + maxLon) / 2;
  return [
    [minLon, minLat],
    [midLon, minLat],
    [maxLon, minLat],
    [maxLon, maxLat],
    [midLon, maxLat],
    [minLon, maxLat],
    [minLon, minLat],
  ];
}

withDb('STAC, CDSE OData and DHuS OpenSearch agree', (ctx) => {
  let hub: Hub;
  let products: Product[];

  beforeAll(async () => {
    ({ hub, products } = await dhusHub(ctx.db));
  }, 240_000);
  const nameOf = (id: string): string => products.find((p) => p.id === id)?.name ?? id;
  afterAll(async () => {
    await hub.close();
  });

  async function viaStac(collection: string, ring: Ring, from: string, maxCloud: number | null): Promise<string[]> {
    const filter = maxCloud === null ? {} : { filter: { op: '<=', args: [{ property: 'eo:cloud_cover' }, maxCloud] }, 'filter-lang': 'cql2-json' };
    const r = await hub.app.inject({
      method: 'POST',
      url: '/stac/search',
      payload: { collections: [collection], intersects: { type: 'Polygon', coordinates: [ring] }, datetime: `${from}/..`, limit: 100, ...filter },
    });
    expect(r.statusCode, r.body).toBe(200);
    // STAC item ids are product names.
    return (r.json() as { features: { id: string }[] }).features.map((f) => f.id).sort();
  }

  async function viaOData(collection: string, ring: Ring, from: string, maxCloud: number | null): Promise<string[]> {
    const clauses = [
      `Collection/Name eq '${collection}'`,
      `ContentDate/Start ge ${from}`,
      `OData.CSC.Intersects(area=geography'SRID=4326;${wkt(ring)}')`,
      ...(maxCloud === null ? [] : [`Attributes/OData.CSC.DoubleAttribute/any(att:att/Name eq 'cloudCover' and att/OData.CSC.DoubleAttribute/Value le ${maxCloud})`]),
    ];
    const r = await hub.app.inject({ method: 'GET', url: `/odata/v1/Products?$filter=${encodeURIComponent(clauses.join(' and '))}&$top=100` });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as { value: { Name: string }[] }).value.map((p) => p.Name).sort();
  }

  async function viaDhus(platform: string, ring: Ring, from: string, maxCloud: number | null): Promise<string[]> {
    const q = [
      `beginPosition:["${from}" TO NOW]`,
      ...(maxCloud === null ? [] : [`cloudcoverpercentage:["0" TO "${maxCloud}"]`]),
      `platformname:"${platform}"`,
      `footprint:"Intersects(${wkt(ring)})"`,
    ].join(' ');
    const r = await hub.app.inject({ method: 'GET', url: `/dhus/search?format=json&rows=100&start=0&q=${encodeURIComponent(q)}` });
    const feed = (r.json() as { feed: { entry?: { id: string } | { id: string }[] } }).feed;
    const entries = feed.entry === undefined ? [] : Array.isArray(feed.entry) ? feed.entry : [feed.entry];
    return entries.map((e) => nameOf(e.id)).sort();
  }

  it('Sentinel-2 over most of the globe since 2000 with at most 30 % cloud', async () => {
    const ring = box(-179, -85, 179, 85);
    const expected = products
      .filter((p) => p.collection === 'SENTINEL-2' && Number(p.attributes['cloudCover']?.value) <= 30)
      .map((p) => p.name)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const answers = await Promise.all([viaStac, viaOData, viaDhus].map((f, i) => f(i === 2 ? 'Sentinel-2' : 'SENTINEL-2', ring, '2000-01-01T00:00:00Z', 30)));
    for (const a of answers) expect(a).toEqual(expected);
  });

  it('Sentinel-1 around one product footprint', async () => {
    const s1 = products.find((p) => p.collection === 'SENTINEL-1' && p.footprint !== null) as Product;
    const coords = (s1.footprint?.coordinates.flat(3) ?? []) as number[];
    const lons = coords.filter((_, i) => i % 2 === 0);
    const lats = coords.filter((_, i) => i % 2 === 1);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [lon, lat] = [mean(lons), mean(lats)];
    const ring = box(lon - 0.1, lat - 0.1, lon + 0.1, lat + 0.1);
    const answers = await Promise.all([viaStac, viaOData, viaDhus].map((f, i) => f(i === 2 ? 'Sentinel-1' : 'SENTINEL-1', ring, '2014-01-01T00:00:00Z', null)));
    expect(answers[0]).toContain(s1.name);
    for (const a of answers) expect(a).toEqual(answers[0]);
  });
});
