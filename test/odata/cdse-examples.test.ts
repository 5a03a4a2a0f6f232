import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Hub } from '../../src/hub/index.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { buildTestHub } from '../support/hub.ts';
import { sample } from '../support/samples.ts';
import { withDb } from '../support/with-db.ts';
import { CDSE_EXAMPLES, EXAMPLE_SAMPLES, type SampleKey } from './cdse-examples.ts';

interface Entity {
  Id: string;
  Name: string;
  [key: string]: unknown;
}

interface PageBody {
  '@odata.count': number;
  value: Entity[];
  '@odata.nextLink'?: string;
}

/** The sample key of a product name (the folder name plus the product's extension). */
function keyOf(name: string): SampleKey | string {
  const found = (Object.entries(EXAMPLE_SAMPLES) as [SampleKey, string][]).find(([, folder]) => name.startsWith(folder));
  return found ? found[0] : name;
}

withDb("CDSE's documented OData queries on ingested samples", (ctx) => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { publicUrl: 'https://hub.example.org' });
    const result = await ingestPaths(
      hub.deps.ingest,
      Object.values(EXAMPLE_SAMPLES).map((id) => sample(id).productPath),
      { concurrency: 2 },
    );
    expect(result.outcomes.filter((o) => o.status !== 'ingested')).toEqual([]);
  }, 240_000);
  afterAll(async () => {
    await hub.close();
  });

  for (const example of CDSE_EXAMPLES) {
    it(`${example.title}: returns exactly the expected products`, async () => {
      const query = new URLSearchParams({ $top: '100', ...example.options });
      const res = await hub.app.inject({ method: 'GET', url: `/odata/v1/Products?${query.toString()}` });
      expect(res.statusCode, res.body).toBe(200);
      const keys = res.json<{ value: Entity[] }>().value.map((p) => keyOf(p.Name));
      if (example.ordered) expect(keys).toEqual(example.expected);
      else expect([...keys].sort()).toEqual([...example.expected].sort());
    });
  }

  it('counts exactly and pages with nextLink through every product', async () => {
    const names: string[] = [];
    let url: string | undefined = '/odata/v1/Products?$orderby=Name&$top=3&$count=true';
    while (url !== undefined) {
      const res: { statusCode: number; json<T>(): T } = await hub.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const body: PageBody = res.json<PageBody>();
      expect(body['@odata.count']).toBe(Object.keys(EXAMPLE_SAMPLES).length);
      names.push(...body.value.map((p) => p.Name));
      url = body['@odata.nextLink']?.replace('https://hub.example.org', '');
    }
    expect(names).toHaveLength(Object.keys(EXAMPLE_SAMPLES).length);
    expect([...names].sort()).toEqual(names);
  });

  it('shows the orbit file with null footprints and the S5P swath joined across the antimeridian', async () => {
    const orbit = await hub.app.inject({ method: 'GET', url: `/odata/v1/Products?$filter=startswith(Name,'${EXAMPLE_SAMPLES.s1Orbit}')` });
    expect(orbit.json<{ value: Entity[] }>().value[0]).toMatchObject({ Footprint: null, GeoFootprint: null });
    const s5p = await hub.app.inject({ method: 'GET', url: `/odata/v1/Products?$filter=startswith(Name,'S5P_')` });
    const entity = s5p.json<{ value: Entity[] }>().value[0];
    expect(entity?.['Footprint']).toMatch(/^geography'SRID=4326;POLYGON \(\(/);
    expect(entity?.['GeoFootprint']).toMatchObject({ type: 'Polygon' });
  });

  it('gives the EW GRDM product its quick-look image as a QUICKLOOK asset', async () => {
    const res = await hub.app.inject({ method: 'GET', url: `/odata/v1/Products?$filter=startswith(Name,'S1A_EW_GRDM')&$expand=Assets` });
    const assets = res.json<{ value: { Assets: { Type: string; S3Path: string }[] }[] }>().value[0]?.Assets;
    expect(assets).toHaveLength(1);
    expect(assets?.[0]).toMatchObject({ Type: 'QUICKLOOK' });
    expect(assets?.[0]?.S3Path).toMatch(/^\/eodata\/Sentinel-1\/.*\.SAFE\/preview\/quick-look\.png$/);
  });
});
