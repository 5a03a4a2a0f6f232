import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../../src/catalog/index.ts';
import { withDb } from '../../support/with-db.ts';
import { attr, buildRestoFixture, PUBLIC_URL, type RestoFixture } from './fixture.ts';

interface Feature {
  id: string;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown> & { links: { rel: string; href: string }[] };
}
interface Collection {
  type: string;
  properties: {
    totalResults: number | null;
    exactCount: number;
    startIndex: number;
    itemsPerPage: number;
    query: { originalFilters: Record<string, string> };
    links: { rel: string; href: string; type: string }[];
  };
  features: Feature[];
}
interface ErrorBody {
  detail: { ErrorMessage: string; ErrorCode: number; ErrorDetail: { loc: string[]; msg: string }[]; RequestID: string };
}

const SEARCH = '/resto/api/collections';
const time = (s: string | null): number => (s === null ? Number.NaN : new Date(s).getTime());
const sorted = (ids: Iterable<string>): string[] => [...ids].sort();

withDb('resto OpenSearch over HTTP (/resto/api/collections)', (ctx) => {
  let fx: RestoFixture;
  const get = async (url: string) => fx.hub.app.inject({ method: 'GET', url });
  const search = async (url: string): Promise<Collection> => {
    const r = await get(url);
    expect(r.statusCode, r.body).toBe(200);
    return r.json<Collection>();
  };
  /** Every matching id, in one page. */
  const ids = async (query: string, collection?: string): Promise<string[]> => {
    const path = collection === undefined ? SEARCH : `${SEARCH}/${collection}`;
    const body = await search(`${path}/search.json?maxRecords=2000&exactCount=1&${query}`);
    expect(body.properties.totalResults).toBe(body.features.length);
    return sorted(body.features.map((f) => f.id));
  };
  const expected = (keep: (p: Product) => boolean): string[] => {
    const out = sorted(fx.all.filter(keep).map((p) => p.id));
    expect(out.length, 'the example should match something').toBeGreaterThan(0);
    return out;
  };
  const failure = async (url: string, status: number): Promise<ErrorBody> => {
    const r = await get(url);
    expect(r.statusCode, r.body).toBe(status);
    const body = r.json<ErrorBody>();
    expect(body.detail.ErrorCode).toBe(status);
    expect(typeof body.detail.RequestID).toBe('string');
    return body;
  };

  beforeAll(async () => {
    fx = await buildRestoFixture(ctx.db);
  }, 240_000);
  afterAll(async () => fx.close());

  describe('the FeatureCollection', () => {
    it('answers a CDSE example (Sentinel1, productType, dates) with the product as a resto Feature', async () => {
      const body = await search(`${SEARCH}/Sentinel1/search.json?productType=IW_GRDH_1S&startDate=2021-08-09&completionDate=2021-08-10`);
      expect(body.type).toBe('FeatureCollection');
      expect(body.properties).toMatchObject({ totalResults: 1, exactCount: 1, startIndex: 1, itemsPerPage: 20 });
      expect(body.properties.query.originalFilters).toEqual({
        productType: 'IW_GRDH_1S',
        startDate: '2021-08-09',
        completionDate: '2021-08-10',
        collection: 'SENTINEL-1',
      });
      const [f] = body.features;
      const s1 = fx.s1;
      expect(f?.id).toBe(s1.id);
      expect(f?.geometry?.type).toBe('Polygon');
      expect(f?.properties).toMatchObject({
        collection: 'SENTINEL-1',
        status: 'ONLINE',
        parentIdentifier: null,
        title: s1.name,
        startDate: new Date(s1.sensingStart ?? '').toISOString(),
        completionDate: new Date(s1.sensingEnd ?? '').toISOString(),
        productType: 'IW_GRDH_1S',
        processingLevel: 'LEVEL1',
        platform: 'S1A',
        instrument: attr(s1, 'instrumentShortName'),
        sensorMode: 'IW',
        orbitNumber: attr(s1, 'orbitNumber'),
        relativeOrbitNumber: attr(s1, 'relativeOrbitNumber'),
        orbitDirection: attr(s1, 'orbitDirection'),
        polarisation: 'VV&VH',
        published: new Date(s1.publicationDate).toISOString(),
        updated: new Date(s1.modificationDate).toISOString(),
        productIdentifier: `/eodata/${s1.storage.path}`,
        services: {
          download: {
            url: `${PUBLIC_URL}/odata/v1/Products(${s1.id})/$value`,
            mimeType: 'application/octet-stream',
            size: s1.contentLength,
          },
        },
      });
      expect(f?.properties['centroid']).toMatchObject({ type: 'Point' });
      expect(f?.properties.links).toEqual([
        { rel: 'self', type: 'application/json', href: `${PUBLIC_URL}/resto/api/collections/Sentinel1/${s1.id}.json` },
      ]);
      const rels = body.properties.links.map((l) => l.rel);
      expect(rels).toEqual(['self', 'search', 'last']);
      expect(body.properties.links[1]?.href).toBe(`${PUBLIC_URL}/resto/api/collections/Sentinel1/describe.xml`);
    });

    it('accepts the collection as SENTINEL-1 too, and answers 404 for an unknown one', async () => {
      expect(await ids('productType=IW_GRDH_1S', 'SENTINEL-1')).toEqual(await ids('productType=IW_GRDH_1S', 'Sentinel1'));
      const body = await failure(`${SEARCH}/Sentinl2/search.json`, 404);
      expect(body.detail.ErrorMessage).toBe("Collection 'Sentinl2' does not exist.");
    });

    it("serves a feature's self link, and 404 for a product of another collection", async () => {
      const r = await get(`${SEARCH}/Sentinel2/${fx.s2.id}.json`);
      expect(r.statusCode).toBe(200);
      expect(r.json<Feature>().properties['title']).toBe(fx.s2.name);
      await failure(`${SEARCH}/Sentinel1/${fx.s2.id}.json`, 404);
    });

    it('gives a thumbnail that downloads the quicklook image through OData Assets', async () => {
      const demo = fx.demo[0] as Product;
      const body = await search(`${SEARCH}/search.json?identifier=${demo.id}`);
      const thumbnail = String(body.features[0]?.properties['thumbnail']);
      expect(thumbnail).toMatch(new RegExp(`^${PUBLIC_URL}/odata/v1/Assets\\([0-9a-f-]{36}\\)/\\$value$`));
      const image = await get(thumbnail.slice(PUBLIC_URL.length));
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toMatch(/^image\//);
    });

    it('counts exactly with exactCount=1, else estimates, counting exactly when cheap (below 10,000 expected matches)', async () => {
      // The catalogue is small, so the estimate is a count and says so (exactCount 1, with a last link).
      const estimated = await search(`${SEARCH}/search.json?maxRecords=5`);
      expect(estimated.properties).toMatchObject({ exactCount: 1, totalResults: fx.all.length });
      expect(estimated.properties.links.map((l) => l.rel)).toEqual(['self', 'search', 'next', 'last']);
      const exact = await search(`${SEARCH}/search.json?maxRecords=5&exactCount=1`);
      expect(exact.properties).toMatchObject({ exactCount: 1, totalResults: fx.all.length });
    });
  });

  describe('paging', () => {
    it('pages to the end through next links, every product once, in sortParam order', async () => {
      let url: string | undefined = `${SEARCH}/search.json?maxRecords=17&exactCount=1&sortParam=published&sortOrder=ascending`;
      const seen: string[] = [];
      const published: number[] = [];
      let pages = 0;
      while (url !== undefined) {
        const body = await search(url.replace(PUBLIC_URL, ''));
        expect(body.properties.startIndex).toBe(pages * 17 + 1);
        if (pages > 0) expect(body.properties.links.map((l) => l.rel)).toContain('previous');
        seen.push(...body.features.map((f) => f.id));
        published.push(...body.features.map((f) => time(String(f.properties['published']))));
        url = body.properties.links.find((l) => l.rel === 'next')?.href;
        pages++;
      }
      expect(pages).toBe(Math.ceil(fx.all.length / 17));
      expect(sorted(seen)).toEqual(sorted(fx.all.map((p) => p.id)));
      expect(published).toEqual([...published].sort((a, b) => a - b));
    });

    it('starts at index within the page, and the last link names the last page', async () => {
      const body = await search(`${SEARCH}/search.json?maxRecords=10&index=4&exactCount=1&sortParam=startDate&sortOrder=descending`);
      const all = await search(`${SEARCH}/search.json?maxRecords=13&exactCount=1&sortParam=startDate&sortOrder=descending`);
      expect(body.features.map((f) => f.id)).toEqual(all.features.slice(3, 13).map((f) => f.id));
      const last = body.properties.links.find((l) => l.rel === 'last')?.href ?? '';
      expect(new URL(last).searchParams.get('page')).toBe(String(Math.ceil((fx.all.length - 3) / 10)));
    });
  });

  describe('every parameter (CDSE documentation examples, adapted to the data)', () => {
    it('cloudCover=[0,30] within Sentinel2 and its other interval forms', async () => {
      const cloud = (p: Product): number => Number(attr(p, 'cloudCover'));
      const s2 = (p: Product): boolean => p.collection === 'SENTINEL-2' && attr(p, 'cloudCover') !== undefined;
      expect(await ids('cloudCover=[0,30]', 'Sentinel2')).toEqual(expected((p) => s2(p) && cloud(p) >= 0 && cloud(p) <= 30));
      expect(await ids('cloudCover=]10,50[', 'Sentinel2')).toEqual(expected((p) => s2(p) && cloud(p) > 10 && cloud(p) < 50));
      expect(await ids(`cloudCover=${encodeURIComponent('[90')}`, 'Sentinel2')).toEqual(expected((p) => s2(p) && cloud(p) >= 90));
    });

    it('startDate and completionDate bound the acquisition', async () => {
      const from = time('2023-01-01T00:00:00Z');
      const to = time('2023-06-30T23:59:59Z');
      expect(await ids('startDate=2023-01-01&completionDate=2023-06-30T23:59:59Z')).toEqual(
        expected((p) => time(p.sensingStart) >= from && time(p.sensingEnd) <= to),
      );
    });

    it('publishedAfter, publishedBefore and updated bound publication and update', async () => {
      const from = time('2023-01-01T00:00:00Z');
      const to = time('2024-01-01T00:00:00Z');
      expect(await ids('publishedAfter=2023-01-01&publishedBefore=2024-01-01')).toEqual(
        expected((p) => time(p.publicationDate) >= from && time(p.publicationDate) <= to),
      );
      expect(await ids('updated=2000-01-01')).toEqual(expected(() => true));
    });

    it('productType, processingLevel, platform, instrument, sensorMode, polarisation, timeliness, swath, orbitDirection, tileId are equalities', async () => {
      const s1 = fx.s1;
      expect(await ids('productType=IW_GRDH_1S&processingLevel=LEVEL1&platform=S1A&instrument=SAR&sensorMode=IW')).toEqual(
        expected(
          (p) =>
            attr(p, 'productType') === 'IW_GRDH_1S' &&
            attr(p, 'platformShortName') === 'SENTINEL-1' &&
            attr(p, 'platformSerialIdentifier') === 'A' &&
            attr(p, 'instrumentShortName') === 'SAR' &&
            attr(p, 'operationalMode') === 'IW' &&
            attr(p, 'processingLevel') === 'LEVEL1',
        ),
      );
      expect(await ids(`polarisation=${encodeURIComponent('VV&VH')}`, 'Sentinel1')).toContain(s1.id);
      const timeliness = String(attr(s1, 'timeliness'));
      const swath = String(attr(s1, 'swathIdentifier'));
      expect(await ids(`timeliness=${encodeURIComponent(timeliness)}&swath=${encodeURIComponent(swath)}`)).toEqual(
        expected((p) => attr(p, 'timeliness') === timeliness && attr(p, 'swathIdentifier') === swath),
      );
      expect(await ids('orbitDirection=ASCENDING')).toEqual(expected((p) => attr(p, 'orbitDirection') === 'ASCENDING'));
      const tile = String(attr(fx.s2, 'tileId'));
      expect(await ids(`tileId=${tile}`)).toEqual(expected((p) => attr(p, 'tileId') === tile));
    });

    it('orbitNumber and relativeOrbitNumber take numbers and intervals', async () => {
      const orbit = Number(attr(fx.s1, 'orbitNumber'));
      expect(await ids(`orbitNumber=${orbit}`)).toEqual(expected((p) => attr(p, 'orbitNumber') === orbit));
      const rel = (p: Product): number => Number(attr(p, 'relativeOrbitNumber'));
      expect(await ids(`relativeOrbitNumber=${encodeURIComponent('[20,60]')}`)).toEqual(
        expected((p) => attr(p, 'relativeOrbitNumber') !== undefined && rel(p) >= 20 && rel(p) <= 60),
      );
      expect(await ids(`relativeOrbitNumber=${encodeURIComponent('{1,2,3,95}')}`)).toEqual(
        sorted(fx.all.filter((p) => [1, 2, 3, 95].includes(rel(p))).map((p) => p.id)),
      );
    });

    it('productIdentifier with % wildcards as CDSE (%S2A_MSIL1C%), an exact name, and identifier', async () => {
      expect(await ids('productIdentifier=%25S2A_MSIL1C%25')).toEqual(expected((p) => p.name.includes('S2A_MSIL1C')));
      // An S3 path is matched by its last segment, the product name (bulk-registered products are stored under it).
      const named = fx.all.find((p) => p.storage.path.endsWith(`/${p.name}`)) as Product;
      expect(await ids(`productIdentifier=${encodeURIComponent(`/eodata/${named.storage.path}`)}`)).toEqual([named.id]);
      expect(await ids(`identifier=${fx.s1.id}`)).toEqual([fx.s1.id]);
    });

    it('status ONLINE, OFFLINE and ALL', async () => {
      expect(await ids('status=ONLINE')).toEqual(expected((p) => p.online));
      expect((await search(`${SEARCH}/search.json?status=OFFLINE`)).features).toEqual([]);
      expect(await ids('status=ALL')).toEqual(expected(() => true));
    });

    it('box, geometry and lon/lat/radius find a product at its centroid and not 20° away', async () => {
      const body = await search(`${SEARCH}/search.json?identifier=${fx.s2.id}`);
      const [lon, lat] = (body.features[0]?.properties['centroid'] as { coordinates: [number, number] }).coordinates;
      expect(await ids(`box=${lon - 0.01},${lat - 0.01},${lon + 0.01},${lat + 0.01}`, 'Sentinel2')).toContain(fx.s2.id);
      expect(await ids(`geometry=${encodeURIComponent(`POINT(${lon} ${lat})`)}`, 'Sentinel2')).toContain(fx.s2.id);
      expect(await ids(`lon=${lon}&lat=${lat}&radius=1000`, 'Sentinel2')).toContain(fx.s2.id);
      const far = lat > 0 ? lat - 20 : lat + 20;
      expect(await ids(`lon=${lon}&lat=${far}&radius=1000`, 'Sentinel2').catch(() => [])).not.toContain(fx.s2.id);
      expect(await ids(`box=${lon - 0.01},${far - 0.01},${lon + 0.01},${far + 0.01}`, 'Sentinel2').catch(() => [])).not.toContain(fx.s2.id);
    });

    it('box crossing the antimeridian (west > east) finds what lies on either side', async () => {
      const r = await search(`${SEARCH}/search.json?box=170,-80,-170,80&maxRecords=2000&exactCount=1`);
      const east = await search(`${SEARCH}/search.json?box=170,-80,180,80&maxRecords=2000&exactCount=1`);
      const west = await search(`${SEARCH}/search.json?box=-180,-80,-170,80&maxRecords=2000&exactCount=1`);
      const union = new Set([...east.features, ...west.features].map((f) => f.id));
      expect(sorted(r.features.map((f) => f.id))).toEqual(sorted(union));
    });
  });

  describe("errors in resto's format", () => {
    it('answers 400 "Unknown query parameter(s)." listing them (the old dataset too)', async () => {
      const body = await failure(`${SEARCH}/Sentinel2/search.json?dataset=ESA-DATASET&cloudCover=[0,10]`, 400);
      expect(body.detail.ErrorMessage).toBe('Unknown query parameter(s).');
      expect(body.detail.ErrorDetail.map((d) => d.loc)).toEqual([['query', 'dataset']]);
    });

    it('answers 400 "Validation error." for maxRecords=2001, a bad orbitNumber, a bad date, and paging past 10000', async () => {
      for (const [q, param] of [
        ['maxRecords=2001', 'maxRecords'],
        ['orbitNumber=abc', 'orbitNumber'],
        ['startDate=yesterday', 'startDate'],
        ['maxRecords=2000&page=7', 'page'],
        ['sortOrder=up', 'sortOrder'],
      ] as const) {
        const body = await failure(`${SEARCH}/search.json?${q}`, 400);
        expect(body.detail.ErrorMessage).toBe('Validation error.');
        expect(body.detail.ErrorDetail.map((d) => d.loc[1])).toContain(param);
      }
      const body = await failure(`${SEARCH}/search.json?maxRecords=2001`, 400);
      expect(body.detail.ErrorDetail[0]?.msg).toBe('Input should be less than or equal to 2000.');
    });

    it('answers 400 for bad percent-encoding and 404 for unknown paths, both in resto format', async () => {
      await failure(`${SEARCH}/search.json?cloudCover=%E0%A4%A`, 400);
      await failure('/resto/api/nothing', 404);
    });
  });
});
