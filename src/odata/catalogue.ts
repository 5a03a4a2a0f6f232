/**
 * The OData catalogue's operations (CDSE §1.1): search and read Products and DeletedProducts, a
 * product's Attributes, Collections, attribute names per collection, and FilterList. Each returns the
 * response body less `@odata.nextLink`, which the HTTP layer builds from the request (it alone knows the
 * query string); `nextSkip` says where the next page starts, or null when there is none.
 */
import { z } from 'zod';
import { HubError } from '../errors/index.ts';
import type { AccessScope, ScopeResolver } from '../access/index.ts';
import type { Actor } from '../auth/index.ts';
import type { Queryable } from '../db/index.ts';
import {
  findProductsByNames,
  getCollection,
  getDeletedProduct,
  getProduct,
  joinAntimeridianFootprints,
  listAttributeTypesByCollection,
  listCollections,
  listQuicklooks,
  MAX_NAMES_PER_LOOKUP,
  searchDeletedProducts,
  searchProducts,
  type Product,
} from '../catalog/index.ts';
import { contextUrl, presentAttributes, presentProduct, type PresentOptions } from './entity.ts';
import { MAX_SKIP, ODATA_ERRORS } from './errors.ts';
import { crossesAntimeridian } from './format.ts';
import type { EntitySet, ODataQuery } from './options.ts';

