import { describe, expect, it } from 'vitest';
import type { Product } from '../../src/catalog/index.ts';
import { footprintBbox, multihash, productToItem, stacUrls } from '../../src/stac/index.ts';

const product: Product = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'S2B_MSIL1C_X.SAFE',
  collection: 'SENTINEL-2',
  contentType: 'application/zip',
  contentLength: 42,
  originDate: '2021-01-01T00:00:00Z',
  publicationDate: '2021-01-02T00:00:00Z',
  modificationDate: '2021-01-03T00:00:00Z',
  sensingStart: '2021-01-01T10:00:00Z',
  sensingEnd: null,
  footprint: {
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [14, 45],
          [15, 45],
          [15, 46],
          [14, 46],
          [14, 45],
        ],
      ],
    ],
  },
  online: true,
  evictionDate: null,
  storage: { store: 'online', path: 'p' },
  checksums: [{ algorithm: 'MD5', value: 'd41d8cd98f00b204e9800998ecf8427e', date: '2021-01-02T00:00:00Z' }],
  attributes: {
    platformShortName: { type: 'String', value: 'SENTINEL-2' },
    platformSerialIdentifier: { type: 'String', value: 'B' },
    tileId: { type: 'String', value: '33TUM' },
    datatakeType: { type: 'String', value: 'INS-NOBS' },
  },
  warnings: [],
  rasterGrids: [],
};

describe('product → STAC Item', () => {
  const urls = stacUrls('https://hub.example.org/');

  it('names the item by product name, derives platform and grid, and keeps other attributes under their own names', () => {
    const item = productToItem(product, [], urls);
    expect(item.id).toBe('S2B_MSIL1C_X.SAFE');
    expect(item.properties).toMatchObject({
      datetime: '2021-01-01T10:00:00Z',
      platform: 'sentinel-2b',
      'grid:code': 'MGRS-33TUM',
      'proj:epsg': 32633,
      datatakeType: 'INS-NOBS',
    });
    expect(item.properties['start_datetime']).toBeUndefined();
  });

  it('links the package and each file to the OData download endpoints, with multihash checksums', () => {
    const item = productToItem(
      product,
      [
        {
          path: 'GRANULE/IMG_DATA/T33TUM_B04.jp2',
          sizeBytes: 7,
          md5: 'a'.repeat(32),
          blake3: 'b'.repeat(64),
          mediaType: 'image/jp2',
          role: 'data',
        },
      ],
      urls,
    );
    const assets = item['assets'] as Record<string, Record<string, unknown>>;
    expect(assets['product']).toMatchObject({
      href: `https://hub.example.org/odata/v1/Products(${product.id})/$value`,
      'file:size': 42,
      'file:checksum': `d510${'d41d8cd98f00b204e9800998ecf8427e'}`,
    });
    expect(assets['T33TUM_B04.jp2']).toMatchObject({
      href: `https://hub.example.org/odata/v1/Products(${product.id})/Nodes(S2B_MSIL1C_X.SAFE)/Nodes(GRANULE)/Nodes(IMG_DATA)/Nodes(T33TUM_B04.jp2)/$value`,
      roles: ['data'],
      'file:checksum': `1e20${'b'.repeat(64)}`,
      'eo:bands': [expect.objectContaining({ name: 'B04', common_name: 'red' })],
    });
  });

  it('gives a footprint split at the antimeridian a bbox with minLon > maxLon', () => {
    expect(
      footprintBbox({
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [179, -10],
              [180, -10],
              [180, -9],
              [179, -9],
              [179, -10],
            ],
          ],
          [
            [
              [-180, -10],
              [-179, -10],
              [-179, -9],
              [-180, -9],
              [-180, -10],
            ],
          ],
        ],
      }),
    ).toEqual([179, -10, -179, -9]);
    expect(multihash('BLAKE3', 'ab')).toBe('1e01ab');
  });
});
