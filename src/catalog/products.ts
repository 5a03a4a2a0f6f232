import type { AccessScope } from '../access/index.ts';
import { scopeCondition } from '../query/index.ts';
import { HubError } from '../errors/index.ts';
import { sqlState, type Queryable } from '../db/index.ts';
import type { AttributeValue, AttributeValueType } from '../metadata/types.ts';
import { CATALOG_ERRORS } from './errors.ts';
import { writeEvent } from './events.ts';
import { footprintSql, unwrapFootprint } from './footprint.ts';
import { toFile, type FileRow } from './product-files.ts';
import type { Checksum, Footprint, Product, ProductFile, RasterGrid } from './types.ts';

/**
 * A product as registration receives it: the stored fields less those the catalogue sets itself
 * (modification date, online state, eviction), with the footprint as read (not yet split at 180°) and
 * the files inside it.
 */
export type NewProduct = Omit<Product, 'modificationDate' | 'online' | 'evictionDate' | 'footprint' | 'rasterGrids'> & {
  /** Any GeoJSON geometry (a metadata extractor's polygons, a STAC item's point or line). */
  footprint: Footprint | null;
  files: ProductFile[];
  rasterGrids?: RasterGrid[] | undefined;
};

/** A product's columns without its attribute types, for readers that hold them already (rowToProduct's `types`). */
export const PRODUCT_COLUMNS_WITHOUT_TYPES = `p.id, p.name, p.collection, p.content_type, p.content_length, p.origin_date, p.publication_date,
  p.modification_date, p.sensing_start, p.sensing_end, ST_AsGeoJSON(p.footprint, 9) AS footprint, p.online, p.eviction_date,
  p.storage_store, p.storage_path, p.checksums, p.attributes, p.warnings, p.raster_grids`;

/** Columns every product read selects, in the shape rowToProduct expects. */
export const PRODUCT_COLUMNS = `${PRODUCT_COLUMNS_WITHOUT_TYPES},
  (SELECT jsonb_object_agg(t.name, t.value_type) FROM attribute_types t WHERE t.collection = p.collection) AS attribute_types`;

export interface ProductRow {
  id: string;
  name: string;
  collection: string;
  content_type: string;
  content_length: number;
  origin_date: string;
  publication_date: string;
  modification_date: string;
  sensing_start: string | null;
  sensing_end: string | null;
  footprint: string | null;
  online: boolean;
  eviction_date: string | null;
  storage_store: string;
  storage_path: string;
  checksums: Checksum[];
  attributes: Record<string, string | number | boolean>;
  warnings: string[];
  raster_grids: RasterGrid[];
  /** Absent when the row was read with PRODUCT_COLUMNS_WITHOUT_TYPES. */
  attribute_types?: Record<string, AttributeValueType> | null;
}

/**
 * The product of a row. `types` are its collection's attribute types when the reader holds them (then the
 * row need not carry them); a name neither knows is typed from its JSON value, as registration types it.
 */
export function rowToProduct(row: ProductRow, types?: Readonly<Record<string, AttributeValueType>>): Product {
  const known = types ?? row.attribute_types ?? {};
  const attributes: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(row.attributes)) {
    attributes[name] = typedValue(known[name], value);
  }
  return {
    id: row.id,
    name: row.name,
    collection: row.collection,
    contentType: row.content_type,
    contentLength: row.content_length,
    originDate: row.origin_date,
    publicationDate: row.publication_date,
    modificationDate: row.modification_date,
    sensingStart: row.sensing_start,
    sensingEnd: row.sensing_end,
    footprint: row.footprint ? (JSON.parse(row.footprint) as Footprint) : null,
    online: row.online,
    evictionDate: row.eviction_date,
    storage: { store: row.storage_store, path: row.storage_path },
    checksums: row.checksums,
    attributes,
    warnings: row.warnings,
    rasterGrids: row.raster_grids,
  };
}

function typedValue(type: AttributeValueType | undefined, value: string | number | boolean): AttributeValue {
  switch (type) {
    case 'Integer':
    case 'Double':
      return { type, value: Number(value) };
    case 'Boolean':
      return { type, value: value === true || value === 'true' };
    case 'DateTimeOffset':
      return { type, value: String(value) };
    default:
      return typeof value === 'number'
        ? { type: Number.isInteger(value) ? 'Integer' : 'Double', value }
        : typeof value === 'boolean'
          ? { type: 'Boolean', value }
          : { type: 'String', value };
  }
}

/**
 * Registers a product, its files and its attribute types, and writes the `product.created` event, all
 * on the caller's transaction. A second product with the same name is a PRODUCT_EXISTS conflict.
 */
export async function insertProduct(tx: Queryable, p: NewProduct): Promise<void> {
  try {
    await insertRows(tx, p);
  } catch (error) {
    if (sqlState(error) === '23505') {
      throw new HubError(CATALOG_ERRORS.PRODUCT_EXISTS, 'conflict', `product ${p.name} is already in the catalogue`, {
        cause: error,
        details: { name: p.name },
      });
    }
    if (sqlState(error) === '23503') {
      throw new HubError(CATALOG_ERRORS.COLLECTION_NOT_FOUND, 'invalid', `collection ${p.collection} does not exist`, { cause: error });
    }
    throw error;
  }
}

