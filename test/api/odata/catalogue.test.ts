import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deleteProduct, insertProduct } from '../../../src/catalog/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { buildProduct } from '../../support/products.ts';
import { withDb } from '../../support/with-db.ts';

interface ListBody {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: Record<string, unknown>[];
}

const ID_A = '0a000000-0000-4000-8000-000000000001';
const ID_B = '0a000000-0000-4000-8000-000000000002';
const ID_C = '0a000000-0000-4000-8000-000000000003';
const ID_DELETED = '0a000000-0000-4000-8000-0000000000dd';

withDb('OData catalogue over HTTP (/odata/v1)', (ctx) => {
  let hub: Hub;
  const get = async (url: string, headers: Record<string, string> = {}) => hub.app.inject({ method: 'GET', url, headers });
  const list = async (url: string): Promise<ListBody> => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ListBody>();
  };

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { publicUrl: 'https://hub.example.org/' });
    await ctx.db.transaction(async (tx) => {
      await insertProduct(
        tx,
        buildProduct({
          id: ID_A,
          name: 'S2A_MSIL2A_20210403T101021_N0300_R022_T33TUM_20210403T110551.SAFE',
          sensingStart: '2021-04-03T10:10:21.024Z',
          sensingEnd: '2021-04-03T10:10:21.024Z',
          attributes: {
            productType: { type: 'String', value: 'S2MSI2A' },
            cloudCover: { type: 'Double', value: 12.5 },
            orbitNumber: { type: 'Integer', value: 30395 },
          },
          files: [
            {
              path: 'MTD_MSIL2A.xml',
              sizeBytes: 10,
              md5: 'a'.repeat(32),
              blake3: 'b'.repeat(64),
              mediaType: 'application/xml',
              role: 'metadata',
            },
            {
              path: 'preview/quick-look.png',
              sizeBytes: 10,
              md5: 'c'.repeat(32),
              blake3: 'd'.repeat(64),
              mediaType: 'image/png',
              role: 'quicklook',
            },
          ],
        }),
      );
      await insertProduct(
        tx,
        buildProduct({
          id: ID_B,
          name: 'S2B_MSIL1C_20210405T101021_N0300_R022_T33TUM_20210405T110551.SAFE',
          sensingStart: '2021-04-05T10:10:21Z',
          sensingEnd: '2021-04-05T10:10:21Z',
          attributes: { productType: { type: 'String', value: 'S2MSI1C' }, cloudCover: { type: 'Double', value: 80 } },
        }),
      );
      await insertProduct(
        tx,
        buildProduct({
          id: ID_C,
          collection: 'SENTINEL-1',
          name: 'S1A_IW_GRDH_1SDV_20210407T173953_20210407T174018_039156_049F13_6FF8.SAFE',
          sensingStart: '2021-04-07T17:39:53Z',
          sensingEnd: '2021-04-07T17:40:18Z',
          // Across the antimeridian: stored split in two parts, shown as one polygon.
          footprint: {
            type: 'Polygon',
            coordinates: [
              [
                [179, -17],
                [-179, -17],
                [-179, -16],
                [179, -16],
                [179, -17],
              ],
            ],
          },
          storage: {
            store: 'online',
            path: 'Sentinel-1/SAR/IW_GRDH_1S/2021/04/07/S1A_IW_GRDH_1SDV_20210407T173953_20210407T174018_039156_049F13_6FF8.SAFE',
          },
          attributes: { productType: { type: 'String', value: 'IW_GRDH_1S' }, sliceProductFlag: { type: 'Boolean', value: false } },
        }),
      );
      await insertProduct(tx, buildProduct({ id: ID_DELETED, name: 'S2A_MSIL1C_20200101T000000_N0300_R001_T01AAA_20200101T000001.SAFE' }));
    });
    await ctx.db.transaction((tx) => deleteProduct(tx, ID_DELETED, 'Corrupted product'));
  });
  afterAll(async () => {
    await hub.close();
  });

  it('answers a product by key with the exact CDSE entity shape, not wrapped in value (§1.2)', async () => {
    const res = await get(`/odata/v1/Products(${ID_A})`);
    expect(res.statusCode).toBe(200);
    const body = res.json<Record<string, unknown>>();
    expect(Object.keys(body)).toEqual([
      '@odata.context',
      '@odata.mediaContentType',
      'Id',
      'Name',
      'ContentType',
      'ContentLength',
      'OriginDate',
      'PublicationDate',
      'ModificationDate',
      'Online',
      'EvictionDate',
      'S3Path',
      'Checksum',
      'ContentDate',
      'Footprint',
      'GeoFootprint',
    ]);
    expect(body).toMatchObject({
      '@odata.context': '$metadata#Products/$entity',
      '@odata.mediaContentType': 'application/octet-stream',
      Id: ID_A,
      Name: 'S2A_MSIL2A_20210403T101021_N0300_R022_T33TUM_20210403T110551.SAFE',
      ContentLength: 1234,
      OriginDate: '2021-04-03T12:00:00.000000Z',
      Online: true,
      EvictionDate: '9999-12-31T23:59:59.999999Z',
      S3Path: '/eodata/Sentinel-2/MSI/L2A/2021/04/03/S2A_MSIL2A_20210403T101021_N0300_R022_T33TUM_20210403T110551.SAFE',
      Checksum: [{ Value: 'd41d8cd98f00b204e9800998ecf8427e', Algorithm: 'MD5', ChecksumDate: '2021-04-03T12:00:00.000000Z' }],
      ContentDate: { Start: '2021-04-03T10:10:21.024000Z', End: '2021-04-03T10:10:21.024000Z' },
      Footprint: "geography'SRID=4326;POLYGON ((14 45, 15 45, 15 46, 14 46, 14 45))'",
    });
    expect(body['GeoFootprint']).toMatchObject({ type: 'Polygon' });
    expect(JSON.stringify(body['GeoFootprint'])).toContain('[14,45]');
  });

  it('shows a footprint split at the antimeridian as one polygon, as CDSE does', async () => {
    const body = (await get(`/odata/v1/Products(${ID_C})`)).json<Record<string, unknown>>();
    expect(body['Footprint']).toMatch(/^geography'SRID=4326;POLYGON \(\(/);
    expect(body['GeoFootprint']).toMatchObject({ type: 'Polygon' });
    const lons = (body['GeoFootprint'] as { coordinates: number[][][] }).coordinates.flat().map((p) => p[0]);
    expect(lons).toContain(179);
    expect(lons).toContain(-179);
  });

  it('expands Attributes, Assets and Locations with the comma context form', async () => {
    const body = (await get(`/odata/v1/Products(${ID_A})?$expand=Attributes,Assets&$expand=Locations`)).json<Record<string, unknown>>();
    expect(body['@odata.context']).toBe('$metadata#Products(Attributes(),Assets(),Locations())/$entity');
    expect(body['Attributes']).toEqual([
      { '@odata.type': '#OData.CSC.DoubleAttribute', Name: 'cloudCover', Value: 12.5, ValueType: 'Double' },
      { '@odata.type': '#OData.CSC.IntegerAttribute', Name: 'orbitNumber', Value: 30395, ValueType: 'Integer' },
      { '@odata.type': '#OData.CSC.StringAttribute', Name: 'productType', Value: 'S2MSI2A', ValueType: 'String' },
    ]);
    const assets = body['Assets'] as Record<string, string>[];
    expect(assets).toHaveLength(1);
    expect(assets[0]?.['Type']).toBe('QUICKLOOK');
    expect(assets[0]?.['Id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(assets[0]?.['DownloadLink']).toBe(`https://hub.example.org/odata/v1/Assets(${assets[0]?.['Id']})/$value`);
    expect(assets[0]?.['S3Path']).toMatch(/T33TUM_20210403T110551\.SAFE\/preview\/quick-look\.png$/);
    // Deterministic: the same id on every request.
    const again = (await get(`/odata/v1/Products(${ID_A})?$expand=Assets`)).json<{ Assets: { Id: string }[] }>();
    expect(again.Assets[0]?.Id).toBe(assets[0]?.['Id']);
    expect(body['Locations']).toEqual([
      {
        FormatType: 'Extracted',
        DownloadLink: `https://hub.example.org/odata/v1/Products(${ID_A})/$value`,
        ContentLength: 1234,
        Checksum: [{ Value: 'd41d8cd98f00b204e9800998ecf8427e', Algorithm: 'MD5', ChecksumDate: '2021-04-03T12:00:00.000000Z' }],
        S3Path: '/eodata/Sentinel-2/MSI/L2A/2021/04/03/S2A_MSIL2A_20210403T101021_N0300_R022_T33TUM_20210403T110551.SAFE',
      },
    ]);
  });

  it('selects properties in the fixed order, Id always (§1.3)', async () => {
    const body = (await get(`/odata/v1/Products(${ID_A})?$select=Geofootprint, Name`)).json<Record<string, unknown>>();
    expect(Object.keys(body)).toEqual(['@odata.context', '@odata.mediaContentType', 'Id', 'Name', 'GeoFootprint']);
    const all = (await get(`/odata/v1/Products(${ID_A})?$select=*`)).json<Record<string, unknown>>();
    expect(Object.keys(all)).toHaveLength(16);
  });

  it('searches with $filter, orders with $orderby and counts with $count', async () => {
    const body = await list(
      "/odata/v1/Products?$filter=Collection/Name eq 'SENTINEL-2' and Attributes/OData.CSC.DoubleAttribute/any(att:att/Name eq 'cloudCover' and att/OData.CSC.DoubleAttribute/Value le 40)&$count=true",
    );
    expect(body['@odata.context']).toBe('$metadata#Products');
    expect(body['@odata.count']).toBe(1);
    expect(body.value.map((p) => p['Id'])).toEqual([ID_A]);
    const ordered = await list('/odata/v1/Products?$orderby=ContentDate/Start desc');
    expect(ordered.value.map((p) => p['Id'])).toEqual([ID_C, ID_B, ID_A]);
    expect(ordered['@odata.count']).toBeUndefined();
    const byName = await list("/odata/v1/Products?$filter=startswith(Name,'S2B_')");
    expect(byName.value.map((p) => p['Id'])).toEqual([ID_B]);
  });

  it('pages with $top/$skip and @odata.nextLink to the end, re-encoding the query as CDSE does', async () => {
    const seen: unknown[] = [];
    let url: string | undefined = '/odata/v1/Products?$orderby=ContentDate/Start asc&$top=1&$count=True';
    let pages = 0;
    while (url !== undefined) {
      const body = await list(url);
      expect(body['@odata.count']).toBe(3);
      seen.push(...body.value.map((p) => p['Id']));
      url = body['@odata.nextLink']?.replace('https://hub.example.org', '');
      if (url !== undefined) expect(url).toContain('%24skip=');
      pages++;
      expect(pages).toBeLessThan(10);
    }
    expect(seen).toEqual([ID_A, ID_B, ID_C]);
  });

  it('builds links from X-Forwarded-* when no publicUrl is configured', async () => {
    const plain = await buildTestHub(ctx.db);
    try {
      const res = await plain.app.inject({
        method: 'GET',
        url: `/odata/v1/Products(${ID_A})?$expand=Locations`,
        headers: { host: 'internal:8080', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'data.example.eu' },
      });
      expect(res.json<{ Locations: { DownloadLink: string }[] }>().Locations[0]?.DownloadLink).toBe(
        `https://data.example.eu/odata/v1/Products(${ID_A})/$value`,
      );
    } finally {
      await plain.close();
    }
  });

  it('answers errors in OData format: 400 syntax and unknown property, 404 unknown key, 422 for $skip > 10000', async () => {
    const syntax = await get("/odata/v1/Products?$filter=Name eq 'x");
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json()).toMatchObject({ error: { code: 'ODATA_INVALID_LITERAL' } });
    const unknown = await get("/odata/v1/Products?$filter=Nope eq 'x'");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: { code: 'ODATA_UNKNOWN_PROPERTY' } });
    const mismatch = await get('/odata/v1/Products?$filter=Name eq 5');
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json()).toMatchObject({ error: { code: 'FILTER_TYPE_MISMATCH' } });
    for (const option of [
      '$top=1001',
      '$top=abc',
      '$skip=-1',
      '$count=maybe',
      '$expand=Nodes',
      '$select=Foo',
      '$format=xml',
      '$search=x',
    ]) {
      const res = await get(`/odata/v1/Products?${option}`);
      expect(res.statusCode, option).toBe(400);
      expect(res.json(), option).toMatchObject({ error: { code: 'ODATA_BAD_OPTION' } });
    }
    const missing = await get('/odata/v1/Products(0a000000-0000-4000-8000-0000000000ff)');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'PRODUCT_NOT_FOUND' } });
    expect((await get('/odata/v1/Products(not-a-uuid)')).statusCode).toBe(404);
    expect((await get('/odata/v1/Nothing')).json()).toMatchObject({ error: { code: 'ODATA_NOT_FOUND' } });
    const skip = await get('/odata/v1/Products?$skip=10001');
    expect(skip.statusCode).toBe(422);
    expect(skip.json()).toEqual({
      detail: [
        {
          type: 'less_than_equal',
          loc: ['query', '$skip'],
          msg: 'Input should be less than or equal to 10000',
          input: '10001',
          ctx: { le: 10000 },
        },
      ],
    });
  });

  it("lists a product's Attributes, the Collections and the attribute names per collection (§1.6)", async () => {
    const attrs = (await get(`/odata/v1/Products(${ID_C})/Attributes`)).json<{ value: { Name: string }[] }>();
    expect(attrs.value.map((a) => a.Name)).toEqual(['productType', 'sliceProductFlag']);
    const collections = (await get('/odata/v1/Collections')).json<{ value: { Name: string }[] }>();
    expect(collections.value.map((c) => c.Name)).toEqual(expect.arrayContaining(['SENTINEL-1', 'SENTINEL-2']));
    const s1 = await get('/odata/v1/Attributes(SENTINEL-1)');
    expect(s1.json()).toEqual([
      { Name: 'productType', ValueType: 'String' },
      { Name: 'sliceProductFlag', ValueType: 'Boolean' },
    ]);
    const all = (await get('/odata/v1/Attributes')).json<Record<string, unknown[]>>();
    expect(all['SENTINEL-2']).toEqual(expect.arrayContaining([{ Name: 'cloudCover', ValueType: 'Double' }]));
    expect((await get('/odata/v1/Attributes(NOPE)')).statusCode).toBe(404);
  });

  it('answers OData.CSC.FilterList with the products that exist', async () => {
    const res = await hub.app.inject({
      method: 'POST',
      url: '/odata/v1/Products/OData.CSC.FilterList',
      payload: {
        FilterProducts: [{ Name: 'S2B_MSIL1C_20210405T101021_N0300_R022_T33TUM_20210405T110551.SAFE' }, { Name: 'NOT_THERE.SAFE' }],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<ListBody>().value.map((p) => p['Id'])).toEqual([ID_B]);
    const bad = await hub.app.inject({ method: 'POST', url: '/odata/v1/Products/OData.CSC.FilterList', payload: { Names: [] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'ODATA_BAD_REQUEST' } });
    const notJson = await hub.app.inject({
      method: 'POST',
      url: '/odata/v1/Products/OData.CSC.FilterList',
      payload: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toHaveProperty('error.code');
  });

  it('lists DeletedProducts with DeletionDate and DeletionCause, by key and by filter (§1.9)', async () => {
    const body = await list("/odata/v1/DeletedProducts?$filter=DeletionDate gt 2000-01-01 and Collection/Name eq 'SENTINEL-2'&$count=true");
    expect(body['@odata.context']).toBe('$metadata#DeletedProducts');
    expect(body['@odata.count']).toBe(1);
    expect(body.value[0]).toMatchObject({ Id: ID_DELETED, DeletionCause: 'Corrupted product' });
    expect(body.value[0]?.['DeletionDate']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    const one = await get(`/odata/v1/DeletedProducts(${ID_DELETED})?$expand=Attributes`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ '@odata.context': '$metadata#DeletedProducts(Attributes())/$entity', Id: ID_DELETED });
    expect((await get(`/odata/v1/Products(${ID_DELETED})`)).statusCode).toBe(404);
    expect((await get('/odata/v1/DeletedProducts?$expand=Assets')).statusCode).toBe(400);
    expect((await get('/odata/v1/DeletedProducts?$orderby=DeletionDate desc')).statusCode).toBe(200);
    const byCause = await list("/odata/v1/DeletedProducts?$filter=DeletionCause eq 'Corrupted product'");
    expect(byCause.value.map((p) => p['Id'])).toEqual([ID_DELETED]);
    expect(byCause.value[0]?.['ContentType']).toBe('application/zip');
    expect((await list("/odata/v1/DeletedProducts?$filter=DeletionCause eq 'Duplicated product'")).value).toEqual([]);
  });

  it('serves $metadata as CSDL XML and a service document', async () => {
    const meta = await get('/odata/v1/$metadata');
    expect(meta.statusCode).toBe(200);
    expect(meta.headers['content-type']).toMatch(/application\/xml/);
    expect(meta.body).toContain('<EntitySet Name="Products"');
    expect(XMLValidator.validate(meta.body)).toBe(true);
    expect((await get('/odata/v1/')).json()).toMatchObject({
      value: expect.arrayContaining([expect.objectContaining({ name: 'Products' })]),
    });
  });
});
