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
    expect(assets['B04']).toMatchObject({
      href: `https://hub.example.org/odata/v1/Products(${product.id})/Nodes(S2B_MSIL1C_X.SAFE)/Nodes(GRANULE)/Nodes(IMG_DATA)/Nodes(T33TUM_B04.jp2)/$value`,
      roles: ['data'],
      'file:checksum': `1e20${'b'.repeat(64)}`,
      'eo:bands': [expect.objectContaining({ name: 'B04', common_name: 'red' })],
    });
  });

  it('keys Sentinel-2 images by band (and resolution where the product has several) and gives them proj fields', () => {
    const file = (path: string, role: 'data' | 'quicklook' = 'data') => ({
      path,
      sizeBytes: 1,
      md5: 'a'.repeat(32),
      blake3: 'b'.repeat(64),
      mediaType: 'image/tiff; application=geotiff; profile=cloud-optimized',
      role,
    });
    const grids = [
      { epsg: 32633, resolutionM: 10, ulx: 300000, uly: 5100000, rows: 10980, cols: 10980 },
      { epsg: 32633, resolutionM: 20, ulx: 300000, uly: 5100000, rows: 5490, cols: 5490 },
      // The file's own header wins over the tile's grid: a demo band stored coarser.
      {
        epsg: 32633,
        resolutionM: 1800,
        ulx: 300000,
        uly: 5100000,
        rows: 61,
        cols: 61,
        path: 'GRANULE/G/IMG_DATA/R20m/T33TUM_X_B05_20m.tif',
      },
    ];
    const item = productToItem(
      { ...product, rasterGrids: grids },
      [
        file('GRANULE/G/IMG_DATA/R10m/T33TUM_X_B04_10m.tif'),
        file('GRANULE/G/IMG_DATA/R20m/T33TUM_X_B05_20m.tif'),
        file('GRANULE/G/IMG_DATA/R20m/T33TUM_X_SCL_20m.tif'),
        file('GRANULE/G/QI_DATA/T33TUM_X_PVI.jpg', 'quicklook'),
      ],
      urls,
    );
    const assets = item['assets'] as Record<string, Record<string, unknown>>;
    expect(Object.keys(assets).sort()).toEqual(['B04_10m', 'B05_20m', 'SCL_20m', 'product', 'thumbnail']);
    expect(assets['B04_10m']).toMatchObject({
      'proj:epsg': 32633,
      'proj:shape': [10980, 10980],
      'proj:transform': [10, 0, 300000, 0, -10, 5100000],
    });
    expect(assets['B05_20m']).toMatchObject({ 'proj:shape': [61, 61], 'proj:transform': [1800, 0, 300000, 0, -1800, 5100000] });
    expect(assets['SCL_20m']).toMatchObject({ 'proj:shape': [5490, 5490] });
    expect(assets['thumbnail']?.['proj:epsg']).toBeUndefined();
    expect(item['stac_extensions']).toContain('https://stac-extensions.github.io/projection/v1.1.0/schema.json');
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
