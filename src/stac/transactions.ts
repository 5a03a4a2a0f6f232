/**
 * STAC transactions (stac-api-extensions transaction v1.0.0-rc.3 for items, collection-transaction for
 * collections): POST an Item or ItemCollection, PUT, PATCH (RFC 7386 JSON merge patch) and DELETE an
 * item; POST, PUT and DELETE a collection. Items become metadata-only products (no files in storage),
 * mapped from STAC by the same code as bulk registration (catalog parseBulkRecord 'stac'), and written
 * with their events in one transaction. A body naming another collection than the URL is 400, an
 * existing id 409, an unknown one 404. Off unless `stac.transactions` (there is no authentication yet).
 */
// Transactions are for admins only (api/stac/transaction-routes.ts), who see every collection.
import { INTERNAL_SEES_EVERYTHING } from '../access/index.ts';
import {
  deleteCollection,
  deleteProduct,
  findProductByName,
  getCollection,
  insertCollection,
  insertProduct,
  listCollections,
  parseBulkRecord,
  replaceProductMetadata,
  updateCollection,
  type BulkProduct,
  type Product,
} from '../catalog/index.ts';
import type { Db, Queryable } from '../db/index.ts';
import { STAC_ERRORS, stacError } from './errors.ts';
import { checkName } from './params.ts';

export interface StacTransactions {
  /** An Item or an ItemCollection into `collection`; returns the new item ids. */
  createItems(collection: string, body: unknown): Promise<string[]>;
  replaceItem(collection: string, id: string, body: unknown): Promise<void>;
  /** Merges `patch` into `current` (the item as the API shows it) and stores the result. */
  patchItem(collection: string, id: string, current: Record<string, unknown>, patch: unknown): Promise<void>;
  deleteItem(collection: string, id: string): Promise<void>;
  createCollection(body: unknown): Promise<string>;
  replaceCollection(id: string, body: unknown): Promise<void>;
  deleteCollection(id: string): Promise<void>;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** RFC 7386 §2: objects merge member by member, null removes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function checkItemBody(body: unknown, collection: string, id?: string): Record<string, unknown> {
  if (!isObject(body) || body['type'] !== 'Feature') throw stacError(STAC_ERRORS.INVALID_BODY, 'the body is not a STAC Item');
  if (body['collection'] !== undefined && String(body['collection']).toUpperCase() !== collection) {
    throw stacError(STAC_ERRORS.BODY_MISMATCH, `the item names collection ${String(body['collection'])}, the URL ${collection}`);
  }
  if (id !== undefined && body['id'] !== id) throw stacError(STAC_ERRORS.BODY_MISMATCH, `the item's id is not ${id}`);
  // The extractor reads stac_version; a client may leave it out.
  return { stac_version: '1.0.0', ...body, collection };
}

async function toProduct(tx: Queryable, body: Record<string, unknown>, collection: string): Promise<BulkProduct> {
  const product = await parseBulkRecord('stac', JSON.stringify(body), {
    collections: await listCollections(tx, INTERNAL_SEES_EVERYTHING),
    store: 'none',
    now: new Date().toISOString(),
  });
  if (product.collection !== collection) {
    throw stacError(STAC_ERRORS.BODY_MISMATCH, `the item belongs to collection ${product.collection}, the URL names ${collection}`);
  }
  return product;
}

async function existing(tx: Queryable, collection: string, id: string): Promise<Product> {
  await getCollection(tx, checkName(collection, 'collection'), INTERNAL_SEES_EVERYTHING);
  const p = await findProductByName(tx, checkName(id, 'item'), INTERNAL_SEES_EVERYTHING);
  if (p === null || p.collection !== collection) throw stacError(STAC_ERRORS.ITEM_NOT_FOUND, `no item ${id} in ${collection}`, 'not_found');
  return p;
}

function collectionInput(
  body: unknown,
  id?: string,
): { name: string; title: string; description: string; properties: Record<string, unknown> } {
  if (!isObject(body) || body['type'] !== 'Collection' || typeof body['id'] !== 'string') {
    throw stacError(STAC_ERRORS.INVALID_BODY, 'the body is not a STAC Collection');
  }
  if (id !== undefined && body['id'] !== id) throw stacError(STAC_ERRORS.BODY_MISMATCH, `the collection's id is not ${id}`);
  const text = (x: unknown, fallback: string): string => (typeof x === 'string' ? x : fallback);
  const properties: Record<string, unknown> = {};
  if (typeof body['license'] === 'string') properties['license'] = body['license'];
  if (Array.isArray(body['keywords'])) properties['keywords'] = body['keywords'].filter((k) => typeof k === 'string');
  const licenseLink = Array.isArray(body['links']) ? body['links'].find((l) => isObject(l) && l['rel'] === 'license') : undefined;
  if (isObject(licenseLink) && typeof licenseLink['href'] === 'string') properties['licenseUrl'] = licenseLink['href'];
  return { name: body['id'], title: text(body['title'], body['id']), description: text(body['description'], ''), properties };
}

/** `written` runs after every committed write (the service drops its cached extents and summaries). */
export function createTransactions(db: Db, written: () => void = () => undefined): StacTransactions {
  const write = async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
    const result = await db.transaction(fn);
    written();
    return result;
  };
  const replace = (collection: string, id: string, body: Record<string, unknown>): Promise<void> =>
    write(async (tx) => {
      const current = await existing(tx, collection, id);
      const product = await toProduct(tx, body, collection);
      // A body without a package asset says nothing about the stored package: its size and checksums stay.
      const hasPackage = product.contentLength > 0 || product.checksums.length > 0;
      const pkg = hasPackage
        ? product
        : { contentType: current.contentType, contentLength: current.contentLength, checksums: current.checksums };
      await replaceProductMetadata(tx, { ...product, ...pkg, id: current.id });
    });

  return {
    async createItems(collection, body) {
      await getCollection(db, checkName(collection, 'collection'), INTERNAL_SEES_EVERYTHING);
      const items =
        isObject(body) && body['type'] === 'FeatureCollection' && Array.isArray(body['features'])
          ? (body['features'] as unknown[])
          : [body];
      if (items.length === 0 || items.length > 1000) throw stacError(STAC_ERRORS.INVALID_BODY, 'an ItemCollection of 1 to 1000 items');
      return write(async (tx) => {
        const ids: string[] = [];
        for (const item of items) {
          const product = await toProduct(tx, checkItemBody(item, collection), collection);
          await insertProduct(tx, { ...product, files: [] });
          ids.push(product.name);
        }
        return ids;
      });
    },
    replaceItem: (collection, id, body) => replace(collection, id, checkItemBody(body, collection, id)),
    async patchItem(collection, id, current, patch) {
      if (!isObject(patch)) throw stacError(STAC_ERRORS.INVALID_BODY, 'a merge patch is a JSON object');
      await replace(collection, id, checkItemBody(mergePatch(current, patch), collection, id));
    },
    deleteItem: (collection, id) =>
      write(async (tx) => {
        await deleteProduct(tx, (await existing(tx, collection, id)).id);
      }),
    createCollection: (body) =>
      write(async (tx) => {
        const input = collectionInput(body);
        return (await insertCollection(tx, input)).name;
      }),
    replaceCollection: (id, body) =>
      write(async (tx) => {
        const { name: _name, ...input } = collectionInput(body, id);
        await updateCollection(tx, checkName(id, 'collection'), input);
      }),
    deleteCollection: (id) => write((tx) => deleteCollection(tx, checkName(id, 'collection'))),
  };
}
