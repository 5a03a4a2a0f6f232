import { describe, expect, it } from 'vitest';
import { BULK_ERRORS, getProduct, loadProducts, parseBulkRecord, type Collection } from '../../src/catalog/index.ts';
import { HubError } from '../../src/errors/index.ts';
import { TEST_DATABASE_URL, withDb } from '../support/with-db.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';

/** A Product entity as CDSE's OData API returns it with $expand=Attributes (reference/cdse.md §1.2). */
function cdseProduct(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const id = `521bd8f9-48a5-4e1f-9435-${String(n).padStart(12, '0')}`;
  const name = `S1A_IW_GRDH_1SDV_20240604T110100_20240604T110131_054172_069690_${String(n).padStart(4, '0')}.SAFE`;
  return {
    '@odata.mediaContentType': 'application/octet-stream',
    Id: id,
    Name: name,
    ContentType: 'application/octet-stream',
    ContentLength: 2121095339,
    OriginDate: '2024-06-04T12:12:03.404000Z',
    PublicationDate: '2024-06-04T12:18:40.284000Z',
    ModificationDate: '2024-06-04T12:19:02.061000Z',
    Online: true,
    EvictionDate: '9999-12-31T23:59:59.999999Z',
    S3Path: `/eodata/Sentinel-1/SAR/IW_GRDH_1S/2024/06/04/${name}`,
    Checksum: [
      { Value: '4eec48737ecab7aab2bf590a8dec23b1', Algorithm: 'MD5', ChecksumDate: '2024-06-04T12:18:58.614664Z' },
      { Value: 'd4e3b3f4aa', Algorithm: 'BLAKE3', ChecksumDate: '2024-06-04T12:19:01.850023Z' },
    ],
    ContentDate: { Start: '2024-06-04T11:01:00.495000Z', End: '2024-06-04T11:01:31.090000Z' },
    Footprint: `geography'SRID=4326;POLYGON ((113.605408 -29.713636, 116.2 -29.3, 116.6 -27.8, 114.0 -28.2, 113.605408 -29.713636))'`,
    Attributes: [
      { '@odata.type': '#OData.CSC.StringAttribute', Name: 'productType', Value: 'IW_GRDH_1S', ValueType: 'String' },
      { '@odata.type': '#OData.CSC.IntegerAttribute', Name: 'orbitNumber', Value: 54172, ValueType: 'Integer' },
      {
        '@odata.type': '#OData.CSC.DateTimeOffsetAttribute',
        Name: 'processingDate',
        Value: '2024-06-04T12:05:00.000+00:00',
        ValueType: 'DateTimeOffset',
      },
      { '@odata.type': '#OData.CSC.BooleanAttribute', Name: 'sliceProductFlag', Value: false, ValueType: 'Boolean' },
      { '@odata.type': '#OData.CSC.DoubleAttribute', Name: 'startTimeFromAscendingNode', Value: 5041071.5, ValueType: 'Double' },
    ],
    ...overrides,
  };
}

const COLLECTIONS: Collection[] = [
  { name: 'SENTINEL-1', title: '', description: '', storagePrefix: 'Sentinel-1', properties: {} },
  { name: 'SENTINEL-2', title: '', description: '', storagePrefix: 'Sentinel-2', properties: {} },
];
const ctx = { collections: COLLECTIONS, store: 'online', now: '2026-01-01T00:00:00Z' };

