/**
 * Changes to existing catalogue entries (the STAC transaction extensions use them): replacing a product's
 * metadata, deleting a product, adding, updating and deleting a collection. Each writes its event
 * (`product.updated`, `product.deleted`, `collection.created`, `collection.updated`, `collection.deleted`)
 * on the caller's transaction, as insertProduct writes `product.created`.
 */
import { HubError } from '../errors/index.ts';
import type { Queryable } from '../db/index.ts';
import { createCollection } from './collections.ts';
import { CATALOG_ERRORS } from './errors.ts';
import { footprintSql, unwrapFootprint } from './footprint.ts';
import { writeEvent } from './events.ts';
import { plainAttributes, type NewProduct } from './products.ts';
import type { Collection } from './types.ts';

/**
 * Replaces the metadata of the product with `p.id` (name, collection and storage stay): times, footprint,
 * attributes, checksums, size, content type; the modification date becomes now. PRODUCT_NOT_FOUND if absent.
 * Attribute types are not re-recorded here: a changed type is checked by the caller's insert path only.
 */
export async function replaceProductMetadata(tx: Queryable, p: Omit<NewProduct, 'files' | 'storage'>): Promise<void> {
  const r = await tx.query(
    `UPDATE products SET content_type = $2, content_length = $3, origin_date = $4, publication_date = $5,
       modification_date = now(), sensing_start = $6, sensing_end = $7, footprint = ${footprintSql('$8::text')},
       checksums = $9::jsonb, attributes = $10::jsonb, warnings = $11::jsonb
     WHERE id = $1 AND name = $12`,
    [
      p.id,
      p.contentType,
      p.contentLength,
      p.originDate,
      p.publicationDate,
      p.sensingStart,
      p.sensingEnd,
      p.footprint ? JSON.stringify(unwrapFootprint(p.footprint)) : null,
      JSON.stringify(p.checksums),
      JSON.stringify(plainAttributes(p.attributes)),
      JSON.stringify(p.warnings),
      p.name,
    ],
  );
  if (r.rowCount === 0) throw new HubError(CATALOG_ERRORS.PRODUCT_NOT_FOUND, 'not_found', `no product ${p.name}`);
  await writeEvent(tx, 'product.updated', p.id, p.collection, { name: p.name });
}

export async function insertCollection(
  tx: Queryable,
  input: { name: string; title?: string; description?: string; properties?: Record<string, unknown> },
): Promise<Collection> {
  const c = await createCollection(tx, input);
  await writeEvent(tx, 'collection.created', null, c.name, {});
  return c;
}

/** Sets a collection's title, description and properties; COLLECTION_NOT_FOUND if absent. */
export async function updateCollection(
  tx: Queryable,
  name: string,
  input: { title: string; description: string; properties: Record<string, unknown> },
): Promise<void> {
  const r = await tx.query('UPDATE collections SET title = $2, description = $3, properties = $4::jsonb WHERE name = $1', [
    name,
    input.title,
    input.description,
    JSON.stringify(input.properties),
  ]);
  if (r.rowCount === 0) throw new HubError(CATALOG_ERRORS.COLLECTION_NOT_FOUND, 'not_found', `no collection ${name}`);
  await writeEvent(tx, 'collection.updated', null, name, {});
}

/** Deletes an empty collection (and its attribute types); COLLECTION_NOT_EMPTY while it holds products. */
export async function deleteCollection(tx: Queryable, name: string): Promise<void> {
  const used = await tx.query('SELECT 1 FROM products WHERE collection = $1 LIMIT 1', [name]);
  if (used.rows.length > 0) throw new HubError(CATALOG_ERRORS.COLLECTION_NOT_EMPTY, 'conflict', `collection ${name} still holds products`);
  await tx.query('DELETE FROM attribute_types WHERE collection = $1', [name]);
  const r = await tx.query('DELETE FROM collections WHERE name = $1', [name]);
  if (r.rowCount === 0) throw new HubError(CATALOG_ERRORS.COLLECTION_NOT_FOUND, 'not_found', `no collection ${name}`);
  await writeEvent(tx, 'collection.deleted', null, name, {});
}
