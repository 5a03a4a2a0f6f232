import { randomUUID } from 'node:crypto';
import type { NewProduct } from '../../src/catalog/index.ts';
import type { Queryable } from '../../src/db/index.ts';

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

/**
 * A product row for query tests, inserted with plain SQL (not through the catalogue), so that a test
 * states exactly what is stored: the footprint is taken as the stored form (a MultiPolygon already split
 * at ±180, as catalog/footprint.ts makes it), attributes as plain JSON values, even mistyped ones.
 */
export interface TestProduct {
  id?: string;
  name: string;
  collection?: string;
  contentType?: string;
  contentLengthBytes?: number;
  originDate?: string;
  publicationDate?: string;
  modificationDate?: string;
  sensingStart?: string | null;
  sensingEnd?: string | null;
  footprint?: { type: 'MultiPolygon' | 'Polygon'; coordinates: unknown } | null;
  online?: boolean;
  evictionDate?: string | null;
  attributes?: Record<string, unknown>;
}

/** A box [minLon, maxLon] × [minLat, maxLat] as one polygon's coordinates. */
export function boxCoordinates(minLon: number, minLat: number, maxLon: number, maxLat: number): number[][][] {
  return [
    [
      [minLon, minLat],
      [maxLon, minLat],
      [maxLon, maxLat],
      [minLon, maxLat],
      [minLon, minLat],
    ],
  ];
}

export function boxFootprint(minLon: number, minLat: number, maxLon: number, maxLat: number): NonNullable<TestProduct['footprint']> {
  return { type: 'MultiPolygon', coordinates: [boxCoordinates(minLon, minLat, maxLon, maxLat)] };
}

/** Inserts the products and returns their ids, in order. */
export async function insertTestProducts(db: Queryable, products: readonly TestProduct[]): Promise<string[]> {
  const ids: string[] = [];
  for (const p of products) {
    const id = p.id ?? randomUUID();
    const published = p.publicationDate ?? '2024-01-01T00:00:00Z';
    await db.query(
      `INSERT INTO products (id, name, collection, content_type, content_length, origin_date, publication_date,
         modification_date, sensing_start, sensing_end, footprint, online, eviction_date, storage_store, storage_path, attributes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
         ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($11::text), 4326)), $12, $13, 'test', $2, $14::jsonb)`,
      [
        id,
        p.name,
        p.collection ?? 'SENTINEL-2',
        p.contentType ?? 'application/octet-stream',
        p.contentLengthBytes ?? 1000,
        p.originDate ?? published,
        published,
        p.modificationDate ?? published,
        p.sensingStart === undefined ? '2021-01-01T00:00:00Z' : p.sensingStart,
        p.sensingEnd === undefined ? (p.sensingStart ?? '2021-01-01T00:00:00Z') : p.sensingEnd,
        p.footprint ? JSON.stringify(p.footprint) : null,
        p.online ?? true,
        p.evictionDate ?? null,
        JSON.stringify(p.attributes ?? {}),
      ],
    );
    ids.push(id);
  }
  return ids;
}
