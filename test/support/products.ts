import { randomUUID } from 'node:crypto';
import type { NewProduct } from '../../src/catalog/index.ts';

/** A valid new product with sensible defaults; override what the test is about. */
export function buildProduct(overrides: Partial<NewProduct> = {}): NewProduct {
  const id = overrides.id ?? randomUUID();
  const name = overrides.name ?? `S2A_MSIL2A_20210403T101021_N0300_R022_T33TUM_${id.slice(0, 8)}.SAFE`;
  return {
    id,
    name,
    collection: 'SENTINEL-2',
    contentType: 'application/zip',
    contentLength: 1234,
    originDate: '2021-04-03T12:00:00.000000Z',
    publicationDate: '2021-04-03T12:00:00.000000Z',
    sensingStart: '2021-04-03T10:10:21.024000Z',
    sensingEnd: '2021-04-03T10:10:21.024000Z',
    footprint: {
      type: 'Polygon',
      coordinates: [
        [
          [14, 45],
          [15, 45],
          [15, 46],
          [14, 46],
          [14, 45],
        ],
      ],
    },
    storage: { store: 'online', path: `Sentinel-2/MSI/L2A/2021/04/03/${name}` },
    checksums: [{ algorithm: 'MD5', value: 'd41d8cd98f00b204e9800998ecf8427e', date: '2021-04-03T12:00:00.000000Z' }],
    attributes: { productType: { type: 'String', value: 'S2MSI2A' }, cloudCover: { type: 'Double', value: 12.5 } },
    files: [],
    warnings: [],
    ...overrides,
  };
}