export interface ODataList {
  readonly body: Record<string, unknown>;
  readonly nextSkip: number | null;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A key that is not a UUID names no product: 404, as for an unknown UUID. */
function checkKey(id: string): string {
  if (!UUID.test(id)) throw new HubError('PRODUCT_NOT_FOUND', 'not_found', `no product ${JSON.stringify(id.slice(0, 100))}`);
  return id.toLowerCase();
}

async function presentAll(
  db: Queryable,
  products: readonly Product[],
  query: Pick<ODataQuery, 'expand' | 'select'>,
  baseUrl: string,
  set: EntitySet,
): Promise<Record<string, unknown>[]> {
  const crossing = products.filter((p) => crossesAntimeridian(p.footprint)).map((p) => p.id);
  // Tombstones are no longer in `products`: their footprints are shown as stored.
  const joined = set === 'Products' ? await joinAntimeridianFootprints(db, crossing) : new Map();
  const quicklooks = query.expand.includes('Assets')
    ? await listQuicklooks(
        db,
        products.map((p) => p.id),
      )
    : new Map();
  const options: PresentOptions = { baseUrl, expand: query.expand, select: query.select, quicklooks, joined };
  return products.map((p) => presentProduct(p, options));
}

function nextSkip(query: ODataQuery, hasMore: boolean): number | null {
  // CDSE §1.3: no nextLink past the last page, nor when the next $skip would exceed 10000.
  const next = query.skip + query.top;
  return hasMore && query.top > 0 && next <= MAX_SKIP ? next : null;
}

/** GET /Products (or /DeletedProducts) with the parsed options. */
export async function searchODataProducts(
  db: Queryable,
  scope: AccessScope,
  query: ODataQuery,
  baseUrl: string,
  set: EntitySet = 'Products',
): Promise<ODataList> {
  const search = { scope, filter: query.filter, order: query.order, limit: query.top, offset: query.skip, count: query.count };
  const page = set === 'Products' ? await searchProducts(db, { ...search, countMode: 'exact' }) : await searchDeletedProducts(db, search);
  const value = await presentAll(db, page.products, query, baseUrl, set);
  const body: Record<string, unknown> = { '@odata.context': contextUrl(set, query.expand, false) };
  if (query.count) body['@odata.count'] = page.numberMatched ?? 0;
  body['value'] = value;
  return { body, nextSkip: nextSkip(query, page.hasMore) };
}

/** GET /Products(<id>) (or /DeletedProducts(<id>)): the entity itself, not wrapped in `value` (CDSE §1.1, since 2023-10-02). */
export async function getODataProduct(
  db: Queryable,
  scope: AccessScope,
  id: string,
  query: Pick<ODataQuery, 'expand' | 'select'>,
  baseUrl: string,
  set: EntitySet = 'Products',
): Promise<Record<string, unknown>> {
  const key = checkKey(id);
  const product = set === 'Products' ? await getProduct(db, key, scope) : await getDeletedProduct(db, key, scope);
  const [entity] = await presentAll(db, [product], query, baseUrl, set);
  return { '@odata.context': contextUrl(set, query.expand, true), ...entity };
}

/** GET /Products(<id>)/Attributes. */
export async function getODataProductAttributes(db: Queryable, scope: AccessScope, id: string): Promise<Record<string, unknown>> {
  const product = await getProduct(db, checkKey(id), scope);
  return { '@odata.context': `$metadata#Products(${product.id})/Attributes`, value: presentAttributes(product) };
}

/** GET /Collections: the catalogue's collections. */
export async function listODataCollections(db: Queryable, scope: AccessScope): Promise<Record<string, unknown>> {
  const collections = await listCollections(db, scope);
  return {
    '@odata.context': '$metadata#Collections',
    value: collections.map((c) => ({ Name: c.name, Title: c.title, Description: c.description })),
  };
}

/** GET /Attributes(<COLLECTION>): `[{"Name","ValueType"}]` (CDSE §1.6); unknown collection → 404. */
export async function listODataAttributes(
  db: Queryable,
  scope: AccessScope,
  collection: string,
): Promise<{ Name: string; ValueType: string }[]> {
  await getCollection(db, collection, scope);
  return (await listAttributeTypesByCollection(db, scope, collection)).map((a) => ({ Name: a.name, ValueType: a.valueType }));
}

/** GET /Attributes: the same lists keyed by collection. */
export async function listAllODataAttributes(
  db: Queryable,
  scope: AccessScope,
): Promise<Record<string, { Name: string; ValueType: string }[]>> {
  const out: Record<string, { Name: string; ValueType: string }[]> = {};
  for (const c of await listCollections(db, scope)) out[c.name] = [];
  for (const a of await listAttributeTypesByCollection(db, scope))
    (out[a.collection] ??= []).push({ Name: a.name, ValueType: a.valueType });
  return out;
}

const FILTER_LIST_BODY = z.object({
  FilterProducts: z.array(z.object({ Name: z.string().min(1).max(1_000) })).max(MAX_NAMES_PER_LOOKUP),
});

/** POST /Products/OData.CSC.FilterList `{"FilterProducts":[{"Name":…}]}`: the products that exist (CDSE §1.1). */
export async function filterODataProductList(
  db: Queryable,
  scope: AccessScope,
  body: unknown,
  query: Pick<ODataQuery, 'expand' | 'select'>,
  baseUrl: string,
): Promise<Record<string, unknown>> {
  const parsed = FILTER_LIST_BODY.safeParse(body);
  if (!parsed.success) {
    throw new HubError(
      ODATA_ERRORS.ODATA_BAD_REQUEST,
      'invalid',
      `the body is {"FilterProducts":[{"Name":"…"}]} with at most ${MAX_NAMES_PER_LOOKUP} names`,
    );
  }
  const products = await findProductsByNames(
    db,
    parsed.data.FilterProducts.map((f) => f.Name),
    scope,
  );
  return {
    '@odata.context': contextUrl('Products', query.expand, false),
    value: await presentAll(db, products, query, baseUrl, 'Products'),
  };
}

/** The operations bound to one database, as the HTTP layer receives them (api/deps.ts). */
export interface ODataCatalogue {
  search(actor: Actor, query: ODataQuery, baseUrl: string, set: EntitySet): Promise<ODataList>;
  get(
    actor: Actor,
    id: string,
    query: Pick<ODataQuery, 'expand' | 'select'>,
    baseUrl: string,
    set: EntitySet,
  ): Promise<Record<string, unknown>>;
  attributesOf(actor: Actor, id: string): Promise<Record<string, unknown>>;
  collections(actor: Actor): Promise<Record<string, unknown>>;
  attributes(actor: Actor, collection: string | undefined): Promise<unknown>;
  filterList(actor: Actor, body: unknown, query: Pick<ODataQuery, 'expand' | 'select'>, baseUrl: string): Promise<Record<string, unknown>>;
}

/** The operations bound to one database; each call reads within its actor's scope. */
export function bindODataCatalogue(db: Queryable, scopes: ScopeResolver): ODataCatalogue {
  return {
    search: async (actor, query, baseUrl, set) => searchODataProducts(db, await scopes(actor), query, baseUrl, set),
    get: async (actor, id, query, baseUrl, set) => getODataProduct(db, await scopes(actor), id, query, baseUrl, set),
    attributesOf: async (actor, id) => getODataProductAttributes(db, await scopes(actor), id),
    collections: async (actor) => listODataCollections(db, await scopes(actor)),
    attributes: async (actor, collection) => {
      const scope = await scopes(actor);
      return collection === undefined ? listAllODataAttributes(db, scope) : listODataAttributes(db, scope, collection);
    },
    filterList: async (actor, body, query, baseUrl) => filterODataProductList(db, await scopes(actor), body, query, baseUrl),
  };
}
