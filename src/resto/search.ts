/**
 * resto searches over the catalogue (reference/cdse.md §2): the FeatureCollection for a parsed query,
 * and one product's Feature. The HTTP layer adds the collection's `links` (it alone knows the query
 * string); everything else of the body is built here.
 */
import { randomUUID } from 'node:crypto';
import {
  getProduct,
  joinAntimeridianFootprints,
  listCollections,
  listFootprintCentroids,
  listQuicklooks,
  searchProducts,
  type Product,
} from '../catalog/index.ts';
import type { AccessScope } from '../access/index.ts';
import type { Queryable } from '../db/index.ts';
import { HubError, isHubError } from '../errors/index.ts';
import { parseRestoQuery, type RawRestoQuery, type RestoSearch } from '../query/index.ts';
import { catalogueCollection } from './collections.ts';
import { describeResto } from './describe.ts';
import { RESTO_ERRORS } from './errors.ts';
import { presentFeature, type FeatureExtras } from './present.ts';

export interface RestoResult {
  /** The FeatureCollection without `properties.links`. */
  readonly body: { type: 'FeatureCollection'; properties: Record<string, unknown>; features: Record<string, unknown>[] };
  readonly search: RestoSearch;
  readonly hasMore: boolean;
  readonly totalResults: number | null;
  /** totalResults is a count: asked for (exactCount=1), or cheap enough to count anyway. */
  readonly exact: boolean;
}

/** A stored MultiPolygon touching both +180 and -180 was split there (catalog/footprint.ts): shown joined, as OData does. */
function splitAtAntimeridian(p: Product): boolean {
  if (p.footprint?.type !== 'MultiPolygon' || p.footprint.coordinates.length < 2) return false;
  const lons = p.footprint.coordinates.flat(2).map((x) => x[0]);
  return lons.includes(180) && lons.includes(-180);
}

async function extrasFor(db: Queryable, products: readonly Product[], baseUrl: string): Promise<FeatureExtras> {
  const ids = products.map((p) => p.id);
  const [files, centroids, joined] = await Promise.all([
    listQuicklooks(db, ids),
    listFootprintCentroids(db, ids),
    joinAntimeridianFootprints(
      db,
      products.filter(splitAtAntimeridian).map((p) => p.id),
    ),
  ]);
  const quicklooks = new Map<string, string | undefined>();
  for (const [id, list] of files) quicklooks.set(id, list.find((f) => f.mediaType.startsWith('image/'))?.path);
  return { baseUrl, quicklooks, centroids, joined };
}

/** The catalogue collection for a path segment (`Sentinel2`, `SENTINEL-2`), or RESTO_UNKNOWN_COLLECTION. */
export async function resolveRestoCollection(db: Queryable, scope: AccessScope, pathName: string): Promise<string> {
  const known = (await listCollections(db, scope)).map((c) => c.name);
  return catalogueCollection(pathName, known);
}

/** `GET /resto/api/collections[/{C}]/search.json`. */
export async function searchResto(
  db: Queryable,
  scope: AccessScope,
  raw: RawRestoQuery,
  baseUrl: string,
  collectionPath?: string,
): Promise<RestoResult> {
  const started = performance.now();
  const collection = collectionPath === undefined ? undefined : await resolveRestoCollection(db, scope, collectionPath);
  const search = parseRestoQuery(raw, collection);
  const page = await searchProducts(db, {
    scope,
    filter: search.filter,
    order: search.order,
    limit: search.maxRecords,
    offset: search.offset,
    count: true,
    countMode: search.exactCount ? 'exact' : 'estimate',
  });
  const extras = await extrasFor(db, page.products, baseUrl);
  const totalResults = page.numberMatched ?? null;
  const exact = totalResults !== null && page.numberMatchedEstimated !== true;
  return {
    body: {
      type: 'FeatureCollection',
      properties: {
        id: randomUUID(),
        totalResults,
        exactCount: exact ? 1 : 0,
        startIndex: search.offset + 1,
        itemsPerPage: search.maxRecords,
        query: {
          originalFilters: search.originalFilters,
          appliedFilters: search.originalFilters,
          processingTime: Math.round(performance.now() - started) / 1000,
        },
      },
      features: page.products.map((p) => presentFeature(p, extras)),
    },
    search,
    hasMore: page.hasMore,
    totalResults,
    exact,
  };
}

/** `GET /resto/api/collections/{C}/{id}.json`: one product of that collection. */
export async function getRestoFeature(
  db: Queryable,
  scope: AccessScope,
  collectionPath: string,
  id: string,
  baseUrl: string,
): Promise<Record<string, unknown>> {
  const collection = await resolveRestoCollection(db, scope, collectionPath);
  const missing = new HubError(
    RESTO_ERRORS.RESTO_PRODUCT_NOT_FOUND,
    'not_found',
    `no product ${JSON.stringify(id.slice(0, 100))} in ${collection}`,
  );
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw missing;
  let product: Product;
  try {
    product = await getProduct(db, id.toLowerCase(), scope);
  } catch (error) {
    if (isHubError(error) && error.kind === 'not_found') throw missing;
    throw error;
  }
  if (product.collection !== collection) throw missing;
  return presentFeature(product, await extrasFor(db, [product], baseUrl));
}

/** `GET /resto/api/collections[/{C}]/describe.xml`: the description document, 404 for an unknown collection. */
export async function describeRestoCollection(
  db: Queryable,
  scope: AccessScope,
  baseUrl: string,
  collectionPath: string | undefined,
): Promise<string> {
  if (collectionPath !== undefined) await resolveRestoCollection(db, scope, collectionPath);
  return describeResto(baseUrl, collectionPath);
}