async function insertRows(tx: Queryable, p: NewProduct): Promise<void> {
  await recordAttributeTypes(tx, p.collection, p.attributes);
  await tx.query(
    `INSERT INTO products (id, name, collection, content_type, content_length, origin_date, publication_date,
         modification_date, sensing_start, sensing_end, footprint, online, storage_store, storage_path, checksums,
         attributes, warnings, raster_grids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, ${footprintSql('$10::text')}, true,
         $11, $12, $13::jsonb, $14::jsonb, $15::jsonb, $16::jsonb)`,
    [
      p.id,
      p.name,
      p.collection,
      p.contentType,
      p.contentLength,
      p.originDate,
      p.publicationDate,
      p.sensingStart,
      p.sensingEnd,
      p.footprint ? JSON.stringify(unwrapFootprint(p.footprint)) : null,
      p.storage.store,
      p.storage.path,
      JSON.stringify(p.checksums),
      JSON.stringify(plainAttributes(p.attributes)),
      JSON.stringify(p.warnings),
      JSON.stringify(p.rasterGrids ?? []),
    ],
  );
  if (p.files.length > 0) {
    await tx.query(
      `INSERT INTO product_files (product_id, path, size_bytes, md5, blake3, media_type, role, crc32)
       SELECT $1, f.path, f.size_bytes, f.md5, f.blake3, f.media_type, f.role, f.crc32
       FROM jsonb_to_recordset($2::jsonb) AS f(path text, size_bytes bigint, md5 text, blake3 text, media_type text, role text, crc32 bigint)`,
      [
        p.id,
        JSON.stringify(
          p.files.map((f) => ({
            path: f.path,
            size_bytes: f.sizeBytes,
            md5: f.md5,
            blake3: f.blake3,
            media_type: f.mediaType,
            role: f.role,
            crc32: f.crc32 ?? null,
          })),
        ),
      ],
    );
  }
  await writeEvent(tx, 'product.created', p.id, p.collection, { name: p.name });
}

/** The attributes as stored in `products.attributes`: values only; their types live in attribute_types. */
export function plainAttributes(attributes: Record<string, AttributeValue>): Record<string, string | number | boolean> {
  return Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, v.value]));
}

async function recordAttributeTypes(tx: Queryable, collection: string, attributes: Record<string, AttributeValue>): Promise<void> {
  const entries = Object.entries(attributes).map(([name, v]) => ({ name, value_type: v.type }));
  if (entries.length === 0) return;
  const conflicts = await tx.query<{ name: string; value_type: string; wanted: string }>(
    `WITH wanted AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS w(name text, value_type text)),
     ins AS (INSERT INTO attribute_types (collection, name, value_type) SELECT $1, name, value_type FROM wanted
             ON CONFLICT (collection, name) DO NOTHING)
     SELECT t.name, t.value_type, w.value_type AS wanted FROM attribute_types t JOIN wanted w USING (name)
     WHERE t.collection = $1 AND t.value_type <> w.value_type`,
    [collection, JSON.stringify(entries)],
  );
  const c = conflicts.rows[0];
  if (c) {
    throw new HubError(
      CATALOG_ERRORS.ATTRIBUTE_TYPE_CONFLICT,
      'invalid',
      `attribute ${c.name} of ${collection} is ${c.value_type}, this product gives a ${c.wanted}`,
    );
  }
}

/** The product with this id, if the scope sees it; a hidden one is as absent as an unknown one. */
export async function getProduct(db: Queryable, id: string, scope: AccessScope): Promise<Product> {
  const params: unknown[] = [id];
  const r = await db.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = $1 AND ${scopeCondition(scope, params)}`,
    params,
  );
  const row = r.rows[0];
  if (!row) throw new HubError(CATALOG_ERRORS.PRODUCT_NOT_FOUND, 'not_found', `no product ${id}`);
  return rowToProduct(row);
}

export async function findProductByName(db: Queryable, name: string, scope: AccessScope): Promise<Product | null> {
  const params: unknown[] = [name];
  const r = await db.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.name = $1 AND ${scopeCondition(scope, params)}`,
    params,
  );
  return r.rows[0] ? rowToProduct(r.rows[0]) : null;
}

export async function listProductFiles(db: Queryable, id: string): Promise<ProductFile[]> {
  const r = await db.query<FileRow & { crc32: number | null }>(
    'SELECT path, size_bytes, md5, blake3, media_type, role, crc32 FROM product_files WHERE product_id = $1 ORDER BY path',
    [id],
  );
  return r.rows.map((f) => ({ ...toFile(f), ...(f.crc32 === null ? {} : { crc32: Number(f.crc32) }) }));
}

/** Whether the catalogue holds any product at all: one row read, where a count reads them all. */
export async function hasProducts(db: Queryable): Promise<boolean> {
  const r = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM products) AS any');
  return r.rows[0]?.any === true;
}
