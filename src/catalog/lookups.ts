import type { AccessScope } from '../access/index.ts';
import { scopeCondition } from '../query/index.ts';
import type { Queryable } from '../db/index.ts';
import type { AttributeValueType } from '../metadata/types.ts';
import { PRODUCT_COLUMNS, rowToProduct, type ProductRow } from './products.ts';
import type { Product, ProductFile } from './types.ts';

/** Most names one batch lookup takes (OData.CSC.FilterList). */
export const MAX_NAMES_PER_LOOKUP = 1_000;

export interface AttributeTypeEntry {
  collection: string;
  name: string;
  valueType: AttributeValueType;
}

/** The attribute names and types seen per collection (OData /Attributes, CDSE §1.6), by collection and name. */
export async function listAttributeTypesByCollection(
  db: Queryable,
  scope: AccessScope,
  collection?: string,
): Promise<AttributeTypeEntry[]> {
  const params: unknown[] = [collection ?? null];
  const r = await db.query<{ collection: string; name: string; value_type: AttributeValueType }>(
    `SELECT t.collection, t.name, t.value_type FROM attribute_types t
     WHERE ($1::text IS NULL OR t.collection = $1) AND ${scopeCondition(scope, params, 't.collection')} ORDER BY t.collection, t.name`,
    params,
  );
  return r.rows.map((x) => ({ collection: x.collection, name: x.name, valueType: x.value_type }));
}

/** The products among `names` that exist, in name order (CDSE OData.CSC.FilterList). */
export async function findProductsByNames(db: Queryable, names: readonly string[], scope: AccessScope): Promise<Product[]> {
  if (names.length === 0) return [];
  const params: unknown[] = [[...new Set(names)].slice(0, MAX_NAMES_PER_LOOKUP)];
  const r = await db.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.name = ANY($1::text[]) AND ${scopeCondition(scope, params)} ORDER BY p.name`,
    params,
  );
  return r.rows.map((row) => rowToProduct(row));
}

/** The quicklook files of each product (role `quicklook`), for OData's Assets. */
export async function listQuicklooks(db: Queryable, productIds: readonly string[]): Promise<Map<string, ProductFile[]>> {
  const out = new Map<string, ProductFile[]>();
  if (productIds.length === 0) return out;
  const r = await db.query<{ product_id: string; path: string; size_bytes: number; md5: string; blake3: string; media_type: string }>(
    `SELECT product_id, path, size_bytes, md5, blake3, media_type FROM product_files
     WHERE product_id = ANY($1::uuid[]) AND role = 'quicklook' ORDER BY product_id, path`,
    [productIds],
  );
  for (const f of r.rows) {
    const list = out.get(f.product_id) ?? [];
    list.push({ path: f.path, sizeBytes: f.size_bytes, md5: f.md5, blake3: f.blake3, mediaType: f.media_type, role: 'quicklook' });
    out.set(f.product_id, list);
  }
  return out;
}

/**
 * Footprints joined back across the antimeridian for display (CDSE prints one polygon whose longitudes
 * jump from 179.x to -179.x): the stored parts are shifted to 0..360, unioned, and the caller wraps the
 * longitudes back. Only for products whose stored footprint touches both +180 and -180.
 */
export async function joinAntimeridianFootprints(
  db: Queryable,
  productIds: readonly string[],
): Promise<Map<string, { type: string; coordinates: unknown }>> {
  const out = new Map<string, { type: string; coordinates: unknown }>();
  if (productIds.length === 0) return out;
  const r = await db.query<{ id: string; geojson: string }>(
    `SELECT id, ST_AsGeoJSON(ST_UnaryUnion(ST_ShiftLongitude(footprint)), 9) AS geojson FROM products
     WHERE id = ANY($1::uuid[]) AND footprint IS NOT NULL`,
    [productIds],
  );
  for (const row of r.rows) out.set(row.id, JSON.parse(row.geojson) as { type: string; coordinates: unknown });
  return out;
}