describe('bulk record formats', () => {
  it('maps a CDSE Product entity: collection from S3Path, typed attributes, checksums, no eviction for year 9999', async () => {
    const p = await parseBulkRecord('cdse', JSON.stringify(cdseProduct(1)), ctx);
    expect(p).toMatchObject({
      id: '521bd8f9-48a5-4e1f-9435-000000000001',
      collection: 'SENTINEL-1',
      contentLength: 2121095339,
      evictionDate: null,
      online: true,
      storage: { store: 'online', path: expect.stringMatching(/^Sentinel-1\/SAR\/IW_GRDH_1S\/2024\/06\/04\/S1A_/) },
      sensingStart: '2024-06-04T11:01:00.495000Z',
      footprint: {
        type: 'Polygon',
        coordinates: [
          [
            [113.605408, -29.713636],
            [116.2, -29.3],
            [116.6, -27.8],
            [114, -28.2],
            [113.605408, -29.713636],
          ],
        ],
      },
    });
    expect(p.checksums.map((c) => c.algorithm)).toEqual(['MD5', 'BLAKE3']);
    expect(p.attributes).toEqual({
      productType: { type: 'String', value: 'IW_GRDH_1S' },
      orbitNumber: { type: 'Integer', value: 54172 },
      processingDate: { type: 'DateTimeOffset', value: '2024-06-04T12:05:00.000+00:00' },
      sliceProductFlag: { type: 'Boolean', value: false },
      startTimeFromAscendingNode: { type: 'Double', value: 5041071.5 },
    });
  });

  it('reads MULTIPOLYGON EWKT footprints, prefers GeoFootprint, and takes Collection.Name over S3Path', async () => {
    const multi = await parseBulkRecord(
      'cdse',
      JSON.stringify(
        cdseProduct(2, {
          Footprint: `geography'SRID=4326;MULTIPOLYGON (((170 0, 180 0, 180 1, 170 0)), ((-180 0, -170 0, -180 1, -180 0)))'`,
        }),
      ),
      ctx,
    );
    expect(multi.footprint?.type).toBe('MultiPolygon');
    expect(multi.footprint?.coordinates).toHaveLength(2);
    const geo = {
      type: 'Polygon',
      coordinates: [
        [
          [1, 1],
          [2, 1],
          [2, 2],
          [1, 1],
        ],
      ],
    };
    const both = await parseBulkRecord(
      'cdse',
      JSON.stringify(cdseProduct(3, { GeoFootprint: geo, Collection: { Name: 'SENTINEL-2' } })),
      ctx,
    );
    expect(both.footprint).toEqual(geo);
    expect(both.collection).toBe('SENTINEL-2');
  });

  const refusals: Array<[string, Record<string, unknown>]> = [
    ['a missing Id', { Id: undefined }],
    ['an Id that is not a UUID', { Id: 'not-a-uuid' }],
    ['an attribute value of the wrong type', { Attributes: [{ Name: 'orbitNumber', Value: '54172', ValueType: 'Integer' }] }],
    ['an unknown ValueType', { Attributes: [{ Name: 'x', Value: 1, ValueType: 'Float' }] }],
    ['a footprint that is not a polygon', { Footprint: `geography'SRID=4326;POINT (1 2)'` }],
    ['an S3Path under no collection', { S3Path: '/eodata/Landsat-8/x/y' }],
    ['a bad publication date', { PublicationDate: '2024-13-01T00:00:00Z' }],
  ];
  for (const [what, overrides] of refusals) {
    it(`refuses a CDSE record with ${what}`, async () => {
      const error = await parseBulkRecord('cdse', JSON.stringify(cdseProduct(4, overrides)), ctx).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HubError);
      expect((error as HubError).code).toBe(BULK_ERRORS.INVALID_RECORD);
    });
  }
});

withDb('bulk registration of CDSE records', (db) => {
  it('loads CDSE records with their attribute types, and refuses a type that contradicts the collection, on its line', async () => {
    const lines = [1, 2, 3].map((n) => JSON.stringify(cdseProduct(n)));
    const opts = { format: 'cdse' as const, copyUrl: db.backend === 'postgres' ? TEST_DATABASE_URL : undefined };
    const r = await loadProducts(db.db, lines, opts);
    expect(r).toMatchObject({ loaded: 3, failed: 0 });
    const p = await getProduct(db.db, '521bd8f9-48a5-4e1f-9435-000000000002', INTERNAL_SEES_EVERYTHING);
    expect(p.attributes['sliceProductFlag']).toEqual({ type: 'Boolean', value: false });
    expect(p.attributes['orbitNumber']).toEqual({ type: 'Integer', value: 54172 });
    expect(p.originDate).toBe('2024-06-04T12:12:03.404000Z');
    expect(p.modificationDate).toBe('2024-06-04T12:19:02.061000Z');
    const types = await db.db.query<{ name: string; value_type: string }>(
      `SELECT name, value_type FROM attribute_types WHERE collection = 'SENTINEL-1' AND name IN ('sliceProductFlag', 'processingDate') ORDER BY name`,
    );
    expect(types.rows).toEqual([
      { name: 'processingDate', value_type: 'DateTimeOffset' },
      { name: 'sliceProductFlag', value_type: 'Boolean' },
    ]);

    const conflicting = cdseProduct(10, {
      Attributes: [
        { Name: 'orbitNumber', Value: 'one', ValueType: 'String' },
        { Name: 'onlyHere', Value: 1, ValueType: 'Integer' },
      ],
    });
    const bad = await loadProducts(db.db, [JSON.stringify(cdseProduct(11)), JSON.stringify(conflicting)], opts);
    expect(bad).toMatchObject({ loaded: 0, failed: 2 });
    expect(bad.failedBatches[0]?.errors).toEqual([expect.objectContaining({ line: 2, code: 'ATTRIBUTE_TYPE_CONFLICT' })]);
    const onlyHere = await db.db.query(`SELECT 1 FROM attribute_types WHERE name = 'onlyHere'`);
    expect(onlyHere.rows).toEqual([]);
  });
});
